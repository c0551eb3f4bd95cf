from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from reform_portal import access, health


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when every part the portal needs works, else 503 naming the failing parts
    (reform_portal/health.py); for load balancers and monitoring."""
    checks = health.run_checks()
    healthy = all(state == health.OK for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "error", "checks": checks}, status=200 if healthy else 503)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the portal's page in the user's language instead of Django's English one."""
    return render(request, "403_csrf.html", {"no_cookie": reason == REASON_NO_CSRF_COOKIE}, status=403)


def home(request: HttpRequest) -> HttpResponse:
    """Sends each role to its place."""
    user = request.user
    if access.has(user, access.WRITE_REPORTS):
        return redirect("programs:agency", pk=user.agency_id)
    if access.has(user, access.SIGN_OFF_REPORTS):
        return redirect("programs:sign_off_queue")
    if user.role and access.has(user, access.SEE_DASHBOARDS):
        return redirect("dashboards:dashboard")
    if user.is_staff:
        return redirect("admin:index")
    return render(request, "home_no_role.html")


def _remember_language(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )


@login_not_required
@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch; a logged-in user's choice is also kept on the user, so it
    follows them to other browsers and decides the language of their emails."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES) and check_for_language(language):
        get_user_model().objects.filter(pk=request.user.pk).update(language=language)
    return response


class LoginView(auth_views.LoginView):
    """Logging in switches to the user's saved language.

    POSTs are rate-limited per address and per username (reform_portal/ratelimits.py,
    RateLimitMiddleware, which covers the admin's login too) before the lockout of axes."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        if language in dict(settings.LANGUAGES):
            _remember_language(response, language)
        return response
