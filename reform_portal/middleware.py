"""A short Persian 503 page, not a 500, while the database cannot be reached.

`DatabaseUnavailableMiddleware` sits right after AuthenticationMiddleware. It loads the
session's user first, so that a database outage is noticed there rather than inside later
middleware, and it turns OperationalError/InterfaceError raised by a view into the 503 page.
`server_error` (the URLconf's handler500) catches what is left, e.g. an error while the
session is saved. Nothing here keeps state: once the database answers again, the next
request works (Django drops a broken connection at the end of each request, and
CONN_HEALTH_CHECKS tests a reused one before the request uses it).
"""

import logging
import sys

from auditlog.middleware import AuditlogMiddleware as BaseAuditlogMiddleware
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.views import defaults

from reform_portal.http import client_ip

logger = logging.getLogger(__name__)

DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    """templates/503.html, rendered without a request: no context processor may touch the database."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None:
            try:
                user.is_authenticated  # noqa: B018 -- loads session and user now (cached on the request)
            except DATABASE_DOWN_ERRORS as error:
                logger.warning("Database unavailable while loading the session of %s: %s", request.path, error)
                return database_unavailable_response()
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_DOWN_ERRORS):
            logger.warning("Database unavailable on %s: %s", request.path, exception)
            return database_unavailable_response()
        return None


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: the 503 page when the failure was the database, else Django's 500 page."""
    if isinstance(sys.exc_info()[1], DATABASE_DOWN_ERRORS):
        return database_unavailable_response()
    return defaults.server_error(request)


class AuditlogMiddleware(BaseAuditlogMiddleware):
    """django-auditlog's middleware, recording the client address the portal trusts
    (reform_portal/http.py) instead of the first X-Forwarded-For entry, which any client
    can write."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        if not settings.BEHIND_TLS_PROXY:
            return None
        return BaseAuditlogMiddleware._get_remote_port(request)
