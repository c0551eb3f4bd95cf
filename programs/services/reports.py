"""Every change to a progress report goes through these actions, each one durable
transaction on the review engine (programs/workflows.py holds the table: who may do what,
from which state). A second click, or two people at once, find the new state and get a
TransitionError saying what happened."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import User
from programs import indicators as indicator_rules
from programs.models import Assignment, Evidence, Indicator, IndicatorValue, ProgressReport, ReportingPeriod
from reform_portal import review
from reform_portal.review import TransitionError
from reform_portal.uploads import clean_original_name, validate_upload

REPORT_FIELDS = ["percent", "status", "work_done", "obstacles", "next_steps", "decrease_reason"]


def _indicator_rows(report: ProgressReport | None, indicators, values: dict) -> list[tuple]:
    """(indicator, stored row or None, the columns to write) for each typed value that
    changes. Raises ValidationError, by form field, for an impossible value."""
    errors, planned = {}, []
    existing = {}
    if report is not None and report.pk is not None:
        existing = {row.indicator_id: row for row in IndicatorValue.objects.filter(report=report)}
    for indicator in indicators:
        if not indicator.is_typed or indicator.pk not in values:
            continue
        typed = values[indicator.pk]
        numbers = {part: typed.get(part) for part in ("value", "numerator", "denominator")}
        errors.update(indicator_rules.check_value(indicator, **numbers))
        columns = {**indicator_rules.stored_values(indicator, **numbers), "note": typed.get("note", "")}
        row = existing.get(indicator.pk)
        if row is None:
            if any(value not in (None, "") for value in columns.values()):
                planned.append((indicator, None, columns))
        elif any(getattr(row, key) != value for key, value in columns.items()):
            planned.append((indicator, row, columns))
    if errors:
        raise ValidationError(errors)
    return planned


_VERIFIED_FIELDS = ("verified_value", "verified_numerator", "verified_denominator", "verified_reason", "verified_by",
                    "verified_at")  # fmt: skip


def _write_indicator_rows(report: ProgressReport, planned: list[tuple]) -> None:
    for indicator, row, columns in planned:
        if row is None:
            row = IndicatorValue(report=report, indicator=indicator, **columns)
            row.full_clean()
            row.save()
            continue
        fields = list(columns)
        if any(getattr(row, key) != columns[key] for key in ("value", "numerator", "denominator")) and row.is_verified:
            # The agency corrected the declared value: the reviewer's verification was of the
            # old one (kept in the report's timeline), so it no longer applies.
            for name in _VERIFIED_FIELDS:
                setattr(row, name, "" if name == "verified_reason" else None)
            fields += _VERIFIED_FIELDS
        for key, value in columns.items():
            setattr(row, key, value)
        row.full_clean()
        row.save(update_fields=fields)


def _save(
    *, assignment: Assignment, period: ReportingPeriod, by: User, data: dict, files=(), indicator_values=None,
    indicator_files=None,
) -> ProgressReport:  # fmt: skip
    assignment = Assignment.objects.select_for_update().select_related("agency__province").get(pk=assignment.pk)
    changes = {name: data[name] for name in REPORT_FIELDS if name in data}
    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    indicators = indicator_rules.indicators_for(assignment) if indicator_values or indicator_files else []
    if report is None:
        report = ProgressReport(assignment=assignment, period=period, created_by=by)
        review.find(report, "create", by=by)  # the user's right and the period, before anything else
        if not assignment.is_active:
            raise TransitionError(_("This program is no longer assigned to your agency."), code="inactive_assignment")
        planned = _indicator_rows(None, indicators, indicator_values or {})
        report = review.apply(report, "create", by=by, changes=changes)
    else:
        review.find(report, "save", by=by)
        planned = _indicator_rows(report, indicators, indicator_values or {})
        report = review.apply(report, "save", by=by, changes=changes, touched=bool(planned))
    _write_indicator_rows(report, planned)
    if files:
        _add_evidence(report, by=by, files=files)
    by_pk = {indicator.pk: indicator for indicator in indicators}
    for indicator_id, chosen in (indicator_files or {}).items():
        if chosen and indicator_id in by_pk:
            _add_evidence(report, by=by, files=chosen, indicator=by_pk[indicator_id])
    return report


def save_draft(
    *, assignment: Assignment, period: ReportingPeriod, by: User, data: dict, files=(), indicator_values=None,
    indicator_files=None,
) -> ProgressReport:  # fmt: skip
    """Creates or updates the agency's report for the period, keeping its state (a new
    report is a draft; a returned one stays returned until resubmitted). Its indicator
    values ({indicator id: {"value", "numerator", "denominator", "note"}}) and each
    indicator's evidence files ({indicator id: [files]}) are saved with it."""
    with transaction.atomic(durable=True):
        return _save(
            assignment=assignment, period=period, by=by, data=data, files=files, indicator_values=indicator_values,
            indicator_files=indicator_files,
        )  # fmt: skip


def save_and_submit(
    *, assignment: Assignment, period: ReportingPeriod, by: User, data: dict, files=(), indicator_values=None,
    indicator_files=None,
) -> ProgressReport:  # fmt: skip
    """Saves and submits in one transaction. When the submission is refused (incomplete,
    say) the save is kept and SubmissionRefused says why: nothing typed is lost."""
    return review.save_then(
        lambda: _save(
            assignment=assignment, period=period, by=by, data=data, files=files, indicator_values=indicator_values,
            indicator_files=indicator_files,
        ),
        "submit",
        by=by,
    )  # fmt: skip


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


def _add_evidence(report: ProgressReport, *, by: User, files, indicator=None) -> list[Evidence]:
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
            uploaded_by=by, indicator=indicator,
        )  # fmt: skip
        evidence.file.save(uploaded.name, uploaded, save=False)
        evidence.save()
        created.append(evidence)
        comment = evidence.original_name if indicator is None else f"{evidence.original_name} ({indicator.code})"
        review.apply(report, "add_evidence", by=by, comment=comment)
    return created


def add_evidence(*, report: ProgressReport, by: User, files, indicator=None) -> list[Evidence]:
    """Attaches checked files to a draft or returned report (to one of its indicators when given)."""
    with transaction.atomic(durable=True):
        return _add_evidence(report, by=by, files=files, indicator=indicator)


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


def verify_indicator_value(
    *, report: ProgressReport, indicator: Indicator, by: User, reason: str, value=None, numerator=None,
    denominator=None,
) -> IndicatorValue:  # fmt: skip
    """The reviewer's verified value of one of a submitted report's indicators, with the
    reason; the declared value is kept beside it, and the report's timeline records both."""
    with transaction.atomic(durable=True):
        report = review.workflow_for(ProgressReport).lock(report)
        review.find(report, "verify_indicator", by=by)
        try:
            row = IndicatorValue.objects.select_for_update().get(report=report, indicator=indicator)
        except IndicatorValue.DoesNotExist:
            raise TransitionError(
                _("The agency reported no value for this indicator; return the report instead."), code="no_value"
            ) from None
        numbers = {"value": value, "numerator": numerator, "denominator": denominator}
        errors = indicator_rules.check_value(indicator, **numbers)
        stored = indicator_rules.stored_values(indicator, **numbers)
        if stored["value"] is None and not errors:
            errors = {indicator_rules.field_name(indicator.pk, "value"): _("Enter the verified value.")}
        if errors:
            raise ValidationError(errors)
        data = {
            "indicator": indicator.code,
            "declared": _text(row.value),
            "verified": _text(stored["value"]),
        }
        if indicator.is_ratio:
            data |= {"declared_ratio": [_text(row.numerator), _text(row.denominator)],
                     "verified_ratio": [_text(stored["numerator"]), _text(stored["denominator"])]}  # fmt: skip
        review.apply(report, "verify_indicator", by=by, reason=reason, data=data)
        row.verified_value, row.verified_numerator, row.verified_denominator = (
            stored["value"], stored["numerator"], stored["denominator"],
        )  # fmt: skip
        row.verified_reason, row.verified_by, row.verified_at = reason.strip(), by, timezone.now()
        row.full_clean()
        row.save(update_fields=list(_VERIFIED_FIELDS))
        return row


def _text(value) -> str | None:
    return None if value is None else format(value.normalize(), "f")
