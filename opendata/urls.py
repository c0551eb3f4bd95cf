from django.urls import path

from opendata import views

app_name = "opendata"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:code>/", views.province, name="province"),
    path("<slug:code>/data.json", views.data_json, name="json"),
    path("<slug:code>/<slug:table>.csv", views.table_csv, name="csv"),
]
