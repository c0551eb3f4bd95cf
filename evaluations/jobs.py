"""The evaluation's heavy work, done by the task worker (jobs/): an agency's dossier as PDF."""

from django.core.exceptions import PermissionDenied

from evaluations import exports, selectors
from jobs.registry import Result
from reform_portal import access

DOSSIER_PDF = "evaluations.dossier_pdf"
VIEWERS = (access.SEE_DASHBOARDS, access.SEE_AGENCY)


def dossier_pdf(job, progress) -> Result:
    """The dossier the user asked for, looked up again with their rights of now."""
    user = job.user
    if not (user.is_active and any(access.has(user, capability) for capability in VIEWERS)):
        raise PermissionDenied
    cycle, agency = selectors.get_scored_agency_for_user(user, job.params["cycle"], job.params["agency"])
    card = selectors.scorecard(cycle, agency)
    progress(30)
    content = exports.build_dossier_pdf(
        card, selectors.evidence_files(cycle, agency), selectors.objection_attachments(cycle, agency)
    )
    return Result(content, exports.dossier_filename(card, "pdf"), "application/pdf")
