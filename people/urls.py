from django.contrib.auth import views as auth_views
from django.urls import path

from people import views

app_name = "people"
urlpatterns = [
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path("profile/", views.profile_view, name="profile"),
    path("profile/email/", views.email_change, name="email_change"),
    path("profile/email/<int:pk>/<str:token>/", views.verify_email, name="verify_email"),
    path("profile/mobile/", views.mobile_change, name="mobile_change"),
    path("profile/mobile/confirm/", views.mobile_confirm, name="mobile_confirm"),
    path("profile/mobile/remove/", views.mobile_remove, name="mobile_remove"),
    path("two-factor/setup/", views.otp_setup, name="otp_setup"),
    path("two-factor/verify/", views.otp_verify, name="otp_verify"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="recovery_codes"),
]

#: Django's password views under the names its views and templates use (no namespace).
password_urlpatterns = [
    path("password_change/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(template_name="registration/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(template_name="registration/password_reset_confirm.html"),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(template_name="registration/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
