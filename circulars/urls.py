from django.urls import path

from circulars import views

app_name = "circulars"
urlpatterns = [
    path("", views.circular_list, name="list"),
    path("new/", views.circular_create, name="create"),
    path("<int:pk>/", views.circular_detail, name="detail"),
    path("<int:pk>/edit/", views.circular_edit, name="edit"),
    path("<int:pk>/publish/", views.circular_publish, name="publish"),
    path("<int:pk>/acknowledge/", views.circular_acknowledge, name="acknowledge"),
    path("<int:pk>/remind/", views.circular_remind, name="remind"),
    path("<int:pk>/attachments/<int:attachment_pk>/", views.attachment_download, name="attachment"),
]
