import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


def test_itoffice_opens_the_dashboard_and_a_report_from_the_heatmap(page: Page, live_server, demo_data):
    page.goto(f"{live_server.url}/")
    page.get_by_label("نام کاربری").fill("itoffice")
    page.get_by_label("گذرواژه").fill("reform1404")
    page.get_by_role("button", name="ورود").click()
    expect(page).to_have_url(re.compile(r"/dashboard/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("داشبورد")
    expect(page.locator("#heatmap")).to_have_count(0)  # on its own page: the dashboard stays light

    page.get_by_label("برنامه‌ها", exact=True).select_option("it_office")
    page.get_by_role("button", name="نمایش").click()
    expect(page).to_have_url(re.compile(r"scope=it_office"))
    expect(page.locator("#it-programs tbody tr")).to_have_count(7)
    chart = page.locator("#trend-chart")
    expect(chart).to_be_visible()
    assert page.evaluate(
        "typeof Chart !== 'undefined' && Chart.getChart(document.getElementById('trend-chart')) !== undefined"
    )

    page.get_by_role("link", name="نمایش نقشه حرارتی").click()
    expect(page).to_have_url(re.compile(r"/dashboard/heatmap/\?.*scope=it_office"))
    expect(page.locator("#heatmap thead th")).to_have_count(8)  # the agency column and the IT office's 7
    page.get_by_label("برنامه‌ها", exact=True).select_option("all")
    page.get_by_role("button", name="نمایش").click()
    expect(page.locator("#heatmap thead th")).to_have_count(31)  # and 30 programs

    agency_name = "سازمان جهاد کشاورزی آذربایجان غربی"
    row = page.locator("#heatmap tbody tr").filter(has=page.get_by_role("rowheader", name=agency_name))
    cell = row.locator("td a").first
    program_number = cell.locator(".visually-hidden").inner_text().split("برنامه ")[1].split(":")[0]
    cell.click()
    expect(page).to_have_url(re.compile(r"/reports/\d+/$"))
    expect(page.get_by_role("heading", level=1).first).to_contain_text(program_number)
    expect(page.get_by_text(agency_name).first).to_be_visible()


def test_itoffice_asks_for_the_province_pdf_and_downloads_it(page: Page, live_server, demo_data, settings, tmp_path):
    """The PDF is prepared by the task worker (in-process here, without a broker): the job's
    page shows it ready, and the file downloads once."""
    settings.MEDIA_ROOT = tmp_path
    page.goto(f"{live_server.url}/")
    page.get_by_label("نام کاربری").fill("itoffice")
    page.get_by_label("گذرواژه").fill("reform1404")
    page.get_by_role("button", name="ورود").click()
    page.get_by_role("link", name="گزارش وضعیت استان (PDF)").click()
    page.get_by_role("button", name="آماده‌سازی فایل").click()
    expect(page).to_have_url(re.compile(r"/jobs/[0-9a-f-]+/$"))
    expect(page.get_by_text("فایل شما آماده است.")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#job-download").click()
    assert download.value.suggested_filename == "province-status.pdf"
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"
