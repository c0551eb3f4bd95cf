"""Business rules for circulars: drafts, publishing, reads, acknowledgements, reminders.

Writing, publishing and reminding are actions of the review engine (circulars/workflows.py
holds the table), each one durable transaction that locks the circular, checks its state
and the user's right (the IT office of the circular's province) and records an event; the
slower of two concurrent actors gets a TransitionError saying what happened. An agency's
acknowledgement locks its own row.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency, LiaisonDeputy, User
from agencies.selectors import recipients_by_agency
from circulars.models import Circular, CircularAttachment, CircularRead, CircularReminder, CircularTarget
from circulars.selectors import resolve_targets
from reform_portal import access, review
from reform_portal.notifications import absolute_url, queue_email
from reform_portal.persian import format_jalali_datetime, normalize_persian_text, search_key
from reform_portal.review import TransitionError
from reform_portal.uploads import clean_original_name, validate_upload

__all__ = [
    "TransitionError",
    "acknowledge_circular",
    "create_draft",
    "mark_read",
    "publish_circular",
    "send_acknowledgement_reminder",
    "update_draft",
]


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def circular_search_text(circular: Circular) -> str:
    return search_key(f"{circular.subject} {circular.number} {circular.body}")


def _fields(
    *,
    number: str,
    date: datetime.date,
    subject: str,
    body: str,
    target_mode: str,
    target_group: str,
    acknowledge_by: datetime.date,
) -> dict:
    fields = {
        "number": number.strip(),
        "date": date,
        "subject": normalize_persian_text(subject),
        "body": body.replace("\r\n", "\n").strip(),
        "target_mode": target_mode,
        "target_group": target_group if target_mode == Circular.TargetMode.GROUP else "",
        "acknowledge_by": acknowledge_by,
    }
    fields["search_text"] = circular_search_text(Circular(**{k: fields[k] for k in ("subject", "number", "body")}))
    return fields


def _add_attachments(circular: Circular, files, by: User) -> None:
    for uploaded in files or []:
        validate_upload(uploaded)
        CircularAttachment.objects.create(
            circular=circular,
            file=uploaded,
            original_name=clean_original_name(uploaded.name),
            size=uploaded.size,
            uploaded_by=by,
        )


def create_draft(
    *,
    by: User,
    number: str,
    date: datetime.date,
    subject: str,
    body: str,
    target_mode: str = Circular.TargetMode.ALL,
    target_group: str = "",
    selected_agencies=(),
    programs=(),
    acknowledge_by: datetime.date,
    files=(),
) -> Circular:
    """A draft of the author's province (a national reviewer's circular is national)."""
    fields = _fields(
        number=number, date=date, subject=subject, body=body, target_mode=target_mode, target_group=target_group,
        acknowledge_by=acknowledge_by,
    )  # fmt: skip
    with transaction.atomic(durable=True):
        circular = Circular(created_by=by, province_id=access.user_province_id(by), state=Circular.State.DRAFT)
        circular = review.apply(circular, "create", by=by, changes=fields)
        circular.selected_agencies.set(selected_agencies if target_mode == Circular.TargetMode.SELECTED else [])
        circular.programs.set(programs)
        _add_attachments(circular, files, by)
        return circular


def update_draft(
    *,
    circular: Circular,
    by: User,
    number: str,
    date: datetime.date,
    subject: str,
    body: str,
    target_mode: str = Circular.TargetMode.ALL,
    target_group: str = "",
    selected_agencies=(),
    programs=(),
    acknowledge_by: datetime.date,
    files=(),
    remove_attachments=(),
) -> Circular:
    fields = _fields(
        number=number, date=date, subject=subject, body=body, target_mode=target_mode, target_group=target_group,
        acknowledge_by=acknowledge_by,
    )  # fmt: skip
    with transaction.atomic(durable=True):
        circular = review.apply(circular, "edit", by=by, changes=fields, touched=True)
        circular.selected_agencies.set(selected_agencies if target_mode == Circular.TargetMode.SELECTED else [])
        circular.programs.set(programs)
        for attachment in circular.attachments.filter(pk__in=[a.pk for a in remove_attachments]):
            attachment.file.delete(save=False)
            attachment.delete()  # only a draft's attachments; a published circular never changes
        _add_attachments(circular, files, by)
        return circular


def _email_agencies(circular: Circular, agencies: list[Agency], *, template: str) -> int:
    """Queues one message per recipient of each agency (its confirmed deputy and its staff);
    two queries plus the inserts."""
    recipients = recipients_by_agency(agency.pk for agency in agencies)
    link = absolute_url(reverse("circulars:detail", args=[circular.pk]))
    queued = 0
    for agency in agencies:
        queued += queue_email(
            recipients=recipients.get(agency.pk, []),
            template=template,
            context={"circular": circular, "agency": agency, "link": link},
        )
    return queued


def publish_circular(*, circular: Circular, by: User) -> int:
    """Fixes the target agencies and queues the emails. Returns how many emails were queued."""
    with transaction.atomic(durable=True):
        circular = review.workflow_for(Circular).lock(circular)
        review.find(circular, "publish", by=by)
        agencies = list(resolve_targets(circular).order_by("name_fa"))
        if not agencies:
            raise TransitionError(_("The circular has no target agency; choose at least one."), code="no_targets")
        circular = review.apply(circular, "publish", by=by)
        confirmed = set(
            LiaisonDeputy.objects.filter(agency__in=agencies, state=LiaisonDeputy.State.CONFIRMED).values_list(
                "agency_id", flat=True
            )
        )
        CircularTarget.objects.bulk_create(
            CircularTarget(circular=circular, agency=agency, had_confirmed_deputy=agency.pk in confirmed)
            for agency in agencies
        )
        return _email_agencies(circular, agencies, template="emails/circular_published")


def mark_read(*, circular: Circular, user: User) -> bool:
    """Records when the user first opened the circular; True the first time."""
    if CircularRead.objects.filter(circular=circular, user=user).exists():
        return False
    try:
        with transaction.atomic():
            CircularRead.objects.create(circular=circular, user=user)
    except IntegrityError:  # opened twice at the same moment: the first one counts
        return False
    return True


def acknowledge_circular(*, circular: Circular, by: User) -> CircularTarget:
    """The user's agency acknowledges receipt; one acknowledgement per agency."""
    with transaction.atomic(durable=True):
        try:
            target = (
                CircularTarget.objects.select_for_update()
                .select_related("agency")
                .get(circular_id=circular.pk, agency_id=by.agency_id, circular__state=Circular.State.PUBLISHED)
            )
        except CircularTarget.DoesNotExist:
            raise PermissionDenied from None
        access.require(access.can_act_on(by, access.ACKNOWLEDGE_CIRCULARS, target.agency))
        if target.acknowledged_at is not None:
            who = _name(target.acknowledged_by)
            raise TransitionError(
                _("Your agency already acknowledged this circular (%(who)s, %(when)s).")
                % {"who": who, "when": format_jalali_datetime(target.acknowledged_at)},
                code="already_acknowledged",
            )
        target.acknowledged_by, target.acknowledged_at = by, timezone.now()
        target.save(update_fields=["acknowledged_by", "acknowledged_at"])
        review.record_event(
            circular, "circular.acknowledged", by=by, from_state=circular.state, comment=target.agency.name_fa,
            at=target.acknowledged_at, data={"agency": target.agency_id},
        )  # fmt: skip
        return target


def send_acknowledgement_reminder(*, circular: Circular, by: User) -> CircularReminder:
    """Emails the agencies that have not acknowledged; refused if one was sent today."""
    with transaction.atomic(durable=True):
        circular = review.workflow_for(Circular).lock(circular)
        review.find(circular, "remind", by=by)
        today = timezone.localdate()
        earlier = circular.reminders.filter(sent_on=today).select_related("sent_by").first()
        if earlier is not None:
            raise TransitionError(
                _(
                    "A reminder for this circular was already sent today (%(who)s, %(when)s). "
                    "Only one reminder a day is sent; try again tomorrow."
                )
                % {"who": _name(earlier.sent_by), "when": format_jalali_datetime(earlier.sent_at)},
                code="reminded_today",
            )
        agencies = [
            target.agency
            for target in circular.targets.filter(acknowledged_at__isnull=True)
            .select_related("agency")
            .order_by("agency__name_fa")
        ]
        if not agencies:
            raise TransitionError(
                _("Every agency has acknowledged this circular; no reminder is needed."), code="all_acknowledged"
            )
        queued = _email_agencies(circular, agencies, template="emails/circular_reminder")
        review.apply(circular, "remind", by=by, comment=", ".join(agency.name_fa for agency in agencies))
        return CircularReminder.objects.create(
            circular=circular, sent_by=by, sent_on=today, agency_count=len(agencies), email_count=queued
        )
