from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.permissions import reviewer_required
from agencies.selectors import agencies_visible_to
from programs import services, workflow
from programs.forms import ReportForm, ReviewForm, ReviewQueueFilterForm
from programs.models import Assignment, Evidence, ProgressReport, ReportingPeriod
from programs.selectors import (
    get_report_for_user,
    last_approved_percent,
    previous_report,
    review_queue,
)
from reform_portal.uploads import attachment_response


def _own_assignment(user, pk: int) -> Assignment:
    """Agency staff reach only their own agency's assignments; anything else is a 404."""
    if not user.is_agency_staff:
        raise Http404
    return get_object_or_404(
        Assignment.objects.select_related("program__owner", "agency"), pk=pk, agency_id=user.agency_id
    )


def _report_form_page(request, *, assignment: Assignment, period: ReportingPeriod, report: ProgressReport | None):
    """The report form for a new or existing report: save as draft, or submit."""
    refusal = workflow.edit_refusal(period, report)
    if refusal and request.method == "POST":
        messages.error(request, refusal)
        return redirect(report) if report else redirect("agencies:detail", pk=assignment.agency_id)
    previous = last_approved_percent(assignment=assignment, before=period)
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                report = services.save_draft(
                    assignment=assignment,
                    period=period,
                    by=request.user,
                    data=form.report_data(),
                    files=form.cleaned_data["evidence"],
                )
                if "submit" in request.POST:
                    services.submit_report(report=report, by=request.user)
                    messages.success(request, _("The report was submitted to the IT office for review."))
                    return redirect(report)
                messages.success(request, _("The draft was saved. It is not submitted yet."))
                return redirect("programs:report_edit", pk=report.pk)
            except services.TransitionError as error:
                messages.error(request, error.messages[0])
            except ValidationError as error:
                form.add_error(None, error)
                if report is None:
                    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
        if form.errors:
            messages.error(
                request, _("The report was not submitted. Correct the marked fields; what you typed is kept.")
            )
    else:
        form = ReportForm(initial=ReportForm.initial_from(report))
    evidence = list(report.evidence.filter(removed_at__isnull=True)) if report else []
    return render(
        request,
        "programs/report_form.html",
        {
            "form": form,
            "assignment": assignment,
            "period": period,
            "report": report,
            "evidence": evidence,
            "last_approved": previous,
            "refusal": refusal,
            "days_left": (period.due_on - timezone.localdate()).days,
        },
    )


def report_start(request: HttpRequest, assignment_pk: int, period_pk: int) -> HttpResponse:
    assignment = _own_assignment(request.user, assignment_pk)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    report = ProgressReport.objects.filter(assignment=assignment, period=period).first()
    if report is not None:
        return redirect("programs:report_edit", pk=report.pk)
    return _report_form_page(request, assignment=assignment, period=period, report=None)


def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    if not services.can_edit_report(request.user, assignment=report.assignment):
        raise PermissionDenied
    if not report.is_editable_state:
        messages.info(request, workflow.edit_refusal(report.period, report))
        return redirect(report)
    return _report_form_page(request, assignment=report.assignment, period=report.period, report=report)


def _report_page(request: HttpRequest, report: ProgressReport, *, review_form=None, status: int = 200):
    """The report's page: the report, its evidence, the previous period's report beside it,
    the timeline, and the actions the user may take."""
    previous = previous_report(report)
    user = request.user
    return render(
        request,
        "programs/report_detail.html",
        {
            "report": report,
            "events": report.events.select_related("actor"),
            "evidence": report.evidence.filter(removed_at__isnull=True).select_related("uploaded_by"),
            "previous": previous,
            "change": report.percent - previous.percent if previous else None,
            "can_edit": services.can_edit_report(user, assignment=report.assignment)
            and workflow.edit_refusal(report.period, report) is None,
            "can_review": services.can_review_report(user) and report.state == ProgressReport.State.SUBMITTED,
            "review_form": review_form or ReviewForm(),
            "review_error": review_form is not None,
        },
        status=status,
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, get_report_for_user(request.user, pk))


def review_decision(request, report, *, approve, send_back, approved, returned, page) -> HttpResponse:
    """Reads the review form (approve, or return with a reason) and calls the service;
    shared by progress reports and channel counts. `page(request, report, review_form=…,
    status=…)` renders the object's page again when the reason is missing."""
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose to approve or to return the report."))
        return redirect(report)
    comment = form.cleaned_data["comment"]
    try:
        if form.cleaned_data["decision"] == "approve":
            approve(report=report, by=request.user, comment=comment)
            messages.success(request, approved)
        else:
            send_back(report=report, by=request.user, reason=comment)
            messages.success(request, returned)
    except workflow.TransitionError as error:
        messages.error(request, error.messages[0])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return page(request, report, review_form=form, status=400)
    return redirect(report)


@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request.user, pk)
    if not services.can_review_report(request.user):
        raise PermissionDenied
    return review_decision(
        request,
        report,
        approve=services.approve_report,
        send_back=services.return_report,
        approved=_("The report was approved."),
        returned=_("The report was returned to the agency with your reason."),
        page=_report_page,
    )


def _evidence_for_user(user, pk: int) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("report"), pk=pk, removed_at__isnull=True)
    get_report_for_user(user, evidence.report_id)
    return evidence


def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence_for_user(request.user, pk)
    return attachment_response(evidence.file, download_name=evidence.original_name)


@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence_for_user(request.user, pk)
    try:
        services.remove_evidence(evidence=evidence, by=request.user)
        messages.success(
            request, _("The file “%(name)s” was removed from the report.") % {"name": evidence.original_name}
        )
    except services.TransitionError as error:
        messages.error(request, error.messages[0])
    return redirect("programs:report_edit", pk=evidence.report_id)


@reviewer_required
def review_queue_view(request: HttpRequest) -> HttpResponse:
    form = ReviewQueueFilterForm(request.GET or None, agencies=agencies_visible_to(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    reports = review_queue(
        request.user,
        period=filters.get("period"),
        program=filters.get("program"),
        agency=filters.get("agency"),
        it_office_only=bool(filters.get("it_office_only")),
    )
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "programs/review_queue.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )
