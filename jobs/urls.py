from django.urls import path

from jobs import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/status/", views.status, name="status"),
    path("<uuid:pk>/download/", views.download, name="download"),
]
