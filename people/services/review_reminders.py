"""Reviewers are chased too: reports and service counts waiting for the IT office's decision
longer than REVIEW_SLA_DAYS remind the province's IT office reviewers (and the national
ones); once anything has waited longer than REVIEW_HEAD_AFTER_DAYS, the heads of review
(users marked so) as well. At most once per province and day (ReviewReminder), so
`send_review_reminders` may run any number of times a day and sends nothing twice."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from agencies.models import Province
from people.models import ReviewReminder
from people.selectors import province_reviewers, waiting_in_review_by_province
from reform_portal.notifications import Recipient, absolute_url, queue_email


def send_review_reminders(*, now: datetime.datetime | None = None) -> int:
    """Returns the number of provinces reminded."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    sla = datetime.timedelta(days=settings.REVIEW_SLA_DAYS)
    escalate_after = datetime.timedelta(days=settings.REVIEW_HEAD_AFTER_DAYS)
    waiting = waiting_in_review_by_province(submitted_before=now - sla)
    if not waiting:
        return 0
    already = set(
        ReviewReminder.objects.filter(sent_on=today, province_id__in=list(waiting)).values_list(
            "province_id", flat=True
        )
    )
    provinces = Province.objects.in_bulk([pk for pk in waiting if pk not in already])
    sent = 0
    for province_id, province in sorted(provinces.items()):
        found = waiting[province_id]
        escalated = found.oldest is not None and found.oldest < now - escalate_after
        try:
            with transaction.atomic():
                ReviewReminder.objects.create(
                    province=province, sent_on=today, reports_waiting=found.reports, counts_waiting=found.counts,
                    escalated=escalated,
                )  # fmt: skip
                recipients = [Recipient.for_user(user) for user in province_reviewers(province_id).order_by("pk")]
                if escalated:
                    recipients += [
                        Recipient.for_user(user) for user in province_reviewers(province_id, heads=True).order_by("pk")
                    ]
                queue_email(
                    recipients=recipients,
                    template="emails/review_overdue",
                    context={
                        "province": province, "reports": found.reports, "counts": found.counts,
                        "days": settings.REVIEW_SLA_DAYS, "oldest": found.oldest, "escalated": escalated,
                        "url": absolute_url(reverse("programs:review_queue")),
                    },
                )  # fmt: skip
        except IntegrityError:  # another run reminded this province today, at the same moment
            continue
        sent += 1
    return sent
