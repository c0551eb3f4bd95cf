"""Email notifications, queued in the database outbox (django-post-office).

Each message is rendered in its recipient's language from a pair of templates,
`<name>_subject.txt` and `<name>_body.txt`, and queued in the caller's transaction:
if the change is rolled back, so is the email. `manage.py send_queued_mail` sends
the queue (run it from cron every minute); failed messages are retried.

Text people typed (names, reasons, circular bodies) reaches a message only as a value
of the template context, and the finished text is stored as it is: post-office's
`mail.send` would compile subject and body once more as Django templates, so a name
such as «علی {{ 7*7 }}» would be run (or crash the action that sent it). Mail is
plain text, so the templates render without HTML escaping.
"""

from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import get_message_id_enabled, get_message_id_fqdn
from post_office.signals import email_queued


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


def render_plain_text(template_name: str, context: dict) -> str:
    """A template rendered as plain text: values are inserted as they are, never escaped
    and never compiled."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_email(*, template: str, context: dict, recipient: Recipient) -> tuple[str, str]:
    """(subject, body) in the recipient's language; the subject on one line."""
    with translation.override(recipient.language):
        full_context = {**context, "recipient": recipient, "site_url": settings.SITE_URL}
        subject = " ".join(render_plain_text(f"{template}_subject.txt", full_context).split())
        body = render_plain_text(f"{template}_body.txt", full_context)
    return subject, body


def _queued_message(*, address: str, subject: str, body: str) -> Email:
    """An outbox row holding the finished text (no template, so nothing renders it again)."""
    return Email(
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[address],
        subject=subject[: Email._meta.get_field("subject").max_length],
        message=body,
        html_message="",
        priority=PRIORITY.medium,
        status=STATUS.queued,
        message_id=make_msgid(domain=get_message_id_fqdn()) if get_message_id_enabled() else None,
    )


def queue_email(*, recipients, template: str, context: dict) -> int:
    """Queues one message per recipient (those without an address are skipped,
    duplicates sent once). Returns how many were queued."""
    seen = set()
    messages = []
    for recipient in recipients:
        address = (recipient.email or "").strip().lower()
        if not address or address in seen:
            continue
        seen.add(address)
        subject, body = render_email(template=template, context=context, recipient=recipient)
        message = _queued_message(address=recipient.email.strip(), subject=subject, body=body)
        message.full_clean()  # what post-office's own save() checks: the addresses
        messages.append(message)
    if messages:
        Email.objects.bulk_create(messages)
        email_queued.send(sender=Email, emails=messages)
    return len(messages)
