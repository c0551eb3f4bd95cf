"""The portal's inbox and the SMS outbox, fed by reform_portal/notifications.py
`queue_email` for every email about a portal event (see that module): one notification per
recipient who is a portal user, and a short text for those who turned SMS on for the kind."""

import functools
from urllib.parse import urlsplit

from django.conf import settings
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.utils import translation

from notices.models import Notification
from notices.sms import Sms, send_sms
from reform_portal.notifications import SMS, render_plain_text

TITLE_LENGTH = Notification._meta.get_field("title_fa").max_length


@functools.cache
def sms_template(name: str) -> str | None:
    """The short text's template for an email template's name, if there is one."""
    path = f"sms/{name}.txt"
    try:
        get_template(path)
    except TemplateDoesNotExist:
        return None
    return path


def portal_path(url: str) -> str:
    """A link of an email as a path inside the portal ("" when it points elsewhere)."""
    if not url:
        return ""
    if url.startswith(settings.SITE_URL + "/"):
        url = url[len(settings.SITE_URL) :]
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return ""
    return url


def render_in(language: str, template: str, context: dict) -> str:
    with translation.override(language):
        return render_plain_text(template, {**context, "site_url": settings.SITE_URL})


def render_sms(template: str, context: dict, *, language: str) -> str:
    """A text message: its lines trimmed, empty ones dropped."""
    text = render_in(language, template, context)
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


def deliver(recipients, *, template: str, kind: str, context: dict) -> tuple[int, int]:
    """Notifies each recipient who is a user once (in the portal; by SMS if they chose it
    for `kind`). Returns (notifications, texts)."""
    name = template.rsplit("/", 1)[-1]
    text_template = sms_template(name)
    path = portal_path(str(context.get("url") or context.get("link") or ""))
    notifications, texts, users, mobiles = [], [], set(), set()
    for recipient in recipients:
        if recipient.user_id is None or recipient.user_id in users:
            continue
        users.add(recipient.user_id)
        own = {**context, "recipient": recipient}
        titles = {
            language: " ".join(render_in(language, f"{template}_subject.txt", own).split())[:TITLE_LENGTH]
            for language, _name in settings.LANGUAGES
        }
        notifications.append(
            Notification(
                user_id=recipient.user_id, kind=kind, template=name, title_fa=titles["fa"], title_en=titles["en"],
                url=path,
            )
        )  # fmt: skip
        if text_template and recipient.mobile and recipient.mobile not in mobiles and recipient.wants(kind, SMS):
            mobiles.add(recipient.mobile)
            body = render_sms(text_template, own, language=recipient.language)
            texts.append(Sms(to=recipient.mobile, body=body, user_id=recipient.user_id, kind=kind))
    Notification.objects.bulk_create(notifications)
    send_sms(texts)
    return len(notifications), len(texts)
