"""Rate limits on expensive requests and on login (django-ratelimit), answered with a 429 page.

- Exports (CSV/XLSX: `RATELIMIT_EXPORTS`; the province PDF: `RATELIMIT_PDF`) are counted
  per user, all export views together: the views carry `@export_rate_limit` or
  `@pdf_rate_limit`.
- Login: POSTs to the portal's and the admin's login view are counted per client address
  (`RATELIMIT_LOGIN_IP`) and per username typed (`RATELIMIT_LOGIN_USERNAME`), by
  `RateLimitMiddleware`, on top of the lockout after wrong passwords (django-axes). The
  admin's login view is not ours to decorate, hence the middleware.

A refused request raises `RateLimited`; `RateLimitMiddleware` (django-ratelimit's own
middleware, with RATELIMIT_VIEW = "reform_portal.ratelimits.too_many_requests") answers the
Persian 429 page (templates/429.html, shared with the axes lockout) with `Retry-After`.

The counters live in the default cache (CACHE_URL). It must be shared by the gunicorn workers
for the limits to be exact: with the per-process default each worker counts on its own, so a
user gets up to GUNICORN_WORKERS times the rate (docs/operations.md). When the cache server does
not answer, requests go through uncounted (RATELIMIT_FAIL_OPEN): a cache outage costs the
limits, not the portal. RATELIMIT_ENABLE=false turns them all off (the test run does).
"""

import functools
import ipaddress
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited
from django_ratelimit.middleware import RatelimitMiddleware

from reform_portal.http import client_ip

logger = logging.getLogger(__name__)


class RateLimited(Ratelimited):
    """A request over a limit: which limit, and the seconds until its window ends."""

    def __init__(self, group: str, retry_after: int):
        super().__init__(group)
        self.group = group
        self.retry_after = retry_after


def user_key(group: str, request: HttpRequest) -> str | None:
    """The logged-in user (every export needs a login), else the client's address."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return address_key(group, request)


def address_key(group: str, request: HttpRequest) -> str | None:
    """The client's address as the login lockout sees it (reform_portal/http.py); an IPv6
    client counts by its /64 network, which one client usually holds whole. None when the
    address is unknown: that limit is then not applied (rather than one counter for all)."""
    address = client_ip(request)
    if not address:
        return None
    if ":" in address:
        address = str(ipaddress.ip_network(f"{address}/64", strict=False).network_address)
    return f"ip:{address}"


def username_key(group: str, request: HttpRequest) -> str | None:
    """The username typed in a login form, case and surrounding spaces ignored."""
    return "username:" + request.POST.get("username", "").strip().lower()[:150]


def email_key(group: str, request: HttpRequest) -> str | None:
    """The email address typed in the password-reset form, case and surrounding spaces ignored."""
    return "email:" + request.POST.get("email", "").strip().lower()[:254]


@dataclass(frozen=True)
class Limit:
    group: str  # names the counter; also picks the message of the 429 page
    key: Callable[[str, HttpRequest], str | None]  # whom to count; None: do not count this request
    setting: str  # the setting holding the rate, e.g. "30/m"; read at each request
    method: str | tuple = ALL


EXPORTS = Limit("exports", user_key, "RATELIMIT_EXPORTS")
PDF = Limit("pdf", user_key, "RATELIMIT_PDF")
#: A PDF made by the task worker is counted when it is asked for (the POST), on the same counter.
PDF_JOB = Limit("pdf", user_key, "RATELIMIT_PDF", method="POST")
LOGIN = (
    Limit("login-ip", address_key, "RATELIMIT_LOGIN_IP", method="POST"),
    Limit("login-username", username_key, "RATELIMIT_LOGIN_USERNAME", method="POST"),
)
#: Password-reset requests (people/views.py): per client address and per address typed.
PASSWORD_RESET = (
    Limit("password-reset-ip", address_key, "RATELIMIT_PASSWORD_RESET_IP", method="POST"),
    Limit("password-reset-email", email_key, "RATELIMIT_PASSWORD_RESET_EMAIL", method="POST"),
)
#: Views whose POSTs count as login attempts (resolver view names).
LOGIN_VIEWS = frozenset({"login", "admin:login"})


def check(request: HttpRequest, *limits: Limit) -> None:
    """Counts the request against each limit; raises RateLimited at the first one exceeded."""
    for limit in limits:
        value = limit.key(limit.group, request)
        if value is None:
            continue
        try:
            usage = get_usage(
                request,
                group=limit.group,
                key=lambda group, request, value=value: value,
                rate=getattr(settings, limit.setting),
                method=limit.method,
                increment=True,
            )
        except ImproperlyConfigured:
            raise
        except Exception as error:  # the cache server does not answer: serve the request uncounted
            logger.warning("Rate limit %s not checked: the cache failed: %r", limit.group, error)
            continue
        if usage is not None and usage["should_limit"]:
            raise RateLimited(limit.group, retry_after=max(1, usage["time_left"]))


def rate_limit(*limits: Limit):
    """View decorator: counts each request against `limits` before the view runs."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            check(request, *limits)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


export_rate_limit = rate_limit(EXPORTS)
pdf_rate_limit = rate_limit(PDF)
pdf_job_rate_limit = rate_limit(PDF_JOB)

MESSAGES = {
    "exports": _("You have requested more exports in a short time than the portal allows."),
    "pdf": _("You have requested more exports in a short time than the portal allows."),
    "login-ip": _("Too many login attempts have come from your address in a short time."),
    "login-username": _("Too many login attempts have been made for this account in a short time."),
    "password-reset-ip": _("Too many password resets have been asked from your address in a short time."),
    "password-reset-email": _("Too many password resets have been asked for this address in a short time."),
}


def too_many_requests(request: HttpRequest, exception: Exception) -> HttpResponse:
    """RATELIMIT_VIEW: the 429 page, in the user's language, with Retry-After."""
    group = getattr(exception, "group", "")
    retry_after = getattr(exception, "retry_after", None)
    context = {
        "rate_limited": True,
        "message": MESSAGES.get(group, _("You have sent more requests in a short time than the portal allows.")),
        "retry_after": retry_after,
        "login": group.startswith("login"),
    }
    response = render(request, "429.html", context, status=429)
    if retry_after:
        response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


class RateLimitMiddleware(RatelimitMiddleware):
    """django-ratelimit's middleware (RateLimited from a view → RATELIMIT_VIEW), plus the
    login limits: counted before the login view runs, the portal's and the admin's alike."""

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        match = request.resolver_match
        if request.method != "POST" or match is None or match.view_name not in LOGIN_VIEWS:
            return None
        try:
            check(request, *LOGIN)
        except RateLimited as exception:
            return too_many_requests(request, exception)
        return None
