"""Refuses a request body over REQUEST_MAX_BYTES before any of it is read: 413, a Persian page.

Django reads a body only up to the Content-Length the client declared (without one it
reads nothing), and `DATA_UPLOAD_MAX_MEMORY_SIZE` does not count the files of a multipart
upload: a 500 MB "evidence file" would be read to the end, spooled to a temporary file,
and only then refused by `validate_upload` (UPLOAD_MAX_BYTES per file). This middleware
compares the declared length with the limit before anything touches `request.body` or
`request.POST` (it sits before CsrfViewMiddleware, which reads the form), so such a
request costs nothing. The reverse proxy refuses still larger bodies before they reach the
portal (`client_max_body_size`, docs/operations.md).
"""

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from reform_portal.persian import format_file_size

logger = logging.getLogger(__name__)


def declared_length(request: HttpRequest) -> int:
    """The Content-Length the client declared; 0 when missing or malformed (Django then reads nothing)."""
    try:
        return max(0, int(request.META.get("CONTENT_LENGTH") or 0))
    except ValueError:
        return 0


def request_too_large_response() -> HttpResponse:
    """templates/413.html, rendered without a request: nothing of the request (session, user) is loaded."""
    limit = format_file_size(settings.REQUEST_MAX_BYTES)
    file_limit = format_file_size(settings.UPLOAD_MAX_BYTES)
    response = HttpResponse(render_to_string("413.html", {"limit": limit, "file_limit": file_limit}), status=413)
    response["Cache-Control"] = "no-store"
    return response


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        length = declared_length(request)
        if length > settings.REQUEST_MAX_BYTES:
            logger.warning("Refused a %d-byte request body on %s (REQUEST_MAX_BYTES)", length, request.path)
            return request_too_large_response()
        return self.get_response(request)
