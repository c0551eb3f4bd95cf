from django.urls import path

from service_channels import views

app_name = "channels"
urlpatterns = [
    path("", views.index, name="index"),
    path("agencies/<int:pk>/", views.catalogue, name="catalogue"),
    path("services/new/", views.service_create, name="service_create"),
    path("services/<int:pk>/edit/", views.service_edit, name="service_edit"),
    path("periods/<int:period_pk>/counts/", views.counts_edit, name="counts_edit"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/review/", views.report_review, name="report_review"),
    path("review/", views.review_queue, name="review_queue"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/export/<slug:table>.<str:fmt>", views.dashboard_export, name="dashboard_export"),
]
