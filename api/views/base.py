"""What every API view shares: no login redirect (the API answers 401 itself), ETags and
conditional GETs, the rate limit per token (or per user), the log of token calls, and
the capability each action needs (the same as the page doing the same)."""

from auditlog.context import set_actor
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.middleware.http import ConditionalGetMiddleware
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from api import tokens
from api.filters import MAX_ID
from api.models import ApiToken
from reform_portal import access
from reform_portal.http import client_ip
from reform_portal.ratelimits import Limit, RateLimited, check

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def api_key(group: str, request) -> str | None:
    """Each token is counted on its own; a session caller by user."""
    if isinstance(request.auth, ApiToken):
        return f"token:{request.auth.pk}"
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    return None


API_LIMIT = Limit("api", api_key, "RATELIMIT_API")


class RateLimitExceeded(exceptions.Throttled):
    default_detail = _("You have sent more requests in a short time than the portal allows.")


def object_id(value) -> int:
    """An id from the URL, or a 404 (non-numeric or beyond the database's integers)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < number <= MAX_ID:
        raise Http404
    return number


class ApiMixin:
    """`capabilities`: {action: (capability, …)} (any one suffices), "*" for the others."""

    capabilities: dict[str, tuple[str, ...]] = {"*": (access.USE_API,)}
    lookup_value_regex = "[0-9]+"

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(conditional_get(super().as_view(*args, **kwargs)))

    def required_capabilities(self) -> tuple[str, ...]:
        action = getattr(self, "action", None) or self.request.method.lower()
        return self.capabilities.get(action, self.capabilities.get("*", (access.USE_API,)))

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if isinstance(request.auth, ApiToken):
            # The audit log's middleware saw no user (a token is not a session): its changes
            # are the token's user's, from the client's address.
            self._audit_actor = set_actor(request.user, remote_addr=client_ip(request._request))
            self._audit_actor.__enter__()

    def check_throttles(self, request):
        try:
            check(request, API_LIMIT)
        except RateLimited as error:
            raise RateLimitExceeded(wait=error.retry_after) from None

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            response["Cache-Control"] = "private, no-cache"
        elif not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        response["Vary"] = "Authorization, Cookie"
        audit_actor = getattr(self, "_audit_actor", None)
        if audit_actor is not None:
            self._audit_actor = None
            audit_actor.__exit__(None, None, None)
        if isinstance(getattr(request, "auth", None), ApiToken):
            tokens.log_call(
                token=request.auth, method=request.method, path=request.get_full_path(),
                status=response.status_code, client_ip=client_ip(request._request),
            )  # fmt: skip
        return response

    def pk(self) -> int:
        return object_id(self.kwargs.get("pk"))


class ApiView(ApiMixin, APIView):
    pass


class ReadViewSet(ApiMixin, viewsets.GenericViewSet):
    """A list and a detail, the detail through the access lookup of the pages (404 outside
    the user's scope). Subclasses give `lookup(user, pk)` and `visible(user)`."""

    def get_queryset(self):
        return self.visible(self.request.user)

    def get_object(self):
        return self.lookup(self.request.user, self.pk())

    def list(self, request, *args, **kwargs):
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        return self.respond_object(self.get_object())

    def respond_object(self, obj, status=200):
        return Response(self.get_serializer(obj).data, status=status)
