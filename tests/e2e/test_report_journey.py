"""The heart of the portal in a real browser: report, return, correct, approve."""

import re

import pytest
from playwright.sync_api import Page, expect

from programs.models import ProgressReport
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def people(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    agency = factories.AgencyFactory(name_fa="سازمان جهاد کشاورزی")
    program = factories.ProgramFactory(title_fa="توسعه دولت الکترونیک")
    assignment = factories.AssignmentFactory(agency=agency, program=program)
    period = factories.PeriodFactory()
    staff = factories.UserFactory(username="staff1", role="agency_staff", agency=agency)
    ito = factories.UserFactory(
        username="itoffice", role="it_office_reviewer", agency=factories.AgencyFactory(kind="it_office", group="")
    )
    return {"assignment": assignment, "period": period, "staff": staff, "ito": ito}


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def logout(page: Page) -> None:
    page.get_by_role("button", name="خروج").click()


def test_report_returned_corrected_and_approved(page: Page, live_server, people):
    base = live_server.url
    login(page, base, "staff1")
    page.get_by_role("link", name="شروع گزارش").click()
    page.get_by_label("درصد پیشرفت").fill("۶۵")
    page.get_by_label("اقدامات انجام‌شده").fill("دو دفتر پیشخوان راه‌اندازی شد.")
    page.get_by_label("افزودن پرونده").set_input_files(
        {"name": "صورتجلسه.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.get_by_role("button", name="ارسال برای بررسی").click()
    expect(page.locator("#report-state")).to_have_text("ارسال‌شده")
    expect(page.get_by_text("۶۵٪")).to_be_visible()
    expect(page.get_by_role("link", name="صورتجلسه.pdf")).to_be_visible()
    report = ProgressReport.objects.get()
    assert (report.percent, report.state) == (65, "submitted")
    logout(page)

    login(page, base, "itoffice")
    page.goto(f"{base}/review/")
    page.get_by_role("link", name="بررسی", exact=True).first.click()
    page.get_by_label("توضیح (برای بازگرداندن الزامی است)").fill("صورت‌جلسه امضا ندارد؛ نسخه امضاشده را پیوست کنید.")
    page.get_by_role("button", name="برگشت به دستگاه").click()
    expect(page).to_have_url(re.compile(r"/review/"))  # back in the queue it was opened from
    page.locator("[data-state=returned]").click()
    expect(page.locator("#review-queue tbody tr")).to_have_count(1)
    logout(page)

    login(page, base, "staff1")
    page.get_by_role("link", name="اصلاح گزارش برگشتی").click()
    expect(page.locator("#return-reason")).to_contain_text("صورت‌جلسه امضا ندارد")
    page.get_by_label("درصد پیشرفت").fill("۷۰")
    page.get_by_role("button", name="ارسال برای بررسی").click()
    expect(page.locator("#report-state")).to_have_text("ارسال‌شده")
    logout(page)

    login(page, base, "itoffice")
    page.goto(f"{base}{report.get_absolute_url()}")
    page.get_by_role("button", name="تأیید").click()
    expect(page.locator("#report-state")).to_have_text("تأییدشده")
    logout(page)

    login(page, base, "staff1")
    page.goto(f"{base}{report.get_absolute_url()}")
    expect(page.locator("#report-state")).to_have_text("تأییدشده")
    expect(page.get_by_role("link", name="اصلاح و ارسال دوباره")).to_have_count(0)
    page.goto(f"{base}/reports/{report.pk}/edit/")
    expect(page).to_have_url(f"{base}{report.get_absolute_url()}")
    report.refresh_from_db()
    assert (report.percent, report.state) == (70, "approved")
    assert list(report.events.values_list("action", flat=True)) == [
        "report.created", "report.evidence_added", "report.submitted", "report.returned", "report.saved",
        "report.submitted", "report.approved",
    ]  # fmt: skip
