"""A circular in a real browser: the IT office publishes, an agency acknowledges, the office sees who has not."""

import jdatetime
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from post_office.models import Email

from circulars.models import Circular, CircularRead, CircularTarget
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
SUBJECT = "نحوه واگذاری خدمات به دفاتر پیشخوان دولت"


@pytest.fixture
def people(transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    agr = factories.AgencyFactory(code="WAZ-AGR", name_fa="سازمان جهاد کشاورزی")
    edu = factories.AgencyFactory(code="WAZ-EDU", name_fa="اداره کل آموزش و پرورش", group="cultural_educational")
    factories.AgencyFactory(code="WAZ-TAX", name_fa="اداره کل امور مالیاتی")  # not addressed
    factories.DeputyFactory(agency=agr, state="confirmed", email="deputy.agr@example.ir")
    staff1 = factories.UserFactory(username="staff1", role="agency_staff", agency=agr, email="staff1@example.ir")
    factories.UserFactory(username="staff2", role="agency_staff", agency=edu, email="staff2@example.ir")
    factories.UserFactory(
        username="itoffice", role="it_office_reviewer", agency=factories.AgencyFactory(kind="it_office", group="")
    )
    return {"agr": agr, "edu": edu, "staff1": staff1}


def login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")


def logout(page: Page) -> None:
    page.get_by_role("button", name="خروج").click()


def jalali(days: int = 0) -> str:
    day = jdatetime.date.fromgregorian(date=timezone.localdate()) + jdatetime.timedelta(days=days)
    return f"{day.year}/{day.month:02d}/{day.day:02d}"


def test_itoffice_publishes_staff1_acknowledges_office_sees_who_has_not(page: Page, live_server, people):
    base = live_server.url
    login(page, base, "itoffice")
    page.locator("#main-nav").get_by_role("link", name="بخشنامه‌ها").click()
    page.get_by_role("link", name="بخشنامه تازه").click()
    page.get_by_label("شماره").fill("۲۳۱۳۲۷/ت۴۳۹۱۵ک")
    page.get_by_label("تاریخ", exact=True).fill(jalali())
    page.get_by_label("مهلت اعلام وصول").fill(jalali(10))
    page.get_by_label("موضوع").fill(SUBJECT)
    page.get_by_label("متن").fill("با سلام،\n\nفهرست خدمات قابل واگذاری را اعلام کنید.")
    expect(page.get_by_role("checkbox", name="سازمان جهاد کشاورزی")).to_be_hidden()  # only for hand-picked targets
    page.get_by_role("radio", name="دستگاه‌های برگزیده").check()
    page.get_by_role("checkbox", name="سازمان جهاد کشاورزی").check()
    page.get_by_role("checkbox", name="اداره کل آموزش و پرورش").check()
    page.get_by_label("پیوست‌ها").set_input_files(
        [{"name": "فهرست خدمات.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_role("button", name="ذخیره پیش‌نویس").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    page.get_by_role("link", name="انتشار…").click()
    expect(page.locator("#without-deputy")).to_contain_text("اداره کل آموزش و پرورش")
    expect(page.locator("#without-deputy")).not_to_contain_text("سازمان جهاد کشاورزی")
    page.get_by_role("button", name="انتشار و ارسال رایانامه").click()
    expect(page.get_by_role("alert").first).to_contain_text("بخشنامه منتشر شد")
    circular = Circular.objects.get()
    assert circular.state == "published"
    assert sorted(e.to[0] for e in Email.objects.all()) == [
        "deputy.agr@example.ir", "staff1@example.ir", "staff2@example.ir",
    ]  # fmt: skip
    logout(page)

    login(page, base, "staff1")
    page.locator("#main-nav").get_by_role("link", name="بخشنامه‌ها").click()
    item = page.get_by_role("link", name=SUBJECT)
    expect(item).to_contain_text("خوانده‌نشده")
    item.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SUBJECT)
    expect(page.locator("bdi", has_text="۲۳۱۳۲۷/ت۴۳۹۱۵ک").first).to_be_visible()
    assert CircularRead.objects.filter(user=people["staff1"], circular=circular).exists()
    with page.expect_download() as download:
        page.get_by_role("link", name="فهرست خدمات.pdf").click()
    assert download.value.suggested_filename == "فهرست خدمات.pdf"
    page.get_by_role("button", name="اعلام وصول").click()
    expect(page.get_by_role("alert").first).to_contain_text("وصول بخشنامه برای دستگاه شما اعلام شد")
    page.locator("#main-nav").get_by_role("link", name="بخشنامه‌ها").click()
    expect(page.get_by_role("link", name=SUBJECT)).not_to_contain_text("خوانده‌نشده")
    target = CircularTarget.objects.get(circular=circular, agency=people["agr"])
    assert target.acknowledged_by == people["staff1"]
    logout(page)

    login(page, base, "itoffice")
    page.locator("#main-nav").get_by_role("link", name="بخشنامه‌ها").click()
    row = page.get_by_role("row").filter(has_text=SUBJECT)
    expect(row).to_contain_text("۱ از ۲")
    row.get_by_role("link", name=SUBJECT).click()
    expect(page.locator("[data-ack-summary]")).to_have_text("۱ از ۲ دستگاه وصول را اعلام کرده‌اند")
    expect(page.locator("[data-ack-pending]")).to_have_text("اداره کل آموزش و پرورش (بدون معاون تأییدشده)")
    page.get_by_role("button", name="ارسال یادآوری به این دستگاه‌ها").click()
    expect(page.get_by_role("alert").first).to_contain_text("یادآوری")
    page.get_by_role("button", name="ارسال یادآوری به این دستگاه‌ها").click()
    expect(page.get_by_role("alert").first).to_contain_text("فردا دوباره امتحان کنید")
