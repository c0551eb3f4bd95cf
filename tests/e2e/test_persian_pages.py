"""A pass over the main pages in a real browser: Persian pages are right-to-left, in
Persian digits, with no English left; the same pages in English are left-to-right."""

import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from agencies.models import User
from programs.models import ProgressReport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Visible text, without what is isolated on purpose: codes, numbers of letters, emails,
# phone numbers (<bdi>, dir="ltr"), form controls and the language switch itself.
VISIBLE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  const hidden = 'bdi, [dir=ltr], .ltr, input, textarea, select, option, script, style, [lang=en], .visually-hidden';
  body.querySelectorAll(hidden).forEach(node => node.remove());
  return body.innerText;
}"""
ALLOWED_LATIN = {"PDF", "JPEG", "PNG", "DOCX", "XLSX", "CSV"}


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def _pages(role: str) -> list[str]:
    user = User.objects.get(username=role)
    if role == "staff1":
        report = ProgressReport.objects.filter(assignment__agency=user.agency).order_by("-period__opens_on").first()
        return [
            reverse("programs:agency", args=[user.agency_id]),
            report.get_absolute_url(),
            reverse("circulars:list"),
            reverse("agencies:deputy"),
            reverse("dashboards:agency", args=[user.agency_id]),
        ]
    report = ProgressReport.objects.filter(state="submitted").first()
    return [
        reverse("dashboards:dashboard"),
        reverse("programs:review_queue"),
        report.get_absolute_url(),
        reverse("circulars:list"),
        reverse("agencies:deputy_review_list"),
    ]


def _login(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("reform1404")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"^(?!.*accounts/login).*$"))


@pytest.mark.parametrize("role", ["staff1", "itoffice"])
def test_main_pages_in_persian_then_english(page: Page, live_server, demo, role):
    _login(page, live_server.url, role)
    for path in _pages(role):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", "fa")
        expect(page.locator("html")).to_have_attribute("dir", "rtl")
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{path} is wider than the window: {width}"
        text = page.evaluate(VISIBLE_TEXT)
        assert re.search(r"[۰-۹]", text) and len(text) > 200, f"{path} shows too little to judge: {text[:200]!r}"
        assert not re.search(r"[0-9]", text), f"Latin digit on {path}: {re.findall(r'.{0,20}[0-9].{0,20}', text)[:5]}"
        english = set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN
        assert not english, f"English words on {path}: {sorted(english)[:20]}"

    page.get_by_role("button", name="English").click()
    for path in _pages(role):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        expect(page.locator("html")).to_have_attribute("dir", "ltr")
        text = page.evaluate(VISIBLE_TEXT)
        assert not re.search(r"[۰-۹]", text), f"Persian digit on an English page {path}"
