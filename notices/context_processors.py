from django.utils.functional import SimpleLazyObject

from notices.selectors import unread_count


def unread_notifications(request) -> dict:
    """`unread_notifications` for the top bar: counted (one query) only when a page shows it."""
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
