from django.urls import path

from programs import views

app_name = "programs"
urlpatterns = [
    path("agencies/<int:pk>/", views.agency_page, name="agency"),
    path("review/", views.review_queue_view, name="review_queue"),
    path("sign-off/", views.sign_off_queue_view, name="sign_off_queue"),
    path(
        "assignments/<int:assignment_pk>/periods/<int:period_pk>/report/",
        views.report_start,
        name="report_start",
    ),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("reports/<int:pk>/verify-indicator/", views.indicator_verify, name="indicator_verify"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/remove/", views.evidence_remove, name="evidence_remove"),
]
