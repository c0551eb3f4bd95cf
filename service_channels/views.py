from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from agencies.permissions import reviewer_required
from agencies.selectors import get_agency_for_user
from dashboards.exports import respond
from programs import workflow
from programs.forms import ReviewForm
from programs.models import ReportingPeriod
from programs.selectors import current_period
from programs.views import review_decision
from service_channels import services
from service_channels.exports import channel_tables
from service_channels.forms import CountsForm, DashboardFilterForm, ServiceForm
from service_channels.models import Channel, ChannelReport
from service_channels.selectors import (
    agency_catalogue,
    agency_channel_reports,
    channel_dashboard,
    channel_review_queue,
    count_sheet,
    get_channel_report_for_user,
    get_service_for_user,
)


def index(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_agency_staff:
        return redirect("channels:catalogue", pk=user.agency_id)
    if user.is_reviewer or user.is_superuser:
        return redirect("channels:dashboard")
    raise PermissionDenied


def _own_agency(user):
    """Only agency staff write a catalogue or counts: their own agency's."""
    if not user.is_agency_staff:
        raise PermissionDenied
    return user.agency


# --- the catalogue ----------------------------------------------------------------------


def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    agency = get_agency_for_user(request.user, pk)
    return render(
        request,
        "channels/catalogue.html",
        {
            "agency": agency,
            "services": agency_catalogue(agency),
            "channels": Channel.choices,
            "periods": agency_channel_reports(agency),
            "can_edit": services.can_edit_agency(request.user, agency_id=agency.pk),
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


def service_create(request: HttpRequest) -> HttpResponse:
    return _service_form_page(request, agency=_own_agency(request.user))


def service_edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = get_service_for_user(request.user, pk)
    if not services.can_edit_agency(request.user, agency_id=service.agency_id):
        raise PermissionDenied
    return _service_form_page(request, agency=service.agency, service=service)


# --- counts ---------------------------------------------------------------------------------


def counts_edit(request: HttpRequest, period_pk: int) -> HttpResponse:
    """The agency's counts for a period: save as draft, or submit."""
    agency = _own_agency(request.user)
    period = get_object_or_404(ReportingPeriod, pk=period_pk)
    report = ChannelReport.objects.filter(agency=agency, period=period).first()
    refusal = workflow.edit_refusal(period, report)
    if refusal:
        messages.info(request, refusal)
        return redirect(report) if report else redirect("channels:catalogue", pk=agency.pk)
    sheet = count_sheet(agency, period, report)
    form = CountsForm(request.POST or None, sheet=sheet)
    if request.method == "POST":
        if form.is_valid() and report is None and all(value is None for value in form.counts().values()):
            form.add_error(None, _("Enter the number of transactions of at least one service."))
        if form.is_valid():
            try:
                report = services.save_counts(agency=agency, period=period, by=request.user, counts=form.counts())
                if "submit" in request.POST:
                    services.submit_counts(report=report, by=request.user)
                    messages.success(request, _("The counts were submitted to the IT office for review."))
                    return redirect(report)
                messages.success(request, _("The draft was saved. It is not submitted yet."))
                return redirect("channels:counts_edit", period_pk=period.pk)
            except services.TransitionError as error:
                messages.error(request, error.messages[0])
                return redirect(report) if report else redirect("channels:catalogue", pk=agency.pk)
            except ValidationError as error:
                for message in error.messages:
                    form.add_error(None, message)
        if form.errors:
            messages.error(
                request, _("The counts were not submitted. Correct the marked fields; what you typed is kept.")
            )
    return render(
        request,
        "channels/counts_form.html",
        {"form": form, "agency": agency, "period": period, "report": report, "channels": Channel.choices},
    )


def _report_page(request, report: ChannelReport, *, review_form=None, status=200):
    user = request.user
    return render(
        request,
        "channels/report_detail.html",
        {
            "report": report,
            "sheet": count_sheet(report.agency, report.period, report),
            "channels": Channel.choices,
            "events": report.events.select_related("actor"),
            "can_edit": services.can_edit_agency(user, agency_id=report.agency_id)
            and workflow.edit_refusal(report.period, report) is None,
            "can_review": services.can_review(user) and report.state == ChannelReport.State.SUBMITTED,
            "review_form": review_form or ReviewForm(),
            "review_error": review_form is not None,
        },
        status=status,
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _report_page(request, get_channel_report_for_user(request.user, pk))


@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_channel_report_for_user(request.user, pk)
    if not services.can_review(request.user):
        raise PermissionDenied
    return review_decision(
        request,
        report,
        approve=services.approve_counts,
        send_back=services.return_counts,
        approved=_("The counts were approved."),
        returned=_("The counts were returned to the agency with your reason."),
        page=_report_page,
    )


@reviewer_required
def review_queue(request: HttpRequest) -> HttpResponse:
    return render(request, "channels/review_queue.html", {"reports": channel_review_queue(request.user)})


# --- the dashboard ---------------------------------------------------------------------------


def _dashboard(request):
    form = DashboardFilterForm(request.GET or None)
    period = form.cleaned_data.get("period") if form.is_valid() else None
    period = period or current_period()
    if period is not None and not form.is_bound:
        form = DashboardFilterForm(initial={"period": period})
    return form, channel_dashboard(request.user, period)


@reviewer_required
def dashboard(request: HttpRequest) -> HttpResponse:
    form, data = _dashboard(request)
    return render(
        request,
        "channels/dashboard.html",
        {"form": form, "dashboard": data, "query": request.GET.urlencode()},
    )


@reviewer_required
def dashboard_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    _form, data = _dashboard(request)
    if data.period is None:
        raise Http404
    return respond(channel_tables(data), table, fmt)
