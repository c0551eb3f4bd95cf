"""Dashboards: thin views over dashboards.selectors; exports share the same figures.

Each page's content and each export is cached under the data version (dashboards/cache.py):
the figures are computed again only after a change to the data they come from.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from agencies.models import Agency
from agencies.selectors import current_deputy, get_agency_for_user
from dashboards import exports, jobs, selectors
from dashboards.cache import EVERY_PROVINCE, cached, cached_response, provinces_shown
from dashboards.selectors import SCOPE_ALL, SCOPE_IT_OFFICE, Filters
from jobs.services import request_page as job_request_page
from jobs.services import submit as submit_job
from programs.metrics import name_reviewers
from programs.models import Program
from reform_portal import access
from reform_portal.access import capability_required
from reform_portal.ratelimits import export_rate_limit, pdf_job_rate_limit

SORTS = ("score", "reporting", "on_time")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read_filters(params, choices: dict) -> Filters:
    """The filters of a query string (`params`: request.GET, or a job's saved copy), checked
    against what the user may choose. Unknown values fall back to the defaults (the current
    period, every program).
    """
    periods = {period.pk: period for period in choices.get("selectable", choices["periods"])}
    period = periods.get(_int(params.get("period")))
    if period is None:
        period = choices["current"]
    counties = {county.pk for county in choices["counties"]}
    provinces = {province.pk for province in choices["provinces"]}
    county_id = _int(params.get("county"))
    province_id = _int(params.get("province"))
    group = params.get("group", "")
    return Filters(
        period=period,
        scope=SCOPE_IT_OFFICE if params.get("scope") == SCOPE_IT_OFFICE else SCOPE_ALL,
        group=group if group in Agency.Group.values else "",
        county_id=county_id if county_id in counties else None,
        province_id=province_id if province_id in provinces else None,
    )


def _sort(request: HttpRequest) -> str:
    sort = request.GET.get("sort", "score")
    return sort if sort in SORTS else "score"


def _choices(request: HttpRequest) -> dict:
    user = request.user
    return cached(request, ("choices",), lambda: selectors.filter_choices(user), provinces=provinces_shown(user))


def _filters(request: HttpRequest) -> tuple[dict, Filters]:
    choices = _choices(request)
    return choices, read_filters(request.GET, choices)


def _key(filters: Filters, *parts) -> tuple:
    """What a page or export depends on besides the viewer, language, day and data version."""
    return (*parts, tuple(sorted(filters.query_params().items())))


def _export_base(name: str, *args) -> str:
    """The export URL without its "<table>.<format>" end, for the templates to complete."""
    return reverse(name, args=[*args, "table", "csv"]).removesuffix("table.csv")


def _context(request: HttpRequest, filters: Filters, choices: dict, **extra) -> dict:
    params = filters.query_params()
    return {
        "export_base": _export_base("dashboards:export"),
        "filters": filters,
        "choices": choices,
        "groups": Agency.Group.choices,
        "query": urlencode(params),
        "query_params": params,
        "sort": _sort(request),
        "sorts": SORTS,
        **extra,
    }


def _page(request: HttpRequest, name: str, key: tuple, build_context, *, provinces, **outer) -> HttpResponse:
    """dashboards/<name>.html around its content, dashboards/_<name>_content.html, cached
    under the data versions of `provinces` (dashboards/cache.py)."""
    content = cached(
        request, key, lambda: render_to_string(f"dashboards/_{name}_content.html", build_context(), request),
        provinces=provinces,
    )  # fmt: skip
    return render(request, f"dashboards/{name}.html", {"content": content, **outer})


def _to_national(filters: Filters) -> HttpResponse:
    query = urlencode(filters.query_params())
    return redirect(reverse("dashboards:national") + (f"?{query}" if query else ""))


def _national_redirect(user, filters: Filters, choices: dict) -> bool:
    """A national viewer who has not chosen a province sees the national overview."""
    return access.sees_nation(user) and filters.province_id is None and len(choices["provinces"]) > 1


def dashboard(request: HttpRequest) -> HttpResponse:
    """The province dashboard; agency staff (and their deputy) go to their agency's page."""
    user = request.user
    if not access.has(user, access.SEE_DASHBOARDS) and access.has(user, access.SEE_AGENCY):
        return redirect("dashboards:agency", pk=user.agency_id)
    return _dashboard(request)


@capability_required(access.SEE_DASHBOARDS)
def _dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    choices, filters = _filters(request)
    if _national_redirect(user, filters, choices):
        return _to_national(filters)
    sort = _sort(request)

    def build_context():
        data = selectors.province_dashboard(user, filters, periods=choices["periods"], sort=sort)
        return _context(request, filters, choices, dashboard=data, chart=selectors.chart_data(data.trend))

    provinces = provinces_shown(user, filters.province_id)
    times = cached(
        request, _key(filters, "review_times"), lambda: selectors.dashboard_review_times(user, filters),
        provinces=provinces,
    )  # fmt: skip
    return _page(
        request, "dashboard", _key(filters, "dashboard", sort), build_context, provinces=provinces,
        review_times=name_reviewers(times),
    )  # fmt: skip


@capability_required(access.SEE_DASHBOARDS)
def heatmap(request: HttpRequest) -> HttpResponse:
    """The province's agency × program heatmap, on its own page: at 64 agencies × 30 programs it
    is ~2,000 cells, which would make the dashboard's first view heavy on a provincial link."""
    user = request.user
    choices, filters = _filters(request)
    if _national_redirect(user, filters, choices):
        return _to_national(filters)

    def build_context():
        data = selectors.province_dashboard(user, filters, periods=choices["periods"])
        return _context(request, filters, choices, dashboard=data)

    return _page(
        request,
        "heatmap",
        _key(filters, "heatmap"),
        build_context,
        provinces=provinces_shown(user, filters.province_id),
    )


@capability_required(access.SEE_DASHBOARDS)
def national(request: HttpRequest) -> HttpResponse:
    """Every province side by side, for reviewers without an agency and administrators."""
    user = request.user
    if not access.sees_nation(user):
        raise Http404
    choices, filters = _filters(request)
    sort = _sort(request)

    def build_context():
        data = selectors.national_overview(user, filters, periods=choices["periods"], sort=sort)
        return _context(request, filters, choices, overview=data)

    return _page(request, "national", _key(filters, "national", sort), build_context, provinces=EVERY_PROVINCE)


@capability_required(access.SEE_DASHBOARDS)
def program_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    program = get_object_or_404(Program.objects.select_related("owner", "edition"), pk=pk)
    choices, filters = _filters(request)

    def build_context():
        data = selectors.program_drilldown(user, program, filters, periods=choices["periods"])
        return _context(
            request, filters, choices, drilldown=data, chart=selectors.chart_data(data.trend),
            export_base=_export_base("dashboards:program_export", program.pk),
        )  # fmt: skip

    key = _key(filters, "program", program.pk)
    provinces = provinces_shown(user, filters.province_id)
    return _page(request, "program", key, build_context, provinces=provinces, program=program)


def agency_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Reviewers see any agency of their province; agency staff only their own (else 404)."""
    user = request.user
    agency = get_agency_for_user(user, pk)
    choices, filters = _filters(request)

    def build_context():
        data = selectors.agency_drilldown(user, agency, filters, periods=choices["periods"])
        return _context(
            request, filters, choices, drilldown=data, deputy=current_deputy(agency),
            chart=selectors.chart_data(data.trend),
            export_base=_export_base("dashboards:agency_export", agency.pk),
        )  # fmt: skip

    key = _key(filters, "agency", agency.pk)
    return _page(request, "agency", key, build_context, provinces=(agency.province_id,), agency=agency)


# --- exports ---------------------------------------------------------------------------


def _dashboard_tables(request: HttpRequest, choices: dict, filters: Filters):
    user = request.user
    sort = _sort(request)
    if _national_redirect(user, filters, choices):
        overview = selectors.national_overview(user, filters, periods=choices["periods"], sort=sort)
        return exports.national_tables(overview)
    data = selectors.province_dashboard(user, filters, periods=choices["periods"], sort=sort)
    return exports.dashboard_tables(data)


@capability_required(access.SEE_DASHBOARDS)
@export_rate_limit
def dashboard_export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    choices, filters = _filters(request)
    key = _key(filters, "export", table, fmt, _sort(request))
    return cached_response(
        request, key, lambda: exports.respond(_dashboard_tables(request, choices, filters), table, fmt),
        provinces=provinces_shown(request.user, filters.province_id),
    )  # fmt: skip


@capability_required(access.SEE_DASHBOARDS)
@pdf_job_rate_limit
def dashboard_pdf(request: HttpRequest) -> HttpResponse:
    """«گزارش وضعیت استان»: one province; a national reviewer picks the province first. The PDF
    takes seconds and a worker's memory, so it is a job for the task worker (dashboards/jobs.py):
    the POST queues it and leads to the job's page; GET shows the button that does."""
    user = request.user
    choices, filters = _filters(request)
    if _national_redirect(user, filters, choices):
        return redirect(reverse("dashboards:national") + f"?{urlencode(filters.query_params())}")
    if request.method != "POST":
        query = request.GET.urlencode()
        return job_request_page(
            request, title=_("Province status report (PDF)"),
            explanation=_("The report of the dashboard you were looking at, with its filters, is prepared in the "
                          "background; it takes a few seconds, and the next page shows how far it is."),
            back_url=reverse("dashboards:dashboard") + (f"?{query}" if query else ""),
        )  # fmt: skip
    job = submit_job(
        user, jobs.PROVINCE_STATUS_PDF, title=str(exports.PDF_TITLE),
        params={"query": filters.query_params(), "sort": _sort(request)},
    )  # fmt: skip
    return redirect(job)


@capability_required(access.SEE_DASHBOARDS)
@export_rate_limit
def program_export(request: HttpRequest, pk: int, table: str, fmt: str) -> HttpResponse:
    user = request.user
    program = get_object_or_404(Program.objects.select_related("owner"), pk=pk)
    choices, filters = _filters(request)

    def build():
        data = selectors.program_drilldown(user, program, filters, periods=choices["periods"])
        return exports.respond(exports.program_tables(data), table, fmt)

    key = _key(filters, "program_export", pk, table, fmt)
    return cached_response(request, key, build, provinces=provinces_shown(user, filters.province_id))


@export_rate_limit
def agency_export(request: HttpRequest, pk: int, table: str, fmt: str) -> HttpResponse:
    user = request.user
    agency = get_agency_for_user(user, pk)
    choices, filters = _filters(request)

    def build():
        data = selectors.agency_drilldown(user, agency, filters, periods=choices["periods"])
        return exports.respond(exports.agency_tables(data), table, fmt)

    key = _key(filters, "agency_export", pk, table, fmt)
    return cached_response(request, key, build, provinces=(agency.province_id,))
