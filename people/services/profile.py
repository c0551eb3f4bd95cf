"""A user's own details: name, language and how they are notified."""

from django.db import transaction

from agencies.models import User
from reform_portal.notifications import CHANNELS, KINDS, SMS, SMS_KINDS


def preferences_from(chosen: set[tuple[str, str]]) -> dict[str, list[str]]:
    """The stored form of the chosen (kind, channel) pairs: every kind listed, so that
    turning the email of a kind off is kept (a kind not listed gets the defaults)."""
    return {
        kind: [channel for channel in CHANNELS if (kind, channel) in chosen and (channel != SMS or kind in SMS_KINDS)]
        for kind in KINDS
    }


def update_profile(*, user: User, first_name: str, last_name: str, language: str, chosen: set) -> User:
    """Saves what the profile page edits directly (addresses are changed by proof:
    people/services/contact.py)."""
    with transaction.atomic(durable=True):
        user = User.objects.select_for_update().get(pk=user.pk)
        user.first_name, user.last_name, user.language = first_name, last_name, language
        user.notification_preferences = preferences_from(chosen)
        user.full_clean(validate_unique=False, validate_constraints=False)
        user.save(update_fields=["first_name", "last_name", "language", "notification_preferences"])
        return user


def remove_mobile(*, user: User) -> None:
    """Removing a mobile needs no proof; texts stop at once."""
    User.objects.filter(pk=user.pk).update(mobile="")
