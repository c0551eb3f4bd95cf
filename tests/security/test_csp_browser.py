"""In a real Chromium, the pages of every role break no rule of the Content-Security-Policy
(no inline script or style, nothing from another site): Chromium reports each violation
on the console, and none may appear."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DEMO_PASSWORD = "reform1404"


@pytest.fixture
def demo_data(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    settings.DEBUG = False


def _log_in(page: Page, base: str, username: str):
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("نام کاربری").fill(username)
    page.get_by_label("گذرواژه").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="ورود").click()
    page.wait_for_load_state("networkidle")


def _visit_links(page: Page, base: str, limit: int = 12) -> list[str]:
    """The page the role lands on, then the same-site links of its navigation and content."""
    hrefs = page.eval_on_selector_all(
        "nav a[href^='/'], main a[href^='/']", "elements => elements.map(e => e.getAttribute('href'))"
    )
    visited = []
    for href in dict.fromkeys(hrefs):
        if len(visited) >= limit or href.startswith(("/accounts/logout", "/admin/logout")):
            continue
        if any(part in href for part in (".xlsx", ".csv", ".pdf", "/evidence/", "/attachments/", "/export/")):
            continue  # downloads
        page.goto(f"{base}{href}")
        page.wait_for_load_state("networkidle")
        visited.append(href)
    return visited


@pytest.mark.parametrize("username", ["staff1", "governorate", "itoffice", "admin"])
def test_pages_of_each_role_keep_to_the_content_security_policy(page: Page, live_server, demo_data, username):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(f"{live_server.url}/accounts/login/")
    _log_in(page, live_server.url, username)
    visited = _visit_links(page, live_server.url)
    assert visited, "no links followed"
    assert violations == []


def test_the_console_does_report_violations(page: Page, live_server):
    """Guards the test above: an inline script and style under the policy are reported."""
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.route(
        f"{live_server.url}/csp-probe",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html", "Content-Security-Policy": "default-src 'self'"},
            body="<p style='color: red'>x</p><script>document.title = 'ran'</script>",
        ),
    )
    page.goto(f"{live_server.url}/csp-probe")
    page.wait_for_timeout(200)
    assert page.title() != "ran"
    assert len(violations) >= 2
