import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


def test_staff1_logs_in_and_sees_a_persian_rtl_page(page: Page, live_server, demo_data):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/")
    page.get_by_label("نام کاربری").fill("staff1")
    page.get_by_label("گذرواژه").fill("reform1404")
    page.get_by_role("button", name="ورود").click()
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    expect(page.get_by_role("heading", level=1)).to_have_text("سازمان جهاد کشاورزی آذربایجان غربی")
    expect(page.get_by_role("link", name="دستگاه من")).to_be_visible()
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Vazirmatn" in font
