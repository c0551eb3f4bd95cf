"""Exports carry the page's numbers: XLSX (right-to-left, Persian headers, Jalali dates), CSV, PDF."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from agencies.models import Agency, County, Province
from dashboards.exports import build_status_pdf
from dashboards.selectors import Filters, all_periods, province_dashboard
from programs.models import Program
from reform_portal.persian import to_persian_digits
from tests import factories
from tests.spreadsheets import FORMULA, csv_fields, values, xlsx_cells

pytestmark = pytest.mark.django_db


def _xlsx(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content)).active


def _shown(value) -> str:
    """A percent as the page shows it in Persian: «۵۰٫۰٪»."""
    return to_persian_digits(f"{value:.1f}").replace(".", "٫") + "٪"


def test_ranking_xlsx_equals_the_page(client, province, reviewer):
    client.force_login(reviewer)
    query = f"?period={province.q2.pk}&sort=reporting"
    page = client.get(reverse("dashboards:dashboard") + query)
    html = page.content.decode()
    sheet = _xlsx(client, reverse("dashboards:export", args=["ranking", "xlsx"]) + query)
    assert sheet.sheet_view.rightToLeft
    headers = [cell.value for cell in sheet[1]]
    assert headers[:5] == ["رتبه", "دستگاه", "گروه دستگاه", "شهرستان", "پیشرفت (درصد)"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    page_rows = page.context["dashboard"].agencies
    assert [row[1] for row in rows] == [row.agency.name_fa for row in page_rows]
    for row, page_row in zip(rows, page_rows, strict=True):
        assert row[4:7] == [float(page_row.figures.progress), float(page_row.figures.reporting_rate),
                            float(page_row.figures.on_time_rate)]  # fmt: skip
        for value in row[4:7]:
            assert _shown(value) in html
    assert rows[0][1] == "الف" and rows[0][4:] == [50.0, 100.0, 50.0, 2, 2, 1]


def test_summary_and_heatmap_xlsx(client, province, reviewer):
    client.force_login(reviewer)
    query = f"?period={province.q2.pk}"
    summary = _xlsx(client, reverse("dashboards:export", args=["summary", "xlsx"]) + query)
    values = {row[0].value: row[1].value for row in summary.iter_rows(min_row=2)}
    assert values["دوره گزارش‌دهی"] == "سه‌ماهه دوم ۱۴۰۵"
    assert values["پیشرفت کل (درصد)"] == 30.0
    assert values["نرخ گزارش‌دهی (درصد)"] == 50.0
    assert values["نرخ گزارش به‌موقع (درصد)"] == 25.0
    assert values["گزارش‌های تهیه‌نشده"] == 1
    heatmap = _xlsx(client, reverse("dashboards:export", args=["heatmap", "xlsx"]) + query)
    rows = {row[0].value: [cell.value for cell in row[1:]] for row in heatmap.iter_rows(min_row=2)}
    assert rows["الف"] == [60, 30]
    assert rows["ب"] == ["هنوز گزارشی نیست", "واگذار نشده"]
    assert rows["پ"] == ["واگذار نشده", 0]


def test_trend_has_jalali_dates_and_csv_has_a_bom(client, province, reviewer):
    client.force_login(reviewer)
    query = f"?period={province.q3.pk}"
    sheet = _xlsx(client, reverse("dashboards:export", args=["trend", "xlsx"]) + query)
    assert [row[1].value for row in sheet.iter_rows(min_row=2)] == ["۱۴۰۵/۰۱/۱۶", "۱۴۰۵/۰۴/۱۵", "۱۴۰۵/۰۷/۱۵"]
    assert [row[2].value for row in sheet.iter_rows(min_row=2)] == [22.0, 30.0, 46.0]
    response = client.get(reverse("dashboards:export", args=["programs", "csv"]) + query)
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
    assert rows[0][:2] == ["شماره", "برنامه"]
    assert rows[1][3] == str(Decimal("66.7"))  # p1 in Q3: (2×100 + 0) ÷ 3


def test_drilldown_exports(client, province, reviewer):
    client.force_login(reviewer)
    query = f"?period={province.q2.pk}"
    sheet = _xlsx(client, reverse("dashboards:agency_export", args=[province.a.pk, "assignments", "xlsx"]) + query)
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert [row[:4] for row in rows] == [[1, "دولت الکترونیک", 2, 60], [2, "آموزش کارکنان", 1, 30]]
    response = client.get(reverse("dashboards:program_export", args=[province.p1.pk, "agencies", "csv"]) + query)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert [row[:3] for row in rows[1:]] == [["الف", "60", "60.0"], ["ب", "هنوز گزارشی نیست", "0.0"]]
    assert client.get(reverse("dashboards:export", args=["nope", "csv"])).status_code == 404
    assert client.get(reverse("dashboards:export", args=["ranking", "pdf"])).status_code == 404


def test_province_status_pdf(client, province, reviewer, django_capture_on_commit_callbacks):
    client.force_login(reviewer)
    with django_capture_on_commit_callbacks(execute=True):  # the task runs in-process without a broker
        asked = client.post(reverse("dashboards:pdf") + f"?period={province.q2.pk}")
    job = client.get(asked["Location"])
    assert job.status_code == 200 and job.context["job"].params["query"]["period"] == str(province.q2.pk)
    response = client.get(reverse("jobs:download", args=[job.context["job"].pk]))
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    dashboard = province_dashboard(reviewer, Filters(period=province.q2), periods=all_periods())
    pdf = build_status_pdf(dashboard, uncompressed=True)
    assert b"+Vazirmatn" in pdf  # the Persian font is embedded


# --- no live formulas (hardening issue, item 3) ---------------------------------------------

TRICKS = {
    "agency": FORMULA,
    "program": "@SUM(1+1)*cmd|' /C calc'!A0",
    "office": "+cmd|' /C notepad'!A0",
    "county": "-2+3+cmd|' /C calc'!A0",
    "province": "\t=1+1",
}


@pytest.fixture
def planted(province):
    """Names typed by agency staff and clerks that a spreadsheet would run as formulas."""
    Agency.objects.filter(pk=province.a.pk).update(name_fa=TRICKS["agency"])
    Program.objects.filter(pk=province.p1.pk).update(title_fa=TRICKS["program"])
    Agency.objects.filter(pk=province.p2.owner_id).update(name_fa=TRICKS["office"])
    County.objects.filter(pk=province.a.county_id).update(name_fa=TRICKS["county"])
    Province.objects.filter(pk=province.a.province_id).update(name_fa=TRICKS["province"])
    return province


#: Each export table and the planted names it shows.
PROVINCE_TABLES = {
    "summary": [], "it_programs": ["program"], "programs": ["program", "office"],
    "ranking": ["agency", "county"], "heatmap": ["agency"], "trend": [],
}  # fmt: skip
NATIONAL_TABLES = {
    "summary": [], "it_programs": ["program"], "programs": ["program", "office"], "provinces": ["province"],
}  # fmt: skip


def _export_urls(province, fmt):
    """(user, URL, planted names shown) for every dashboard export."""
    export = "dashboards:export"
    urls = [("reviewer", reverse(export, args=[slug, fmt]), shown) for slug, shown in PROVINCE_TABLES.items()]
    urls += [("national", reverse(export, args=[slug, fmt]), shown) for slug, shown in NATIONAL_TABLES.items()]
    p1, a = province.p1.pk, province.a.pk
    urls += [
        ("reviewer", reverse("dashboards:program_export", args=[p1, "agencies", fmt]), ["agency"]),
        ("reviewer", reverse("dashboards:program_export", args=[p1, "trend", fmt]), []),
        ("reviewer", reverse("dashboards:agency_export", args=[a, "assignments", fmt]), ["program"]),
        ("reviewer", reverse("dashboards:agency_export", args=[a, "history", fmt]), []),
    ]
    return urls


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_no_export_carries_a_live_formula(client, planted, reviewer, fmt):
    factories.AgencyFactory(province=factories.ProvinceFactory(code="OTH", name_fa="استان دیگر"))  # a nation
    users = {"reviewer": reviewer, "national": factories.UserFactory(role="governorate_reviewer", agency=None)}
    query = f"?period={planted.q2.pk}"
    for user, url, shown in _export_urls(planted, fmt):
        client.force_login(users[user])
        response = client.get(url + query)
        assert response.status_code == 200, url
        if fmt == "xlsx":
            cells = values(xlsx_cells(response.content))
        else:
            cells = values(csv_fields(response.content.decode("utf-8")))
        for name in shown:
            assert "'" + TRICKS[name] in cells, (url, name)  # shown whole, behind one quote


def test_numbers_stay_number_cells_next_to_neutralised_text(client, planted, reviewer):
    client.force_login(reviewer)
    query = f"?period={planted.q2.pk}"
    rows = xlsx_cells(client.get(reverse("dashboards:export", args=["ranking", "xlsx"]) + query).content)
    first = next(row for row in rows[1:] if row[1].value == "'" + FORMULA)
    assert [cell.value for cell in first[4:]] == [50.0, 100.0, 50.0, 2, 2, 1]
    assert {cell.data_type for cell in first[4:]} == {"n"}
    assert first[0].data_type == "n"  # the rank
    rows = csv_fields(client.get(reverse("dashboards:export", args=["ranking", "csv"]) + query).content.decode())
    first = next(row for row in rows[1:] if row[1] == "'" + FORMULA)
    assert first[4:] == ["50.0", "100.0", "50.0", "2", "2", "1"]
