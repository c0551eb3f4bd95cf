"""Reading a user's notifications: only their own (another's is a 404, like a missing one)."""

from django.http import Http404

from notices.models import Notification


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def notifications_for(user):
    return Notification.objects.filter(user=user).order_by("-created_at", "-pk")


def get_notification_for_user(user, pk: int) -> Notification:
    try:
        return Notification.objects.get(user=user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
