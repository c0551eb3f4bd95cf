"""Marking notifications read (each one UPDATE, so two tabs at once agree)."""

from django.utils import timezone

from notices.models import Notification


def mark_read(*, notification: Notification) -> bool:
    """True when it was unread."""
    return bool(Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=timezone.now()))


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
