from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from agencies.selectors import get_agency_for_user
from programs.models import ReportingPeriod
from programs.selectors import current_period
from reform_portal import access, review
from reform_portal.access import capability_required
from reform_portal.ratelimits import export_rate_limit
from reform_portal.review.forms import DecisionForm
from reform_portal.review.views import Decision, decide, offered, queue_page, queue_return
from reform_portal.tabular import respond
from service_channels import services
from service_channels.exports import channel_tables
from service_channels.forms import CountsForm, CountsQueueFilterForm, DashboardFilterForm, ServiceForm
from service_channels.models import Channel, ChannelReport
from service_channels.selectors import (
    CHANNEL_QUEUE_SORTS,
    agency_catalogue,
    agency_channel_reports,
    channel_dashboard,
    channel_queue_counts,
    channel_review_queue,
    count_sheet,
    get_channel_report_for_user,
    get_service_for_user,
)

DECISIONS = [
    Decision("approve", gettext_lazy("Approve"), "btn-success", gettext_lazy("The counts were approved.")),
    Decision("return", gettext_lazy("Return to the agency"), "btn-warning",
             gettext_lazy("The counts were returned to the agency with your reason.")),
]  # fmt: skip


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if access.has(user, access.SEE_DASHBOARDS):
        return redirect("channels:dashboard")
    if access.has(user, access.SEE_AGENCY):
        return redirect("channels:catalogue", pk=user.agency_id)
    raise PermissionDenied


# --- the catalogue ----------------------------------------------------------------------


def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, pk)
    periods = agency_channel_reports(agency)
    for item in periods:
        report = item["report"] or ChannelReport(agency=agency, period=item["period"])
        report.agency, report.period = agency, item["period"]
        item["writable"] = review.allows(report, "save" if item["report"] else "create", by=request.user)
    return render(
        request,
        "channels/catalogue.html",
        {
            "agency": agency,
            "services": agency_catalogue(agency),
            "channels": Channel.choices,
            "periods": periods,
            "can_edit": services.can_keep_catalogue(request.user, agency),
        },
    )


def _service_form_page(request, *, agency, service=None):
    if request.method == "POST":
        form = ServiceForm(request.POST, agency=agency)
        if form.is_valid():
            try:
                services.save_service(
                    agency=agency,
                    service=service,
                    by=request.user,
                    data=form.service_data(),
                    channels=form.channels(),
                    programs=form.cleaned_data["programs"],
                )
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("The service was saved."))
                return redirect("channels:catalogue", pk=agency.pk)
    else:
        form = ServiceForm(initial=ServiceForm.initial_from(service), agency=agency)
    return render(request, "channels/service_form.html", {"form": form, "agency": agency, "service": service})


@capability_required(access.WRITE_REPORTS)
def service_create(request: HttpRequest) -> HttpResponse:
    return _service_form_page(request, agency=request.user.agency)


@capability_required(access.WRITE_REPORTS)
def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_service_for_user(request.user, pk)
    return _service_form_page(request, agency=service.agency, service=service)


# --- counts ---------------------------------------------------------------------------------


@capability_required(access.WRITE_REPORTS)
def counts_edit(request: HttpRequest, period_pk: int) -> HttpResponse:
    """The agency's counts for a period: save as draft, or submit."""
    agency = request.user.agency
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    report = ChannelReport.objects.filter(agency=agency, period=period).select_related("agency__province").first()
    draft = report or ChannelReport(agency=agency, period=period)
    refusal = review.refusal(draft, "save" if report else "create", by=request.user)
    if refusal:
        messages.info(request, refusal)
        return redirect(report) if report else redirect("channels:catalogue", pk=agency.pk)
    sheet = count_sheet(agency, period, report)
    form = CountsForm(request.POST or None, sheet=sheet, new=report is None)
    if request.method == "POST":
        if form.is_valid():
            submitting = "submit" in request.POST
            action = services.save_and_submit_counts if submitting else services.save_counts
            try:
                saved = action(agency=agency, period=period, by=request.user, counts=form.counts())
                if submitting:
                    messages.success(request, _("The counts were submitted to the IT office for review."))
                    return redirect(saved)
                messages.success(request, _("The draft was saved. It is not submitted yet."))
                return redirect("channels:counts_edit", period_pk=period.pk)
            except review.SubmissionRefused as error:
                report = error.record
                for message in error.messages:
                    form.add_error(None, message)
            except review.TransitionError as error:
                messages.error(request, error.messages[0])
                return redirect(report) if report else redirect("channels:catalogue", pk=agency.pk)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
        if form.errors:
            if "submit" in request.POST:
                message = _("The counts were not submitted. Correct the marked fields; what you typed is kept.")
            else:
                message = _("The draft was not saved. Correct the marked fields; what you typed is kept.")
            messages.error(request, message)
    return render(
        request,
        "channels/counts_form.html",
        {"form": form, "agency": agency, "period": period, "report": report, "channels": Channel.choices},
    )


def _queue_return(request):
    return queue_return(request, queue="channels:review_queue", keys=CountsQueueFilterForm.KEYS)


def _report_page(request, report: ChannelReport, *, decision_form=None, status=200):
    user = request.user
    return render(
        request,
        "channels/report_detail.html",
        {
            "report": report,
            "sheet": count_sheet(report.agency, report.period, report),
            "channels": Channel.choices,
            "events": report.events.select_related("actor"),
            "can_edit": review.allows(report, "save", by=user),
            "decisions": offered(report, DECISIONS, by=user),
            "decision_form": decision_form or DecisionForm(),
            "decision_error": decision_form is not None,
            "queue": _queue_return(request) if access.has(user, access.SEE_DASHBOARDS) else None,
        },
        status=status,
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, get_channel_report_for_user(request.user, pk))


@require_POST
@capability_required(access.REVIEW_REPORTS)
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    came_from = _queue_return(request)
    return decide(
        request, get_channel_report_for_user(request.user, pk), DECISIONS, page=_report_page,
        done_url=came_from.done_url if came_from else None,
    )  # fmt: skip


@capability_required(access.SEE_DASHBOARDS)
def review_queue(request: HttpRequest) -> HttpResponse:
    """Counts by state (submitted first), searched by agency, filtered by period and sorted;
    everything in the URL, so a decision taken on counts comes back here."""
    form = CountsQueueFilterForm(request.GET or None)
    filters = form.filters()
    state, sort = filters.pop("state"), filters.pop("sort")
    reports = channel_review_queue(request.user, state=state, sort=sort, **filters)
    queue = queue_page(
        request, reports, keys=CountsQueueFilterForm.KEYS, state=state, sort=sort, sorts=CHANNEL_QUEUE_SORTS,
        state_choices=form.fields["state"].choices, counts=channel_queue_counts(request.user, **filters),
    )  # fmt: skip
    return render(
        request,
        "channels/review_queue.html",
        {
            "form": form,
            "state": state,
            "sort": sort,
            **queue,
            "reports": queue["rows"],
            "can_review": access.has(request.user, access.REVIEW_REPORTS),
        },
    )


# --- the dashboard ---------------------------------------------------------------------------


def _dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    period = form.cleaned_data.get("period") if form.is_valid() else None
    period = period or current_period()
    if period is not None and not form.is_bound:
        form = DashboardFilterForm(initial={"period": period})
    return form, channel_dashboard(request.user, period)


@capability_required(access.SEE_DASHBOARDS)
def dashboard(request: HttpRequest) -> HttpResponse:
    form, data = _dashboard(request)
    return render(
        request,
        "channels/dashboard.html",
        {"form": form, "dashboard": data, "query": request.GET.urlencode()},
    )


@capability_required(access.SEE_DASHBOARDS)
@export_rate_limit
def dashboard_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    _form, data = _dashboard(request)
    if data.period is None:
        raise Http404
    return respond(channel_tables(data), table, fmt)
