from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agencies.selectors import current_deputy, get_agency_for_user
from programs import services
from programs.extensions import agency_links
from programs.forms import ReportForm, ReviewQueueFilterForm, VerifyIndicatorForm
from programs.indicators import indicators_for, targets_for
from programs.metrics import approved_percent_before_for
from programs.models import Evidence, ProgressReport, ReportingPeriod
from programs.selectors import (
    QUEUE_SORTS,
    agency_report_sections,
    get_assignment_for_user,
    get_report_for_user,
    indicator_value_rows,
    open_periods,
    previous_report,
    review_queue,
    review_queue_counts,
    sign_off_queue,
)
from reform_portal import access, review
from reform_portal.access import capability_required
from reform_portal.review.forms import DecisionForm
from reform_portal.review.views import Decision, decide, offered, queue_page, queue_return
from reform_portal.uploads import attachment_response

DECISIONS = [
    Decision("approve", gettext_lazy("Approve"), "btn-success", gettext_lazy("The report was approved.")),
    Decision("return", gettext_lazy("Return to the agency"), "btn-warning",
             gettext_lazy("The report was returned to the agency with your reason.")),
    Decision("sign_off", gettext_lazy("Sign off and send to the IT office"), "btn-success",
             gettext_lazy("You signed the report off; it has been sent to the IT office.")),
    Decision("send_back", gettext_lazy("Send back to the staff"), "btn-warning",
             gettext_lazy("The report was sent back to the agency's staff with your reason.")),
]  # fmt: skip


def agency_page(request: HttpRequest, pk: int) -> HttpResponse:
    """An agency's home: its reports to write for each open period, and its liaison deputy."""
    agency = get_agency_for_user(request.user, pk)
    periods = open_periods()
    return render(
        request,
        "programs/agency.html",
        {
            "agency": agency,
            "deputy": current_deputy(agency),
            "periods": periods,
            "sections": agency_report_sections(agency, periods),
            "writes_here": access.can_act_on(request.user, access.WRITE_REPORTS, agency),
            "links": agency_links(request.user, agency),
        },
    )


def _report_form_page(request, *, assignment, period: ReportingPeriod, report: ProgressReport | None):
    """The report form for a new or existing report: save as draft, or submit."""
    user = request.user
    draft = report or ProgressReport(assignment=assignment, period=period)
    refusal = review.refusal(draft, "save" if report else "create", by=user)
    if refusal and request.method == "POST":
        messages.error(request, refusal)
        return redirect(report) if report else redirect("programs:agency", pk=assignment.agency_id)
    indicators = indicators_for(assignment)
    values = {row.indicator_id: row for row in report.indicator_values.all()} if report else {}
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES, indicators=indicators, indicator_values=values)
        submitting, saved_draft = "submit" in request.POST, False
        if form.is_valid():
            action = services.save_and_submit if submitting else services.save_draft
            try:
                saved = action(
                    assignment=assignment, period=period, by=user, data=form.report_data(),
                    files=form.cleaned_data["evidence"], indicator_values=form.indicator_data(),
                    indicator_files=form.indicator_files(),
                )  # fmt: skip
            except review.SubmissionRefused as error:
                report = error.record
                form.add_error(None, error)
                saved_draft = True
            except review.TransitionError as error:
                messages.error(request, error.messages[0])
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if not submitting:
                    messages.success(request, _("The draft was saved. It is not submitted yet."))
                    return redirect("programs:report_edit", pk=saved.pk)
                if saved.state == ProgressReport.State.AWAITING_SIGN_OFF:
                    messages.success(request, _("The report was sent to your liaison deputy for sign-off."))
                else:
                    messages.success(request, _("The report was submitted to the IT office for review."))
                return redirect(saved)
        if saved_draft:
            messages.error(
                request, _("The draft was saved, but not submitted. Correct the marked fields and submit it again.")
            )
        elif form.errors:
            if submitting:
                message = _("The report was not submitted. Correct the marked fields; what you typed is kept.")
            else:
                message = _("The draft was not saved. Correct the marked fields; what you typed is kept.")
            messages.error(request, message)
    else:
        form = ReportForm(initial=ReportForm.initial_from(report), indicators=indicators, indicator_values=values)
    files = list(report.evidence.filter(removed_at__isnull=True)) if report else []
    evidence = [file for file in files if file.indicator_id is None]
    by_indicator = {}
    for file in files:
        if file.indicator_id is not None:
            by_indicator.setdefault(file.indicator_id, []).append(file)
    return render(
        request,
        "programs/report_form.html",
        {
            "form": form,
            "assignment": assignment,
            "period": period,
            "report": report,
            "evidence": evidence,
            "indicator_rows": form.indicator_rows(by_indicator, targets_for(assignment, period) if indicators else {}),
            "removable": files,
            "approved_percent_before": approved_percent_before_for(assignment=assignment, period=period),
            "refusal": refusal,
            "files_saved": request.method == "POST" and saved_draft,  # the draft kept the chosen files
            "days_left": (period.due_on - timezone.localdate()).days,
        },
    )


@capability_required(access.WRITE_REPORTS)
def report_start(request: HttpRequest, assignment_pk: int, period_pk: int) -> HttpResponse:
    assignment = get_assignment_for_user(request.user, assignment_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    if report is not None:
        return redirect("programs:report_edit", pk=report.pk)
    return _report_form_page(request, assignment=assignment, period=period, report=None)


@capability_required(access.WRITE_REPORTS)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    refusal = review.refusal(report, "save", by=request.user)
    if refusal is not None and report.state not in (ProgressReport.State.DRAFT, ProgressReport.State.RETURNED):
        messages.info(request, refusal)
        return redirect(report)
    return _report_form_page(request, assignment=report.assignment, period=report.period, report=report)


def _queue_return(request: HttpRequest):
    return queue_return(request, queue="programs:review_queue", keys=ReviewQueueFilterForm.KEYS)


def _indicator_context(report: ProgressReport, user, *, verify_form=None) -> dict:
    """The report's indicator values with their evidence, and whether the user may record
    verified values (the reviewer, while the report waits for review)."""
    rows = indicator_value_rows(report)
    return {
        "indicator_rows": rows,
        "can_verify": bool(rows) and review.allows(report, "verify_indicator", by=user),
        "verify_form": verify_form,
    }


def _report_page(
    request: HttpRequest, report: ProgressReport, *, decision_form=None, status: int = 200, verify_form=None
):  # fmt: skip
    """The report's page: the report, its evidence, the previous period's report beside it,
    the timeline, and the actions the user may take."""
    previous = previous_report(report)
    user = request.user
    decisions = offered(report, DECISIONS, by=user)
    came_from = _queue_return(request) if access.has(user, access.SEE_DASHBOARDS) else None
    return render(
        request,
        "programs/report_detail.html",
        {
            "report": report,
            "events": report.events.select_related("actor"),
            "evidence": report.evidence.filter(removed_at__isnull=True).select_related("uploaded_by"),
            "previous": previous,
            "change": report.percent - previous.percent if previous else None,
            "can_edit": review.allows(report, "save", by=user),
            "decisions": decisions,
            "decision_heading": _("Sign-off") if report.state == ProgressReport.State.AWAITING_SIGN_OFF else None,
            "decision_form": decision_form or DecisionForm(),
            "decision_error": decision_form is not None,
            **_indicator_context(report, user, verify_form=verify_form),
            "queue": came_from,
        },
        status=status,
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, get_report_for_user(request.user, pk))


@require_POST
@capability_required(access.REVIEW_REPORTS, access.SIGN_OFF_REPORTS)
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    came_from = _queue_return(request)
    return decide(
        request, get_report_for_user(request.user, pk), DECISIONS, page=_report_page,
        done_url=came_from.done_url if came_from else None,
    )  # fmt: skip


def _evidence_for_user(user, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=pk, removed_at__isnull=True)
    get_report_for_user(user, evidence.report_id)
    return evidence


def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence_for_user(request.user, pk)
    return attachment_response(evidence.file, download_name=evidence.original_name)


@require_POST
@capability_required(access.WRITE_REPORTS)
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence_for_user(request.user, pk)
    try:
        services.remove_evidence(evidence=evidence, by=request.user)
    except review.TransitionError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("The file “%(name)s” was removed from the report.") % {"name": evidence.original_name}
        )
    return redirect("programs:report_edit", pk=evidence.report_id)


@capability_required(access.SEE_DASHBOARDS)
def review_queue_view(request: HttpRequest) -> HttpResponse:
    """Reports by state (submitted, i.e. waiting for review, first), searched, filtered and
    sorted; everything in the URL, so a decision taken on a report comes back here."""
    form = ReviewQueueFilterForm(request.GET or None, agencies=access.agencies_visible_to(request.user))
    filters = form.filters()
    state, sort = filters.pop("state"), filters.pop("sort")
    reports = review_queue(request.user, state=state, sort=sort, **filters)
    queue = queue_page(
        request, reports, keys=ReviewQueueFilterForm.KEYS, state=state, sort=sort, sorts=QUEUE_SORTS,
        state_choices=form.fields["state"].choices, counts=review_queue_counts(request.user, **filters),
    )  # fmt: skip
    return render(
        request,
        "programs/review_queue.html",
        {
            "form": form,
            "state": state,
            "sort": sort,
            **queue,
            "can_review": access.has(request.user, access.REVIEW_REPORTS),
            "today": timezone.localdate(),
        },
    )


@capability_required(access.SIGN_OFF_REPORTS)
def sign_off_queue_view(request: HttpRequest) -> HttpResponse:
    """The liaison deputy's queue: the agency's reports waiting for sign-off, oldest first."""
    return render(request, "programs/sign_off_queue.html", {"reports": sign_off_queue(request.user)})


@require_POST
@capability_required(access.REVIEW_REPORTS)
def indicator_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """The reviewer's verified value of one of the report's indicators, with the reason."""
    report = get_report_for_user(request.user, pk)
    rows = {row.indicator.pk: row for row in indicator_value_rows(report)}
    form = VerifyIndicatorForm(request.POST, rows=rows)
    if not form.is_valid():
        messages.error(request, _("The verified value was not recorded. Correct the marked fields."))
        return _report_page(request, report, status=400, verify_form=form)
    row = form.cleaned_data["row"]
    try:
        services.verify_indicator_value(
            report=report, indicator=row.indicator, by=request.user, reason=form.cleaned_data["reason"],
            **form.numbers(),
        )  # fmt: skip
    except review.TransitionError as error:
        messages.error(request, error.messages[0])
    except ValidationError as error:
        form.add_error(None, " ".join(error.messages))
        messages.error(request, _("The verified value was not recorded. Correct the marked fields."))
        return _report_page(request, report, status=400, verify_form=form)
    else:
        messages.success(
            request, _("The verified value of «%(indicator)s» was recorded.") % {"indicator": row.indicator.title}
        )
    return redirect(report)
