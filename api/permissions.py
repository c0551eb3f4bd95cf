"""The access policy, for the API: each view names the capability an action needs
(reform_portal/access.py), exactly as the page doing the same declares it; objects are
then looked up within the user's scope (else 404). A read-only token cannot write."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from api.errors import read_only_token
from api.models import ApiToken
from reform_portal import access


class PortalCapability(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False  # DRF answers 401 with the WWW-Authenticate header
        if isinstance(request.auth, ApiToken) and request.method not in SAFE_METHODS and not request.auth.can_write:
            raise read_only_token()
        needed = view.required_capabilities() if hasattr(view, "required_capabilities") else (access.USE_API,)
        return any(access.has(user, capability) for capability in needed)
