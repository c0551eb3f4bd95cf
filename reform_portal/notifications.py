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

Every email about a portal event also reaches its recipients in the portal and, where
they asked for it, by SMS: `queue_email` is the one place that fans an event out. Each
email template belongs to a *kind* (returns, deadlines, sign-off requests, circulars, …;
`KINDS`, `TEMPLATE_KINDS`); for a recipient who is a portal user (`Recipient.user_id`)
it also writes an in-portal notification, and a short text message when the user turned
SMS on for that kind and a `templates/sms/<name>.txt` exists (notices/delivery.py). Each
user chooses per kind whether to get the email and the SMS (their profile page; the
defaults: email on, SMS off). Account emails (invitations, password resets, address
checks) belong to no kind: they always go, by email only, and never to the portal.
"""

from dataclasses import dataclass
from email.utils import make_msgid

from django.conf import settings
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from post_office.models import PRIORITY, STATUS, Email
from post_office.settings import get_message_id_enabled, get_message_id_fqdn
from post_office.signals import email_queued

EMAIL, SMS = "email", "sms"
CHANNELS = {EMAIL: _("Email"), SMS: _("SMS")}

#: What a user may choose to hear about, and by which channels besides the portal.
KINDS = {
    "returns": _("Reports or counts returned to you for correction"),
    "deadlines": _("Reporting deadlines and overdue reports"),
    "sign_off": _("Reports waiting for your sign-off"),
    "circulars": _("New circulars and acknowledgement reminders"),
    "reviews": _("Reports and counts waiting for your review"),
    "decisions": _("Approvals and decisions on your deputy registration"),
}
#: Each email template's kind (by its name under emails/); a template not listed is an
#: account email (no kind).
TEMPLATE_KINDS = {
    "report_returned": "returns", "report_sent_back": "returns", "counts_returned": "returns",
    "reminder_before_due": "deadlines", "reminder_due_today": "deadlines", "reminder_overdue": "deadlines",
    "report_sign_off_requested": "sign_off",
    "circular_published": "circulars", "circular_reminder": "circulars",
    "report_submitted": "reviews", "counts_submitted": "reviews", "review_overdue": "reviews",
    "report_approved": "decisions", "counts_approved": "decisions", "deputy_verified": "decisions",
    "deputy_confirmed": "decisions", "deputy_rejected": "decisions",
    # the annual evaluation (evaluations/notifications.py)
    "evaluation_published": "decisions", "evaluation_objections_open": "deadlines", "evaluation_final": "decisions",
    "objection_filed": "reviews", "objection_accepted": "decisions", "objection_rejected": "decisions",
}  # fmt: skip
#: The kinds for which a short text message exists (templates/sms/); SMS is offered for these only.
SMS_KINDS = ("returns", "deadlines", "sign_off", "circulars", "reviews")
DEFAULT_CHANNELS = frozenset({EMAIL})


def kind_of(template: str) -> str | None:
    """The kind of an email template ("emails/report_returned" → "returns"); None: an account email."""
    return TEMPLATE_KINDS.get(template.rsplit("/", 1)[-1])


def channel_choices(preferences: dict | None) -> frozenset[tuple[str, str]]:
    """The (kind, channel) pairs a user's stored preferences turn on; kinds not stored keep
    the defaults (email)."""
    preferences = preferences or {}
    chosen = set()
    for kind in KINDS:
        channels = preferences.get(kind)
        channels = DEFAULT_CHANNELS if not isinstance(channels, list) else frozenset(channels) & CHANNELS.keys()
        chosen |= {(kind, channel) for channel in channels if channel != SMS or kind in SMS_KINDS}
    return frozenset(chosen)


@dataclass(frozen=True)
class Recipient:
    email: str
    language: str = "fa"
    name: str = ""
    user_id: int | None = None  # a portal user: also notified in the portal
    mobile: str = ""
    #: the (kind, channel) pairs the user turned on; ignored for recipients who are not users
    channels: frozenset = DEFAULT_CHANNELS

    @classmethod
    def for_user(cls, user) -> "Recipient":
        return cls(
            email=user.email, language=user.language or settings.LANGUAGE_CODE, name=user.get_full_name(),
            user_id=user.pk, mobile=user.mobile, channels=channel_choices(user.notification_preferences),
        )  # fmt: skip

    def wants(self, kind: str | None, channel: str) -> bool:
        """Whether this recipient gets messages of `kind` by `channel`: account emails always;
        someone who is not a user, by email; a user as they chose."""
        if kind is None or self.user_id is None:
            return channel == EMAIL
        return (kind, channel) in self.channels


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


def queue_emails(items) -> int:
    """Queues prepared messages: `items` are (recipient, template, context) triples, each
    rendered in its recipient's language; one INSERT for all. Returns how many were queued."""
    messages = []
    for recipient, template, context in items:
        subject, body = render_email(template=template, context=context, recipient=recipient)
        message = _queued_message(address=recipient.email.strip(), subject=subject, body=body)
        message.full_clean()  # what post-office's own save() checks: the addresses
        messages.append(message)
    if messages:
        Email.objects.bulk_create(messages)
        email_queued.send(sender=Email, emails=messages)
    return len(messages)


def queue_email(*, recipients, template: str, context: dict) -> int:
    """Queues one message per recipient (those without an address, or who turned this kind
    of email off, are skipped; duplicates sent once), and notifies the recipients who are
    users in the portal and by SMS as they chose (see the module). Returns how many emails
    were queued."""
    recipients = list(recipients)
    kind = kind_of(template)
    seen = set()
    items = []
    for recipient in recipients:
        address = (recipient.email or "").strip().lower()
        if not address or address in seen or not recipient.wants(kind, EMAIL):
            continue
        seen.add(address)
        items.append((recipient, template, context))
    queued = queue_emails(items)
    if kind is not None:
        from notices.delivery import deliver  # the portal's inbox and SMS outbox (an app of the shared library)

        deliver(recipients, template=template, kind=kind, context=context)
    return queued
