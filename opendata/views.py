"""The open data, for anyone without a login: a list of published provinces, each
province's page, and its figures as CSV and JSON. Computed once per change of the data or
of what is published (dashboards/cache.py's data version; the key holds the publication),
and rate-limited per client address like any public page."""

from decimal import Decimal

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dashboards.cache import EVERY_PROVINCE, cached
from opendata import selectors
from reform_portal.ratelimits import Limit, address_key, rate_limit
from reform_portal.tabular import EXPORT_LANGUAGE, Table, respond

OPEN_DATA = Limit("open-data", address_key, "RATELIMIT_OPEN_DATA")
PUBLIC = ("public",)


def public(view):
    return login_not_required(require_GET(rate_limit(OPEN_DATA)(view)))


def _index(request: HttpRequest) -> selectors.Index:
    published = selectors.publication()
    period_id = request.GET.get("period") or None
    key = ("open", "index", published.key(), period_id)
    return cached(
        request, key, lambda: selectors.index(published, period_id=period_id),
        provinces=EVERY_PROVINCE, viewer=PUBLIC,
    )  # fmt: skip


def _province(request: HttpRequest, code: str) -> selectors.ProvincePage:
    published = selectors.publication()
    period_id = request.GET.get("period") or None
    key = ("open", "province", code, published.key(), period_id)
    province_ids = [published.province_ids_by_code[code]] if code in published.province_ids_by_code else []
    return cached(
        request, key, lambda: selectors.province_page(published, code, period_id=period_id),
        provinces=province_ids, viewer=PUBLIC,
    )  # fmt: skip


@public
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/index.html", {"page": _index(request)})


@public
def province(request: HttpRequest, code: str) -> HttpResponse:
    return render(request, "opendata/province.html", {"page": _province(request, code)})


# --- downloads ----------------------------------------------------------------------------


def _number(value):
    """Decimals (one decimal place) as JSON numbers."""
    return float(value) if isinstance(value, Decimal) else value


def _figures(figures, *, progress: bool = True) -> dict:
    data = {
        "expected": figures.expected,
        "reported": figures.reported,
        "reporting_rate": _number(figures.reporting_rate),
        "on_time_rate": _number(figures.on_time_rate),
    }
    if progress:
        data = {"progress": _number(figures.progress), **data}
    return data


def _period(period) -> dict | None:
    if period is None:
        return None
    labels = {}
    for language in ("fa", "en"):
        with translation.override(language):
            labels[language] = str(period.label)
    return {"id": period.pk, "label": labels, "opens_on": period.opens_on, "due_on": period.due_on}


def page_data(page: selectors.ProvincePage) -> dict:
    """Everything the province's page shows, as data (data.json)."""
    agencies = None
    if page.agencies is not None:
        agencies = [
            {
                "code": row.agency.code, "name_fa": row.agency.name_fa, "name_en": row.agency.name_en,
                **_figures(row.figures, progress=False),
                **{key: _number(value) for (key, _label), value in zip(page.columns, row.extra, strict=True)},
            }
            for row in page.agencies
        ]  # fmt: skip
    return {
        "province": {"code": page.province.code, "name_fa": page.province.name_fa, "name_en": page.province.name_en},
        "period": _period(page.period),
        "periods": [_period(period) for period in page.periods],
        "as_of": page.as_of,
        "headline": _figures(page.headline),
        "programs": [
            {
                "number": row.program.number,
                "title_fa": row.program.title_fa,
                "title_en": row.program.title_en,
                **_figures(row.figures),
            }
            for row in page.programs
        ],  # fmt: skip
        "agencies": agencies,
        "trend": [{"period": _period(point.period), **_figures(point.figures)} for point in page.trend],
    }


@public
def data_json(request: HttpRequest, code: str) -> JsonResponse:
    response = JsonResponse(page_data(_province(request, code)), json_dumps_params={"ensure_ascii": False})
    response["Content-Disposition"] = f'inline; filename="{code}.json"'
    return response


def tables(page: selectors.ProvincePage) -> dict[str, Table]:
    """The province's page as tables (CSV), headed in Persian like the dashboards' exports."""
    with translation.override(EXPORT_LANGUAGE):
        period = str(page.period.label) if page.period else ""
        figure_headers = [_("Reporting rate %"), _("On-time rate %"), _("Expected reports"), _("Submitted or approved")]
        result = {
            "programs": Table(
                "programs",
                _("Programs"),
                [_("Reporting period"), _("Number"), _("Program"), _("Progress %"), *figure_headers],
                [
                    [
                        period,
                        row.program.number,
                        row.program.title_fa,
                        row.figures.progress,
                        row.figures.reporting_rate,
                        row.figures.on_time_rate,
                        row.figures.expected,
                        row.figures.reported,
                    ]
                    for row in page.programs
                ],  # fmt: skip
                frozenset({3, 4, 5}),
            ),
            "trend": Table(
                "trend",
                _("Trend"),
                [_("Reporting period"), _("Progress %"), *figure_headers],
                [
                    [
                        str(point.period.label),
                        point.figures.progress,
                        point.figures.reporting_rate,
                        point.figures.on_time_rate,
                        point.figures.expected,
                        point.figures.reported,
                    ]
                    for point in page.trend
                ],  # fmt: skip
                frozenset({1, 2, 3}),
            ),
        }
        if page.agencies is not None:
            result["agencies"] = Table(
                "agencies",
                _("Agencies"),
                [_("Reporting period"), _("Agency"), *figure_headers, *[str(label) for _key, label in page.columns]],
                [
                    [
                        period,
                        row.agency.name_fa,
                        row.figures.reporting_rate,
                        row.figures.on_time_rate,
                        row.figures.expected,
                        row.figures.reported,
                        *row.extra,
                    ]
                    for row in page.agencies
                ],  # fmt: skip
                frozenset({2, 3}),
            )
    return result


@public
def table_csv(request: HttpRequest, code: str, table: str) -> HttpResponse:
    page = _province(request, code)
    response = respond(tables(page), table, "csv")
    response["Content-Disposition"] = f'attachment; filename="{code}-{table}.csv"'
    return response
