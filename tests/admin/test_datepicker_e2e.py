"""The offline Jalali date picker in a real browser, on the admin's period form."""

import datetime

import jdatetime
import pytest
from playwright.sync_api import Page, expect

from programs.models import ReportingPeriod
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def logged_in(page: Page, live_server):
    factories.UserFactory(username="root", is_staff=True, is_superuser=True)
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("نام کاربری").fill("root")
    page.get_by_label("گذرواژه").fill(factories.TEST_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    return page


def test_picker_writes_a_jalali_date_that_the_form_accepts(logged_in: Page, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/admin/programs/reportingperiod/add/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    assert "Vazirmatn" in page.evaluate("getComputedStyle(document.body).fontFamily")

    today = jdatetime.date.today()
    page.locator("#id_opens_on").click()
    picker = page.locator(".jdp")
    expect(picker).to_be_visible()
    expect(picker.locator(".jdp-title")).to_contain_text(
        ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند"][
            today.month - 1
        ]
    )
    picker.locator(".jdp-day", has_text="۱۵").first.click()
    expect(picker).to_be_hidden()
    value = page.locator("#id_opens_on").input_value()
    expected = f"{today.year:04d}/{today.month:02d}/15".translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    assert value == expected

    # Next month, first day, for the due date; Escape closes without writing.
    page.locator("#id_due_on").click()
    picker.locator(".jdp-next").click()
    picker.locator(".jdp-day", has_text="۱").first.click()
    page.locator("#id_closes_on").click()
    page.keyboard.press("Escape")
    expect(picker).to_be_hidden()
    assert page.locator("#id_closes_on").input_value() == ""
    page.locator("#id_closes_on").fill("1499/01/01")

    page.locator("#id_fiscal_year").fill("1499")
    page.locator("#id_number").fill("1")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_be_visible()
    period = ReportingPeriod.objects.get(fiscal_year=1499)
    assert period.opens_on == jdatetime.date(today.year, today.month, 15).togregorian()
    next_month = jdatetime.date(today.year + (today.month == 12), today.month % 12 + 1, 1)
    assert period.due_on == next_month.togregorian()


def test_picker_calendar_arithmetic_matches_jdatetime(logged_in: Page, live_server):
    page = logged_in
    page.goto(f"{live_server.url}/admin/programs/reportingperiod/add/")
    start = datetime.date(2020, 1, 1)
    days = [start + datetime.timedelta(days=n) for n in range(0, 365 * 12, 7)]
    results = page.evaluate(
        "days => days.map(([y, m, d]) => { const j = window.jalaliDatepicker.toJalali(y, m, d);"
        " const g = window.jalaliDatepicker.toGregorian(j.jy, j.jm, j.jd);"
        " return [j.jy, j.jm, j.jd, g.gy, g.gm, g.gd]; })",
        [[day.year, day.month, day.day] for day in days],
    )
    for day, (jy, jm, jd, gy, gm, gd) in zip(days, results, strict=True):
        jalali = jdatetime.date.fromgregorian(date=day)
        assert (jy, jm, jd) == (jalali.year, jalali.month, jalali.day), day
        assert (gy, gm, gd) == (day.year, day.month, day.day)
    lengths = page.evaluate("[1403, 1404, 1407, 1408].map(y => window.jalaliDatepicker.monthLength(y, 12))")
    assert lengths == [30 if jdatetime.date(y, 1, 1).isleap() else 29 for y in (1403, 1404, 1407, 1408)]
