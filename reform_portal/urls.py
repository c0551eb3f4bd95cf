from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from people import urls as people_urls
from reform_portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "accounts/login/",
        views.LoginView.as_view(),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/", include(people_urls.password_urlpatterns)),
    path("accounts/", include("people.urls")),
    path("notifications/", include("notices.urls")),
    path("agencies/", include("agencies.urls")),
    path("dashboard/", include("dashboards.urls")),
    path("jobs/", include("jobs.urls")),
    path("circulars/", include("circulars.urls")),
    path("channels/", include("service_channels.urls")),
    path("evaluations/", include("evaluations.urls")),
    path("accounts/tokens/", include("api.token_urls")),
    path("api/v1/", include("api.urls")),
    path("open/", include("opendata.urls")),
    path("", include("programs.urls")),
    path("admin/", admin.site.urls),
]

# A database outage is answered with the 503 page, not a 500 (reform_portal/middleware.py).
handler500 = "reform_portal.middleware.server_error"
