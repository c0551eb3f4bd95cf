"""Dashboard tables as XLSX, CSV and PDF.

Each table is built from the same selector objects the pages show, so exported
numbers equal the page's numbers: percents with one decimal, counts as integers.
Headers are Persian, sheets right-to-left, dates Jalali. The tables are written by the
shared writers of reform_portal/tabular.py, which also keep text from ever becoming a
live formula in the spreadsheet.
"""

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from dashboards.selectors import AgencyDrilldown, Cell, Dashboard, Figures, NationalOverview, ProgramDrilldown
from reform_portal.persian import format_jalali_date, format_jalali_datetime
from reform_portal.tabular import EXPORT_LANGUAGE, Table, as_number
from reform_portal.tabular import respond as respond  # the views' way to send a table


def cell_text(cell: Cell):
    """The heatmap cell as the page reads it: a percent, or why there is none."""
    if cell.kind == "unassigned":
        return _("not assigned")
    if cell.kind == "no_report":
        return _("no report yet")
    return cell.percent


def _figure_headers() -> list[str]:
    return [_("Progress %"), _("Reporting rate %"), _("On-time rate %"), _("Expected reports"),
            _("Submitted or approved"), _("First submitted on time")]  # fmt: skip


def _figure_values(figures: Figures) -> list:
    return [figures.progress, figures.reporting_rate, figures.on_time_rate, figures.expected, figures.reported,
            figures.on_time]  # fmt: skip


FIGURE_PERCENTS = frozenset({0, 1, 2})


def _shifted(columns: frozenset, by: int) -> frozenset:
    return frozenset(column + by for column in columns)


def _summary(figures: Figures, period) -> Table:
    rows = [
        [_("Reporting period"), period.label if period else "—"],
        [_("Due on"), format_jalali_date(period.due_on) if period else "—"],
        [_("Overall progress %"), figures.progress],
        [_("Reporting rate %"), figures.reporting_rate],
        [_("On-time rate %"), figures.on_time_rate],
        [_("Expected reports"), figures.expected],
        [_("Reports awaiting review"), figures.awaiting_review],
        [_("Reports awaiting sign-off"), figures.awaiting_sign_off],
        [_("Returned reports"), figures.returned],
        [_("Missing reports"), figures.missing],
    ]
    return Table("summary", _("Headline figures"), [_("Figure"), _("Value")], rows)


def _program_table(slug: str, title: str, program_rows) -> Table:
    rows = [
        [row.program.number, row.program.title_fa, row.program.owner.name_fa, *_figure_values(row.figures)]
        for row in program_rows
    ]
    headers = [_("Number"), _("Program"), _("Responsible office"), *_figure_headers()]
    return Table(slug, title, headers, rows, _shifted(FIGURE_PERCENTS, 3))


def _trend_table(slug: str, title: str, points) -> Table:
    rows = [
        [
            point.period.label,
            format_jalali_date(point.period.due_on),
            *_figure_values(point.figures),
            point.figures.returned,
            point.figures.missing,
        ]  # fmt: skip
        for point in points
    ]
    headers = [_("Reporting period"), _("Due on"), *_figure_headers(), _("Returned reports"), _("Missing reports")]
    return Table(slug, title, headers, rows, _shifted(FIGURE_PERCENTS, 2))


def _ranking(agency_rows) -> Table:
    rows = [
        [
            rank,
            row.agency.name_fa,
            row.agency.get_group_display(),
            row.agency.county.name_fa if row.agency.county else "",
            *_figure_values(row.figures),
        ]  # fmt: skip
        for rank, row in enumerate(agency_rows, start=1)
    ]
    headers = [_("Rank"), _("Agency"), _("Agency group"), _("County"), *_figure_headers()]
    return Table("ranking", _("Agencies ranked"), headers, rows, _shifted(FIGURE_PERCENTS, 4))


def dashboard_tables(dashboard: Dashboard) -> dict[str, Table]:
    with translation.override(EXPORT_LANGUAGE):
        heatmap = Table(
            "heatmap",
            _("Latest approved percent by agency and program"),
            [_("Agency"), *[str(row.program.number) for row in dashboard.programs]],
            [[row.agency.name_fa, *[cell_text(cell) for cell in row.cells]] for row in dashboard.agencies],
        )
        tables = [
            _summary(dashboard.headline, dashboard.filters.period),
            _program_table("it_programs", _("The IT office's programs"), dashboard.it_office_programs),
            _program_table("programs", _("Programs"), dashboard.programs),
            _ranking(dashboard.agencies),
            heatmap,
            _trend_table("trend", _("Progress over periods"), dashboard.trend),
        ]
    return {table.slug: table for table in tables}


def national_tables(overview: NationalOverview) -> dict[str, Table]:
    with translation.override(EXPORT_LANGUAGE):
        provinces = Table(
            "provinces",
            _("Provinces ranked"),
            [_("Rank"), _("Province"), *_figure_headers()],
            [
                [rank, row.province.name_fa, *_figure_values(row.figures)]
                for rank, row in enumerate(overview.provinces, start=1)
            ],  # fmt: skip
            _shifted(FIGURE_PERCENTS, 2),
        )
        tables = [
            _summary(overview.headline, overview.filters.period),
            _program_table("it_programs", _("The IT office's programs"), overview.it_office_programs),
            _program_table("programs", _("Programs"), overview.programs),
            provinces,
        ]
    return {table.slug: table for table in tables}


def program_tables(drilldown: ProgramDrilldown) -> dict[str, Table]:
    with translation.override(EXPORT_LANGUAGE):
        agencies = Table(
            "agencies",
            _("Progress by agency"),
            [_("Agency"), _("Latest approved percent"), *_figure_headers()],
            [[row.agency.name_fa, cell_text(row.cells[0]), *_figure_values(row.figures)] for row in drilldown.agencies],
            _shifted(FIGURE_PERCENTS, 2),
        )
        tables = [agencies, _trend_table("trend", _("Progress over periods"), drilldown.trend)]
    return {table.slug: table for table in tables}


def agency_tables(drilldown: AgencyDrilldown) -> dict[str, Table]:
    with translation.override(EXPORT_LANGUAGE):
        assignments = Table(
            "assignments",
            _("Assignments"),
            [_("Number"), _("Program"), _("Weight"), _("Latest approved percent"), _("This period's report")],
            [
                [
                    row.assignment.program.number,
                    row.assignment.program.title_fa,
                    as_number(row.assignment.weight),
                    cell_text(row.cell),
                    _state_label(row.cell.report_state),
                ]  # fmt: skip
                for row in drilldown.assignments
            ],
        )
        tables = [assignments, _trend_table("history", _("Reporting history"), drilldown.trend)]
    return {table.slug: table for table in tables}


def _state_label(state: str) -> str:
    from programs.models import ProgressReport

    return str(ProgressReport.State(state).label) if state else _("Not started")


# --- PDF -------------------------------------------------------------------------------

PDF_TITLE = gettext_lazy("Province status report")


def font_directory() -> Path:
    return Path(settings.BASE_DIR) / "static" / "vendor" / "vazirmatn"


def _province_of(dashboard: Dashboard):
    """The province the report is about (for the letterhead): its agencies' own, when they are
    of one province (a province's reviewer sees one); None when they span several."""
    provinces = {row.agency.province_id: row.agency.province for row in dashboard.agencies}
    return next(iter(provinces.values())) if len(provinces) == 1 else None


def status_pdf_html(dashboard: Dashboard) -> str:
    """The HTML the province status PDF is printed from (in the export language)."""
    with translation.override(EXPORT_LANGUAGE):
        return render_to_string(
            "dashboards/pdf.html",
            {
                "dashboard": dashboard,
                "title": PDF_TITLE,
                "font_url": font_directory().as_uri(),
                "generated_at": format_jalali_datetime(timezone.now()),
                "province": _province_of(dashboard),
                "page_word": _("Page"),
                "of_word": pgettext("page 1 of 4", "of"),
                "trend_labels": [_("Progress"), _("Reporting rate"), _("On-time rate")],
            },
        )


def build_status_pdf(dashboard: Dashboard, *, uncompressed: bool = False) -> bytes:
    """«گزارش وضعیت استان»: a letterhead, the headline figures, the IT office's programs, the
    ranking, the trend chart and the heatmap (its column headers repeated on every page)."""
    from weasyprint import HTML

    html = status_pdf_html(dashboard)
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf(uncompressed_pdf=uncompressed)


def province_status_pdf(request: HttpRequest, dashboard: Dashboard) -> HttpResponse:
    response = HttpResponse(build_status_pdf(dashboard), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="province-status.pdf"'
    return response
