"""A new user imported by the administrator accepts the invitation, chooses a password,
turns on SMS for returned reports, and sees the unread count change when the IT office
returns their report (in a real Chromium, against the outbox)."""

import re

import pytest
from playwright.sync_api import Page, expect
from post_office.models import Email

from agencies.models import User
from notices import sms
from notices.models import Notification
from programs import services
from programs.models import ProgressReport
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_PASSWORD = "kelid-e-tazeh-1404"


@pytest.fixture
def world(transactional_db):
    sms.outbox.clear()
    agency = factories.AgencyFactory(code="WAZ-E2E", name_fa="اداره کل راه و شهرسازی")
    assignment = factories.AssignmentFactory(agency=agency)
    period = factories.PeriodFactory()
    factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    reviewer = factories.UserFactory(
        username="itoffice", role="it_office_reviewer",
        agency=factories.AgencyFactory(province=agency.province, kind="it_office", group=""),
    )  # fmt: skip
    yield {"agency": agency, "assignment": assignment, "period": period, "reviewer": reviewer}
    sms.outbox.clear()


def _log_in(page: Page, base: str, username: str, password: str = factories.TEST_PASSWORD) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(password)
    page.get_by_role("button", name="ورود").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def test_imported_user_accepts_turns_on_sms_and_sees_the_return(page: Page, live_server, world, browser, tmp_path):
    base = live_server.url
    # The administrator imports the new user (preview, then confirm) in the admin.
    _log_in(page, base, "root")
    csv = tmp_path / "users.csv"
    csv.write_text(
        "username,first_name,last_name,email,mobile,agency,role,language,is_active\n"
        "mina.rahimi,مینا,رحیمی,mina@example.ir,+98 912 555 4433,WAZ-E2E,agency_staff,fa,1\n",
        encoding="utf-8",
    )
    page.goto(f"{base}/admin/agencies/user/import/")
    page.locator("input[name=import_file]").set_input_files(str(csv))
    page.locator("select[name=format]").select_option(label="csv")
    page.locator("form#import-form input[type=submit], form input[type=submit]").first.click()
    expect(page.locator("input[name=confirm], form input[type=submit]").first).to_be_visible()
    assert not Email.objects.filter(to=["mina@example.ir"]).exists()  # the preview invites nobody
    page.locator("form input[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/admin/agencies/user/$"))
    page.context.clear_cookies()  # the administrator leaves; the new user opens the link in this browser

    # The invitation: its link chooses the password and logs in, on the profile page.
    message = Email.objects.get(to=["mina@example.ir"]).message
    link = re.search(r"http://127\.0\.0\.1:8000(/accounts/invitation/\S+/)", message)[1]
    assert [text.to for text in sms.outbox] == ["09125554433"]  # the invitation by SMS too
    page.goto(f"{base}{link}")
    page.get_by_label("گذرواژهٔ جدید", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("تأیید گذرواژهٔ جدید").fill(NEW_PASSWORD)
    page.get_by_role("button", name="تنظیم گذرواژه").click()
    expect(page).to_have_url(f"{base}/accounts/profile/")
    expect(page.locator("#current-mobile")).to_contain_text("۰۹۱۲۵۵۵۴۴۳۳")

    # SMS for returned reports.
    page.locator("#id_notify_returns_sms").check()
    page.get_by_role("button", name="ذخیره").click()
    expect(page.locator("#id_notify_returns_sms")).to_be_checked()
    user = User.objects.get(username="mina.rahimi")
    assert "sms" in user.notification_preferences["returns"]
    expect(page.locator("#unread-count")).to_have_count(0)

    # A report of hers reaches the IT office; the reviewer returns it in another browser.
    report = factories.ReportFactory(
        assignment=world["assignment"], period=world["period"], work_done="دو دفتر پیشخوان راه‌اندازی شد.",
        created_by=user,
    )  # fmt: skip
    services.submit_report(report=report, by=user)
    reviewer_context = browser.new_context(locale="fa-IR")
    reviewer = reviewer_context.new_page()
    _log_in(reviewer, base, "itoffice")
    reviewer.goto(f"{base}{report.get_absolute_url()}")
    reviewer.get_by_label("توضیح (برای بازگرداندن الزامی است)").fill("صورت‌جلسه امضا ندارد.")
    reviewer.get_by_role("button", name="برگشت به دستگاه").click()
    expect(reviewer.locator("#report-state")).to_have_text("بازگشت‌داده‌شده")
    reviewer_context.close()

    # Her unread count changes; the notification leads to the report; the SMS went out.
    page.reload()
    expect(page.locator("#unread-count")).to_contain_text("۱")
    page.locator("#notifications-link").click()
    page.locator("#notifications a").first.click()
    expect(page).to_have_url(f"{base}{report.get_absolute_url()}")
    expect(page.locator("#unread-count")).to_have_count(0)
    assert ProgressReport.objects.get().state == "returned"
    assert Notification.objects.get(user=user).read_at is not None
    texts = [text for text in sms.outbox if text.kind == "returns"]
    assert [text.to for text in texts] == ["09125554433"]
