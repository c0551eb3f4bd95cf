"""The people's pages in a real browser, at a phone's width: Persian, right-to-left, no
English and no Latin digit left, nothing wider than the window; then English."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from notices.models import Notification
from reform_portal.persian import localize_digits
from tests import factories
from tests.e2e.test_persian_pages import ALLOWED_LATIN, VISIBLE_TEXT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def staff(transactional_db):
    user = factories.UserFactory(
        username="staff1", first_name="مینا", last_name="رحیمی", role="agency_staff", agency=factories.AgencyFactory(),
        mobile="09125554433",
    )  # fmt: skip
    for number in range(12):
        Notification.objects.create(
            user=user, kind="returns", template="report_returned", url="/",
            title_fa=f"گزارش {localize_digits(number + 1)} برگشت داده شد", title_en=f"Report {number + 1} was returned",
        )  # fmt: skip
    return user


PAGES = ["people:profile", "notices:list", "password_change"]


def test_people_pages_at_360_px_in_persian_then_english(page: Page, live_server, staff):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/accounts/login/")
    page.locator("input[name=username]").fill("staff1")
    page.locator("input[name=password]").fill(factories.TEST_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*accounts/login).*$"))
    for name in PAGES:
        page.goto(f"{live_server.url}{reverse(name)}")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{name} is wider than the window: {width}"
        text = page.evaluate(VISIBLE_TEXT)
        assert not re.search(r"[0-9]", text), f"Latin digit on {name}: {re.findall(r'.{0,20}[0-9].{0,20}', text)[:5]}"
        english = set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN - {"SMS", "API"}
        assert not english, f"English words on {name}: {sorted(english)[:20]}"
    page.goto(f"{live_server.url}{reverse('people:profile')}")
    page.locator("#main-nav").evaluate("nav => nav.classList.add('show')")  # the menu, as opened on a phone
    page.locator("form[action$='/i18n/setlang/'] button").first.click()
    for name in PAGES:
        page.goto(f"{live_server.url}{reverse(name)}")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        assert not re.search(r"[۰-۹]", page.evaluate(VISIBLE_TEXT)), f"Persian digit on an English page {name}"
    page.goto(f"{live_server.url}{reverse('notices:list')}")
    expect(page.locator("#notifications")).to_contain_text("Report 12 was returned")
