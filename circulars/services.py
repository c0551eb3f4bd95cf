"""Business rules for circulars: drafts, publishing, reads, acknowledgements, reminders.

Each action is one transaction that locks the row two people could change at once
(the circular, or one agency's acknowledgement), checks the current state and saves
with `update_fields`; the slower of two concurrent actors gets a CircularError whose
message says what happened.
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
from reform_portal.notifications import absolute_url, queue_email
from reform_portal.persian import format_jalali_datetime, normalize_persian_text, search_key
from reform_portal.uploads import clean_original_name, validate_upload


class CircularError(Exception):
    """The action cannot be done in the circular's current state; the message says why."""


def _name(user: User | None) -> str:
    return (user.get_full_name() or user.username) if user is not None else ""


def _require_it_office(user: User) -> None:
    if not user.is_it_office_reviewer:
        raise PermissionDenied


def circular_search_text(circular: Circular) -> str:
    return search_key(f"{circular.subject} {circular.number} {circular.body}")


def _apply(
    circular: Circular,
    *,
    number: str,
    date: datetime.date,
    subject: str,
    body: str,
    target_mode: str,
    target_group: str,
    acknowledge_by: datetime.date,
) -> None:
    circular.number = number.strip()
    circular.date = date
    circular.subject = normalize_persian_text(subject)
    circular.body = body.replace("\r\n", "\n").strip()
    circular.target_mode = target_mode
    circular.target_group = target_group if target_mode == Circular.TargetMode.GROUP else ""
    circular.acknowledge_by = acknowledge_by
    circular.search_text = circular_search_text(circular)


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


@transaction.atomic
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
    _require_it_office(by)
    circular = Circular(created_by=by, state=Circular.State.DRAFT)
    _apply(
        circular, number=number, date=date, subject=subject, body=body, target_mode=target_mode,
        target_group=target_group, acknowledge_by=acknowledge_by,
    )  # fmt: skip
    circular.full_clean()
    circular.save()
    circular.selected_agencies.set(selected_agencies if target_mode == Circular.TargetMode.SELECTED else [])
    circular.programs.set(programs)
    _add_attachments(circular, files, by)
    return circular


@transaction.atomic
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
    _require_it_office(by)
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if not circular.is_draft:
        raise CircularError(_("This circular has already been published and can no longer be edited."))
    _apply(
        circular, number=number, date=date, subject=subject, body=body, target_mode=target_mode,
        target_group=target_group, acknowledge_by=acknowledge_by,
    )  # fmt: skip
    circular.full_clean()
    circular.save(
        update_fields=[
            "number", "date", "subject", "body", "target_mode", "target_group", "acknowledge_by", "search_text",
            "updated_at",
        ]
    )  # fmt: skip
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


@transaction.atomic
def publish_circular(*, circular: Circular, by: User) -> int:
    """Fixes the target agencies and queues the emails. Returns how many emails were queued."""
    _require_it_office(by)
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if not circular.is_draft:
        raise CircularError(
            _("This circular was already published on %(when)s; it was not sent again.")
            % {"when": format_jalali_datetime(circular.published_at)}
        )
    agencies = list(resolve_targets(circular, by=by).order_by("name_fa"))
    if not agencies:
        raise CircularError(_("The circular has no target agency; choose at least one."))
    confirmed = set(
        LiaisonDeputy.objects.filter(agency__in=agencies, state=LiaisonDeputy.State.CONFIRMED).values_list(
            "agency_id", flat=True
        )
    )
    CircularTarget.objects.bulk_create(
        CircularTarget(circular=circular, agency=agency, had_confirmed_deputy=agency.pk in confirmed)
        for agency in agencies
    )
    circular.state = Circular.State.PUBLISHED
    circular.published_by, circular.published_at = by, timezone.now()
    circular.save(update_fields=["state", "published_by", "published_at", "updated_at"])
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


@transaction.atomic
def acknowledge_circular(*, circular: Circular, by: User) -> CircularTarget:
    """The user's agency acknowledges receipt; one acknowledgement per agency."""
    if not by.is_agency_staff:
        raise PermissionDenied
    try:
        target = CircularTarget.objects.select_for_update().get(
            circular_id=circular.pk, agency_id=by.agency_id, circular__state=Circular.State.PUBLISHED
        )
    except CircularTarget.DoesNotExist:
        raise PermissionDenied from None
    if target.acknowledged_at is not None:
        who = _name(target.acknowledged_by)
        raise CircularError(
            _("Your agency already acknowledged this circular (%(who)s, %(when)s).")
            % {"who": who, "when": format_jalali_datetime(target.acknowledged_at)}
        )
    target.acknowledged_by, target.acknowledged_at = by, timezone.now()
    target.save(update_fields=["acknowledged_by", "acknowledged_at"])
    return target


@transaction.atomic
def send_acknowledgement_reminder(*, circular: Circular, by: User) -> CircularReminder:
    """Emails the agencies that have not acknowledged; refused if one was sent today."""
    _require_it_office(by)
    circular = Circular.objects.select_for_update().get(pk=circular.pk)
    if circular.is_draft:
        raise CircularError(_("A draft has not been sent to anyone; publish it first."))
    today = timezone.localdate()
    earlier = circular.reminders.filter(sent_on=today).select_related("sent_by").first()
    if earlier is not None:
        who = _name(earlier.sent_by)
        raise CircularError(
            _(
                "A reminder for this circular was already sent today (%(who)s, %(when)s). "
                "Only one reminder a day is sent; try again tomorrow."
            )
            % {"who": who, "when": format_jalali_datetime(earlier.sent_at)}
        )
    agencies = [
        target.agency
        for target in circular.targets.filter(acknowledged_at__isnull=True)
        .select_related("agency")
        .order_by("agency__name_fa")
    ]
    if not agencies:
        raise CircularError(_("Every agency has acknowledged this circular; no reminder is needed."))
    queued = _email_agencies(circular, agencies, template="emails/circular_reminder")
    return CircularReminder.objects.create(
        circular=circular, sent_by=by, sent_on=today, agency_count=len(agencies), email_count=queued
    )
