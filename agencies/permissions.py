"""Role checks that views declare."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def reviewer_required(view):
    """Governorate and IT office reviewers (and administrators) only."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        user = request.user
        if not (user.is_reviewer or user.is_superuser):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
