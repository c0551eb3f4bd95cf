"""Who hears about a progress report's steps (called by the report workflow's hooks)."""

from agencies.selectors import recipients_by_agency, review_recipients, signing_deputy_recipients
from programs.models import ProgressReport
from reform_portal.notifications import absolute_url, queue_email


def _context(report: ProgressReport) -> dict:
    return {"report": report, "url": absolute_url(report.get_absolute_url())}


def to_reviewers(report: ProgressReport) -> None:
    """The IT office reviewers of the report's province (and national ones)."""
    queue_email(
        recipients=review_recipients(report.assignment.agency.province_id),
        template="emails/report_submitted",
        context=_context(report),
    )


def to_agency(report: ProgressReport, *, template: str, with_deputy: bool = True) -> None:
    agency_id = report.assignment.agency_id
    queue_email(
        recipients=recipients_by_agency([agency_id], with_deputy=with_deputy).get(agency_id, []),
        template=template,
        context=_context(report),
    )


def to_deputy(report: ProgressReport, *, template: str) -> None:
    """The agency's confirmed liaison deputy, as a portal user."""
    queue_email(
        recipients=signing_deputy_recipients(report.assignment.agency_id),
        template=template,
        context=_context(report),
    )
