from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("<int:pk>/", views.agency_detail, name="detail"),
]
