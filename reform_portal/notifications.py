"""Email notifications, queued in the database outbox (django-post-office).

Each message is rendered in its recipient's language from a pair of templates,
`<name>_subject.txt` and `<name>_body.txt`, and queued in the caller's transaction:
if the change is rolled back, so is the email. `manage.py send_queued_mail` sends
the queue (run it from cron every minute); failed messages are retried.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from post_office import mail


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = "fa"
    name: str = ""

    @classmethod
    def for_user(cls, user) -> "Recipient":
        return cls(email=user.email, language=user.language or settings.LANGUAGE_CODE, name=user.get_full_name())


def absolute_url(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def queue_email(*, recipients, template: str, context: dict) -> int:
    """Queues one message per recipient (those without an address are skipped,
    duplicates sent once). Returns how many were queued."""
    seen = set()
    queued = 0
    for recipient in recipients:
        address = (recipient.email or "").strip().lower()
        if not address or address in seen:
            continue
        seen.add(address)
        with translation.override(recipient.language):
            full_context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
            subject = " ".join(render_to_string(f"{template}_subject.txt", full_context).split())
            body = render_to_string(f"{template}_body.txt", full_context)
        mail.send(recipients=[recipient.email], subject=subject, message=body, priority="medium")
        queued += 1
    return queued
