"""Every change to a progress report goes through these actions, each one durable
transaction on the review engine (programs/workflows.py holds the table: who may do what,
from which state). A second click, or two people at once, find the new state and get a
TransitionError saying what happened."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from programs.models import Assignment, Evidence, ProgressReport, ReportingPeriod
from reform_portal import review
from reform_portal.review import TransitionError
from reform_portal.uploads import clean_original_name, validate_upload

REPORT_FIELDS = ["percent", "status", "work_done", "obstacles", "next_steps", "decrease_reason"]


def _save(*, assignment: Assignment, period: ReportingPeriod, by: User, data: dict, files=()) -> ProgressReport:
    assignment = Assignment.objects.select_for_update().select_related("agency__province").get(pk=assignment.pk)
    changes = {name: data[name] for name in REPORT_FIELDS if name in data}
    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    if report is None:
        report = ProgressReport(assignment=assignment, period=period, created_by=by)
        review.find(report, "create", by=by)  # the user's right and the period, before anything else
        if not assignment.is_active:
            raise TransitionError(_("This program is no longer assigned to your agency."), code="inactive_assignment")
        report = review.apply(report, "create", by=by, changes=changes)
    else:
        report = review.apply(report, "save", by=by, changes=changes)
    if files:
        _add_evidence(report, by=by, files=files)
    return report


def save_draft(*, assignment: Assignment, period: ReportingPeriod, by: User, data: dict, files=()) -> ProgressReport:
    """Creates or updates the agency's report for the period, keeping its state (a new
    report is a draft; a returned one stays returned until resubmitted)."""
    with transaction.atomic(durable=True):
        return _save(assignment=assignment, period=period, by=by, data=data, files=files)


def save_and_submit(
    *, assignment: Assignment, period: ReportingPeriod, by: User, data: dict, files=()
) -> ProgressReport:
    """Saves and submits in one transaction. When the submission is refused (incomplete,
    say) the save is kept and SubmissionRefused says why: nothing typed is lost."""
    return review.save_then(
        lambda: _save(assignment=assignment, period=period, by=by, data=data, files=files), "submit", by=by
    )


def submit_report(*, report: ProgressReport, by: User) -> ProgressReport:
    """To the IT office; where the province requires it, to the liaison deputy first."""
    return review.transition(report, "submit", by=by)


def sign_off_report(*, report: ProgressReport, by: User) -> ProgressReport:
    return review.transition(report, "sign_off", by=by)


def send_back_report(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    return review.transition(report, "send_back", by=by, reason=reason)


def approve_report(*, report: ProgressReport, by: User, comment: str = "") -> ProgressReport:
    return review.transition(report, "approve", by=by, reason=comment)


def return_report(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    return review.transition(report, "return", by=by, reason=reason)


def reopen_report(*, report: ProgressReport, by: User, reason: str) -> ProgressReport:
    """The only way to change an approved report: back to the agency as returned, with the
    reason recorded and sent."""
    return review.transition(report, "reopen", by=by, reason=reason)


def _add_evidence(report: ProgressReport, *, by: User, files) -> list[Evidence]:
    review.find(report, "add_evidence", by=by)
    errors, kinds = [], []
    for uploaded in files:
        try:
            kinds.append(validate_upload(uploaded))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"evidence": errors})
    created = []
    for uploaded, kind in zip(files, kinds, strict=True):
        evidence = Evidence(
            report=report, original_name=clean_original_name(uploaded.name), kind=kind, size=uploaded.size,
            uploaded_by=by,
        )  # fmt: skip
        evidence.file.save(uploaded.name, uploaded, save=False)
        evidence.save()
        created.append(evidence)
        review.apply(report, "add_evidence", by=by, comment=evidence.original_name)
    return created


def add_evidence(*, report: ProgressReport, by: User, files) -> list[Evidence]:
    """Attaches checked files to a draft or returned report."""
    with transaction.atomic(durable=True):
        return _add_evidence(report, by=by, files=files)


def remove_evidence(*, evidence: Evidence, by: User) -> None:
    """Hides a file from a draft or returned report; the stored file is kept."""
    with transaction.atomic(durable=True):
        report = review.workflow_for(ProgressReport).lock(evidence.report)
        review.find(report, "remove_evidence", by=by)
        evidence = Evidence.objects.select_for_update().get(pk=evidence.pk)
        if evidence.removed_at is None:
            evidence.removed_at = timezone.now()
            evidence.save(update_fields=["removed_at"])
            review.apply(report, "remove_evidence", by=by, comment=evidence.original_name)
