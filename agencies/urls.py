from django.urls import path

from agencies import views

app_name = "agencies"
urlpatterns = [
    path("deputy/", views.deputy_overview, name="deputy"),
    path("deputy/submit/", views.deputy_submit, name="deputy_submit"),
    path("deputies/", views.deputy_review_list, name="deputy_review_list"),
    path("deputies/<int:pk>/", views.deputy_review, name="deputy_review"),
    path("deputies/<int:pk>/verify/", views.deputy_verify, name="deputy_verify"),
    path("deputies/<int:pk>/confirm/", views.deputy_confirm, name="deputy_confirm"),
    path("deputies/<int:pk>/reject/", views.deputy_reject, name="deputy_reject"),
]
