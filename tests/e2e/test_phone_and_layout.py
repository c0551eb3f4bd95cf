"""Layout in a real Chromium: the agency's pages on a 360 × 740 phone, the report journey by
keyboard alone, and the dashboard's heatmap and trend chart at 1366 px."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from agencies.models import User
from circulars.models import Circular
from programs.models import ProgressReport
from tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
INSIDE = """el => { const r = el.getBoundingClientRect(); return r.left >= 0 && r.right <= window.innerWidth
  && r.width > 0; }"""
NO_SIDEWAYS_SCROLL = "document.documentElement.scrollWidth <= document.documentElement.clientWidth"


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def _log_in(page: Page, base: str, username: str, password: str = "reform1404") -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if page.evaluate("document.documentElement.lang") != "fa":
        with page.expect_navigation():  # the switch may sit in the folded menu: pressed without a mouse
            page.locator("button[name=language][value=fa]").dispatch_event("click")


def _assert_fits(page: Page, path: str, actions: list[str]) -> None:
    page.goto(path)
    assert page.evaluate(NO_SIDEWAYS_SCROLL), f"{path} scrolls sideways at 360 px"
    for selector in actions:
        elements = page.locator(selector)
        assert elements.count() > 0, f"{selector} missing on {path}"
        for index in range(elements.count()):
            assert elements.nth(index).evaluate(INSIDE), f"{selector} #{index} off-screen on {path}"


def test_agency_pages_on_a_phone(page: Page, live_server, demo):
    page.set_viewport_size(PHONE)
    base = live_server.url
    _log_in(page, base, "staff1")
    staff = User.objects.get(username="staff1")
    agency = f"{base}{reverse('programs:agency', args=[staff.agency_id])}"
    # Every row's action (start, continue, correct, view) is on the screen: cards, not a wide table.
    _assert_fits(page, agency, [".assignments-table td.card-action a"])
    draft = ProgressReport.objects.filter(assignment__agency=staff.agency_id, state__in=["draft", "returned"]).first()
    edit = f"{base}{reverse('programs:report_edit', args=[draft.pk])}"
    _assert_fits(page, edit, ["#report-form button[type=submit]"])
    done = ProgressReport.objects.filter(assignment__agency=staff.agency_id, state="approved").first()
    _assert_fits(page, f"{base}{done.get_absolute_url()}", ["h1", "#report-state"])
    _assert_fits(page, f"{base}{reverse('circulars:list')}", ["main h1", "main a[href^='/circulars/']"])
    circular = Circular.objects.filter(targets__agency_id=staff.agency_id).first()
    _assert_fits(page, f"{base}{reverse('circulars:detail', args=[circular.pk])}", ["main h1"])
    _assert_fits(page, f"{base}{reverse('agencies:deputy')}", ["main h1", "main a[href$='/deputy/submit/']"])
    _assert_fits(page, f"{base}{reverse('agencies:deputy_submit')}", ["main form button[type=submit]"])
    # The menu folds into its button; opened, every link is on the screen.
    page.goto(agency)
    page.locator(".navbar-toggler").click()
    expect(page.locator("#main-nav")).to_be_visible()
    links = page.locator("#main-nav .nav-link")
    for index in range(links.count()):
        assert links.nth(index).evaluate(INSIDE)


def test_report_journey_by_keyboard_alone(page: Page, live_server, transactional_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    agency = factories.AgencyFactory(name_fa="سازمان جهاد کشاورزی")
    factories.AssignmentFactory(agency=agency, program=factories.ProgramFactory(title_fa="توسعه دولت الکترونیک"))
    factories.PeriodFactory()
    factories.UserFactory(username="staff1", role="agency_staff", agency=agency)
    keyboard = page.keyboard

    def tab_to(description: str, limit: int = 60) -> None:
        for _ in range(limit):
            keyboard.press("Tab")
            if page.evaluate(
                "d => { const e = document.activeElement; return !!e && ((e.labels && e.labels[0] && "
                "e.labels[0].innerText.trim() === d) || e.innerText.trim() === d); }",
                description,
            ):
                return
        raise AssertionError(f"Tab never reached «{description}»")

    page.goto(f"{live_server.url}/accounts/login/")
    tab_to("نام کاربری")
    keyboard.type("staff1")
    tab_to("گذرواژه")
    keyboard.type(factories.TEST_PASSWORD)
    keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    # The first Tab reaches the skip link; it leads past the menu into the page.
    keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    keyboard.press("Enter")
    tab_to("شروع گزارش")
    keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/report/$"))
    tab_to("درصد پیشرفت")
    keyboard.type("۶۵")
    tab_to("اقدامات انجام‌شده")
    keyboard.type("دو دفتر پیشخوان راه‌اندازی شد.")
    tab_to("ارسال برای بررسی")
    keyboard.press("Enter")
    expect(page.locator("#report-state")).to_have_text("ارسال‌شده")
    report = ProgressReport.objects.get()
    assert (report.percent, report.state) == (65, "submitted")


def test_dashboard_heatmap_and_trend_fit_at_1366(page: Page, live_server, demo):
    page.set_viewport_size({"width": 1366, "height": 900})
    _log_in(page, live_server.url, "itoffice")
    page.goto(f"{live_server.url}/dashboard/heatmap/")
    box = page.locator(".scroll-cue .table-responsive")
    width, inner = box.evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert width <= inner, f"the heatmap scrolls at 1366 px: {width} > {inner}"
    expect(page.locator("#heatmap thead th.program-col")).to_have_count(30)
    for index in range(30):  # every column header visible, with the program's name, not a bare number
        header = page.locator("#heatmap thead th.program-col").nth(index)
        assert header.evaluate(INSIDE)
        assert header.locator(".program-name").inner_text().strip()
    expect(page.locator("#heatmap-scroll-hint")).to_be_hidden()
    # On a narrower screen the programs scroll, and the page says so.
    page.set_viewport_size({"width": 900, "height": 900})
    expect(page.locator("#heatmap-scroll-hint")).to_be_visible()
    expect(page.locator(".scroll-cue.is-scrollable")).to_have_count(1)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{live_server.url}/dashboard/")
    # The trend chart's first and last period labels are inside the canvas.
    inside = page.evaluate(
        """() => { const c = Chart.getChart(document.getElementById('trend-chart')); const s = c.scales.x;
          c.ctx.font = Chart.helpers.toFont(s.options.ticks.font).string;
          return s.ticks.map((t, i) => { const w = c.ctx.measureText(String(s.getLabelForValue(t.value))).width;
            const x = s.getPixelForTick(i); return x - w / 2 >= 0 && x + w / 2 <= c.width; }); }"""
    )
    assert inside and all(inside), inside
