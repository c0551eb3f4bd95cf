from django.urls import path

from evaluations import views

app_name = "evaluations"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/settings/", views.cycle_edit, name="cycle_edit"),
    path("<int:pk>/decide/", views.cycle_decide, name="cycle_decide"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/workbook.xlsx", views.workbook, name="workbook"),
    path("<int:pk>/agencies/<int:agency_pk>/", views.scorecard, name="scorecard"),
    path("<int:pk>/agencies/<int:agency_pk>/dossier.pdf", views.dossier_pdf, name="dossier_pdf"),
    path("<int:pk>/agencies/<int:agency_pk>/dossier.xlsx", views.dossier_xlsx, name="dossier_xlsx"),
    path("<int:pk>/agencies/<int:agency_pk>/evidence.zip", views.evidence_zip, name="evidence_zip"),
    path("scores/<int:score_pk>/object/", views.objection_new, name="objection_new"),
    path("objections/<int:pk>/", views.objection_detail, name="objection"),
    path("objections/<int:pk>/decide/", views.objection_decide, name="objection_decide"),
    path("objection-attachments/<int:pk>/", views.objection_attachment, name="objection_attachment"),
]
