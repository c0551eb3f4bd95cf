"""The second factor, required of the roles in OTP_REQUIRED_ROLES on every page, the admin
site's included: a user of those roles who logged in with their password is sent to enrol
an authenticator (if they have none) or to type its code, before anything else. The
session then counts as verified (django-otp's OTPMiddleware reads it) until it ends.

OTP_ENFORCED=false turns the requirement off (the test run does, as it does the login
lockout, because the test client's logins have no second step; tests/people switch it on)."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from people.services.second_factor import is_enrolled, requires_second_factor

#: Views a user who still owes the second factor may use.
EXEMPT = frozenset(
    {"logout", "set_language", "healthz", "people:otp_setup", "people:otp_verify", "admin:logout", "login",
     "admin:login", "people:invitation"}
)  # fmt: skip


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.OTP_ENFORCED:
            return None
        user = request.user
        if not user.is_authenticated or not requires_second_factor(user):
            return None
        if getattr(user, "is_verified", lambda: False)():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT:
            return None
        target = "people:otp_verify" if is_enrolled(user) else "people:otp_setup"
        return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
