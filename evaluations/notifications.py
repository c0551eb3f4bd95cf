"""Who hears about the evaluation's steps (called by the workflows' hooks, evaluations/workflows.py)."""

from django.urls import reverse

from agencies.models import Agency
from agencies.selectors import recipients_by_agency, review_recipients
from reform_portal.notifications import absolute_url, queue_email


def to_agencies(cycle, *, template: str, reason: str = "") -> int:
    """Every agency the cycle evaluates (its staff and confirmed deputy), each with the link
    to its own scores (and the reason of the step, when it has one). Two queries plus the inserts."""
    agencies = list(
        Agency.objects.filter(province_id=cycle.province_id, kind=Agency.Kind.EXECUTIVE, is_active=True).order_by("pk")
    )
    recipients = recipients_by_agency(agency.pk for agency in agencies)
    queued = 0
    for agency in agencies:
        link = absolute_url(reverse("evaluations:scorecard", args=[cycle.pk, agency.pk]))
        queued += queue_email(
            recipients=recipients.get(agency.pk, []),
            template=template,
            context={"cycle": cycle, "agency": agency, "url": link, "reason": reason},
        )
    return queued


def to_reviewers(objection) -> None:
    """A new objection: the IT office reviewers of the agency's province (and national ones)."""
    queue_email(
        recipients=review_recipients(objection.score.agency.province_id),
        template="emails/objection_filed",
        context={"objection": objection, "score": objection.score, "url": absolute_url(objection.get_absolute_url())},
    )


def objection_decided(objection) -> None:
    agency_id = objection.score.agency_id
    template = (
        "emails/objection_accepted" if objection.state == objection.State.ACCEPTED else "emails/objection_rejected"
    )
    queue_email(
        recipients=recipients_by_agency([agency_id]).get(agency_id, []),
        template=template,
        context={"objection": objection, "score": objection.score, "url": absolute_url(objection.get_absolute_url())},
    )
