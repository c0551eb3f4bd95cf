"""Service channels in a real browser: staff enter counts in Persian digits and submit;
the IT office approves and the agency's share appears on the channels dashboard."""

import re

import pytest
from playwright.sync_api import Page, expect

from service_channels.models import Channel, ChannelReport, TransactionCount
from tests import factories
from tests.service_channels.conftest import make_service

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people(transactional_db):
    agency = factories.AgencyFactory(code="WAZ-AGR", name_fa="سازمان جهاد کشاورزی")
    make_service(agency, "AGR-101", {Channel.IN_PERSON: None, Channel.COUNTER_OFFICE: None},
                 name_fa="صدور پروانه بهره‌برداری")  # fmt: skip
    make_service(agency, "AGR-102", {Channel.IN_PERSON: None, Channel.ONLINE: None}, name_fa="صدور مجوز حفر چاه")
    period = factories.PeriodFactory()
    factories.UserFactory(username="staff1", role="agency_staff", agency=agency)
    factories.UserFactory(
        username="itoffice", role="it_office_reviewer", agency=factories.AgencyFactory(kind="it_office", group="")
    )
    return {"agency": agency, "period": period}


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def logout(page: Page) -> None:
    page.get_by_role("button", name="خروج").click()


def test_counts_entered_submitted_approved_and_shown(page: Page, live_server, people):
    base = live_server.url
    agency = people["agency"]

    login(page, base, "staff1")
    page.locator("#main-nav").get_by_role("link", name="مجاری ارائه خدمت").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("شناسنامه خدمات و مجاری ارائه")
    page.get_by_role("link", name="ثبت تعداد تراکنش‌ها").click()
    page.get_by_label("صدور پروانه بهره‌برداری — حضوری در دستگاه").fill("۳۰۰")
    page.get_by_label("صدور پروانه بهره‌برداری — دفتر پیشخوان دولت").fill("۱۵۰")
    page.get_by_label("صدور مجوز حفر چاه — حضوری در دستگاه").fill("۰")
    # The online count of AGR-102 is left empty: "not reported".
    page.get_by_role("button", name="ارسال برای بررسی").click()
    expect(page.locator("#report-state")).to_have_text("ارسال‌شده")
    report = ChannelReport.objects.get()
    assert report.state == "submitted"
    assert sorted(TransactionCount.objects.values_list("count", flat=True), key=lambda v: (v is None, v)) == [
        0, 150, 300, None,
    ]  # fmt: skip
    logout(page)

    login(page, base, "itoffice")
    page.locator("#main-nav").get_by_role("link", name="مجاری ارائه خدمت").click()
    row = page.locator(f"#agency-{agency.pk}")
    expect(row).to_contain_text("ارسال‌شده")
    expect(page.locator(f"#transactions-{agency.code}")).to_have_count(0)  # no approved counts yet: "—"
    expect(page.locator("#province-transactions")).to_have_text("—")
    page.get_by_role("link", name="آمار در انتظار بررسی").click()
    page.get_by_role("link", name="بررسی", exact=True).first.click()
    page.get_by_role("button", name="تأیید").click()
    # Decided from the queue, the reviewer is back in the queue, the counts gone from its first tab.
    expect(page).to_have_url(re.compile(r"/channels/review/"))
    expect(page.locator("#channel-queue tbody tr td.text-muted")).to_have_count(1)

    page.goto(f"{base}/channels/dashboard/")
    # 150 of 450 transactions through the counter office; 1 of 2 services offered outside.
    expect(page.locator(f"#transactions-{agency.code}")).to_have_text("۳۳٫۳٪")
    expect(page.locator("#province-transactions")).to_have_text("۳۳٫۳٪")
    expect(page.locator("#province-services")).to_have_text("۱۰۰٫۰٪")
    report.refresh_from_db()
    assert report.state == "approved"
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["counts.created", "counts.submitted", "counts.approved"]
