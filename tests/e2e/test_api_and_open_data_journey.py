"""In Chromium: a journalist reads a province's open data on a 360 px phone; a staff member
makes a personal API token, uses it and revokes it; the API documentation runs under the
portal's Content-Security-Policy."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from opendata.models import PublishedPeriod, PublishedProgram, PublishedProvince
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def province(transactional_db):
    """Two published programs, three agencies; in the published period one agency reported
    nothing and the others had their reports approved (reporting rate 4 of 6)."""
    province = factories.ProvinceFactory(code="WAZ", name_fa="آذربایجان غربی", name_en="West Azarbaijan")
    it_office = factories.AgencyFactory(province=province, kind="it_office", group="", name_fa="دفتر فناوری اطلاعات")
    agencies = [
        factories.AgencyFactory(province=province, name_fa=f"اداره کل شماره {index} استان") for index in (1, 2, 3)
    ]
    factories.UserFactory(username="waz_staff", role="agency_staff", agency=agencies[1])
    period = factories.PeriodFactory()
    for number, title in enumerate(("انجام امور در دفاتر پیشخوان دولت", "توسعه دولت الکترونیک"), start=1):
        program = factories.ProgramFactory(number=number, owner=it_office, title_fa=title)
        PublishedProgram.objects.create(program=program)
        for index, agency in enumerate(agencies):
            assignment = factories.AssignmentFactory(agency=agency, program=program)
            if index:
                factories.ReportFactory(
                    assignment=assignment, period=period, state="approved", percent=40 * index,
                    first_submitted_at=timezone.now(),
                )  # fmt: skip
    PublishedProvince.objects.create(province=province)
    PublishedPeriod.objects.create(period=period)
    return province


def test_a_journalist_reads_the_open_data_on_a_phone(page: Page, live_server, province):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/open/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.get_by_role("heading", level=1)).to_have_text("داده‌های باز: برنامه‌های تحول نظام اداری")
    page.get_by_role("link", name="آذربایجان غربی").click()
    expect(page).to_have_url(re.compile(r"/open/WAZ/"))
    expect(page.locator("#open-programs li")).to_have_count(2)
    expect(page.locator("#data-as-of")).to_contain_text("داده‌ها تا")
    expect(page.locator("#open-reporting")).to_have_text("۶۶٫۷٪")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # nothing wider than the phone
    with page.expect_download() as download:
        page.get_by_role("link", name="برنامه‌ها (CSV)").click()
    assert download.value.suggested_filename == "WAZ-programs.csv"


def test_staff_make_a_token_use_it_and_revoke_it(page: Page, live_server, province):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("نام کاربری").fill("waz_staff")
    page.get_by_label("گذرواژه").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.locator("#api-tokens-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("توکن‌های دسترسی")
    page.get_by_label("نام").fill("سامانه هوش تجاری")
    page.get_by_label("دامنه دسترسی").select_option("read")
    page.get_by_role("button", name="ساختن توکن").click()
    key = page.locator("#token-key").inner_text()
    assert key.startswith("rpt_")
    answer = page.request.get(f"{live_server.url}/api/v1/reports/", headers={"Authorization": f"Bearer {key}"})
    assert answer.status == 200 and len(answer.json()["results"]) == 2  # its agency's two reports
    page.goto(f"{live_server.url}/accounts/tokens/")
    expect(page.locator("#token-key")).to_have_count(0)  # shown once (the key is kept nowhere)
    expect(page.locator("#token-table tbody tr")).to_have_count(1)
    page.get_by_role("button", name="ابطال").click()
    expect(page.locator("#token-table")).to_contain_text("باطل‌شده")
    refused = page.request.get(f"{live_server.url}/api/v1/reports/", headers={"Authorization": f"Bearer {key}"})
    assert refused.status == 401


def test_the_api_documentation_runs_under_the_csp(page: Page, live_server, province):
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.goto(f"{live_server.url}/api/v1/docs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("راهنمای واسط برنامه‌نویسی")
    expect(page.locator(".opblock").first).to_be_visible(timeout=15000)
    expect(page.locator(".opblock-tag-section")).to_have_count(6)
    assert violations == []
