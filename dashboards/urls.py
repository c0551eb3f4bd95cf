from django.urls import path

from dashboards import views

app_name = "dashboards"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("national/", views.national, name="national"),
    path("heatmap/", views.heatmap, name="heatmap"),
    path("programs/<int:pk>/", views.program_detail, name="program"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency"),
    path("export/province-status.pdf", views.dashboard_pdf, name="pdf"),
    path("export/<slug:table>.<str:fmt>", views.dashboard_export, name="export"),
    path("programs/<int:pk>/export/<slug:table>.<str:fmt>", views.program_export, name="program_export"),
    path("agencies/<int:pk>/export/<slug:table>.<str:fmt>", views.agency_export, name="agency_export"),
]
