from django.urls import path

from programs import views

app_name = "programs"
urlpatterns = [
    path("overview/", views.overview, name="overview"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
]
