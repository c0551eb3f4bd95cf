"""Every page of every role, in a real Chromium, in Persian and in English.

One walk per language over the demo data (seeded once for the walk): each role logs in and
follows every same-site link of its pages (the first of each kind of page: each URL name
once), the admin site included. On every page:

- axe-core (the npm package, loaded into the page by the test from tests/vendor/, never
  served to users) finds no serious or critical accessibility violation;
- nothing is wider than the window, at 1366 px and at 360 px;
- in Persian: no Latin digit and no English word in the visible text (codes, numbers of
  letters, e-mail addresses and the like are bidi-isolated: <bdi>, dir="ltr", .ltr, lang="en"),
  and no Latin digit in a number box.

A failure lists every problem of every page at once.

Like every browser test, it runs on SQLite only (tests/conftest.py). The admin site is walked
in Persian (in English it is the same markup, already checked for layout and accessibility
by the Persian walk; walking it again would cost CI minutes): each model's list, and the
history and import pages of the first ADMIN_SAMPLES models (every model's are the same
templates).
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve
from playwright.sync_api import Page

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

AXE = (Path(__file__).resolve().parent.parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
ROLES = ["staff1", "staff2", "deputy1", "governorate", "itoffice", "admin"]
WIDTHS = (1366, 360)
#: Links that download, leave, change something on GET or lead outside the pages of a role.
SKIPPED = (
    "/accounts/logout", "/i18n/", "/admin/logout", "/admin/jsi18n", "/admin/r/", "/delete/", "/export/",
    "/evidence/", "/attachments/", ".csv", ".xlsx", ".pdf", ".json", "/api/", "/accounts/tokens/", "/healthz",
)  # fmt: skip
#: The admin's pages walked: the index, each app's and each model's list, imports and histories
#: (each model's add and change forms are Django's own field by field, and would double the walk).
ADMIN_PAGES = ("admin:index", "admin:app_list", "_changelist", "_history", "_import")
#: How many models' history pages, and import pages, are walked.
ADMIN_SAMPLES = 6
#: Latin words allowed in Persian text: the names of file formats.
ALLOWED_LATIN = {"PDF", "JPEG", "PNG", "DOCX", "XLSX", "CSV"}
VISIBLE_TEXT = """() => {
  const body = document.body.cloneNode(true);
  const isolated = 'bdi, [dir=ltr], .ltr, [lang=en], input, textarea, select, option, script, style, template,'
    + ' noscript, .visually-hidden, [hidden], [aria-hidden=true]';
  body.querySelectorAll(isolated).forEach(node => node.remove());
  return body.innerText;
}"""
TYPED_LATIN_DIGITS = """() => Array.from(document.querySelectorAll(
    'input[inputmode=numeric], input[inputmode=decimal]'))
  .filter(input => input.offsetParent !== null && /[0-9]/.test(input.value))
  .map(input => (input.name || input.id) + '=' + input.value)"""
FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


@pytest.fixture
def demo(transactional_db, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    settings.DEBUG = False


def _view_name(path: str) -> str | None:
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def _log_in(page: Page, base: str, username: str, language: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill("reform1404")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if page.locator("button[name=language]").count() == 0:
        page.goto(f"{base}/circulars/")  # the admin site has no language switch; the portal's pages do
    if page.evaluate("document.documentElement.lang") != language:
        with page.expect_navigation():  # the switch may sit in the folded menu: pressed without a mouse
            page.locator(f"button[name=language][value={language}]").dispatch_event("click")


def _check(page: Page, language: str) -> list[str]:
    problems = []
    if language == "fa":
        text = page.evaluate(VISIBLE_TEXT)
        digits = re.findall(r".{0,12}[0-9].{0,12}", text)
        if digits:
            problems.append(f"Latin digits: {digits[:3]}")
        english = sorted(set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN)
        if english:
            problems.append(f"English words: {english[:8]}")
        typed = page.evaluate(TYPED_LATIN_DIGITS)
        if typed:
            problems.append(f"Latin digits in number boxes: {typed[:3]}")
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 740})
        page.evaluate(FRAMES)  # let the page lay itself out again (charts resize on the next frames)
        scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        if scroll > client:
            problems.append(f"wider than the window at {width} px: {scroll} > {client}")
    page.set_viewport_size({"width": WIDTHS[0], "height": 740})
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE + "\n;0")  # evaluated by the test, so the page's CSP stays as it is
    violations = page.evaluate(AXE_RUN)
    if violations:
        problems.append(f"axe: {violations}")
    return problems


def _walk(page: Page, base: str, role: str, language: str, start: str) -> tuple[list[str], list[str]]:
    """Visits the pages reachable from `start`, each URL name once; returns (visited, problems)."""
    queue, seen_paths, seen_views, visited, problems, sampled = [start], set(), set(), [], [], {}
    while queue:
        path = queue.pop(0)
        view = _view_name(path)
        if path in seen_paths or view is None or view in seen_views:
            continue
        if view.startswith("admin:") and not any(view == name or view.endswith(name) for name in ADMIN_PAGES):
            continue
        kind = next((suffix for suffix in ("_history", "_import") if view.endswith(suffix)), None)
        if kind and sampled.get(kind, 0) >= ADMIN_SAMPLES:
            continue
        if kind:
            sampled[kind] = sampled.get(kind, 0) + 1
        seen_paths.add(path)
        seen_views.add(view)
        response = page.goto(f"{base}{path}")
        page.wait_for_load_state()
        visited.append(path)
        found = [] if response.status < 400 else [f"status {response.status}"]
        found += _check(page, language)
        problems += [f"{role} {language} {path}: {problem}" for problem in found]
        hrefs = page.eval_on_selector_all("a[href^='/']", "links => links.map(link => link.getAttribute('href'))")
        for href in hrefs:
            href = href.split("#")[0]
            if href.startswith("/admin/") and href.endswith("/change/"):
                href = href.removesuffix("change/") + "history/"  # the object's history, not its form
            if language != "fa" and href.startswith("/admin/"):
                continue  # the admin is walked in Persian
            if href and href not in seen_paths and not any(part in href for part in SKIPPED):
                queue.append(href)
    return visited, problems


def _walk_every_role(page: Page, base: str, language: str) -> list[str]:
    problems, counts = [], {}
    for role in ROLES:
        _log_in(page, base, role, language)
        page.goto(f"{base}/")
        starts = [urlsplit(page.url).path] + (["/admin/"] if role == "admin" and language == "fa" else [])
        visited = []
        for start in starts:
            pages, found = _walk(page, base, role, language, start)
            visited += pages
            problems += found
        counts[role] = len(visited)
    portal_only = {"admin"} if language != "fa" else set()  # in English the admin role walks the portal's home only
    assert all(count >= 4 for role, count in counts.items() if role not in portal_only), f"too few pages: {counts}"
    return problems


def test_every_page_of_every_role_in_persian(page: Page, live_server, demo):
    problems = _walk_every_role(page, live_server.url, "fa")
    assert not problems, "\n".join(problems)


def test_every_page_of_every_role_in_english(page: Page, live_server, demo):
    problems = _walk_every_role(page, live_server.url, "en")
    assert not problems, "\n".join(problems)


def test_the_walk_finds_what_it_looks_for(page: Page, live_server):
    """Guards the checks above: a page with each kind of fault is reported."""
    page.route(
        f"{live_server.url}/walk-probe",
        lambda route: route.fulfill(
            status=200,
            headers={"Content-Type": "text/html; charset=utf-8"},
            body=(
                '<!DOCTYPE html><html lang="fa" dir="rtl"><head><title>x</title></head><body>'
                '<main><p>گزارش 65 Report</p><input type="text" inputmode="numeric" name="percent" value="65">'
                '<img src="x.png"><div class="wide"></div><p><bdi>WAZ-AGR 12</bdi></p></main>'
                "<style>.wide{width:2000px;height:1px}</style></body></html>"
            ),
        ),
    )
    page.goto(f"{live_server.url}/walk-probe")
    problems = " ".join(_check(page, "fa"))
    assert "Latin digits: ['گزارش 65 Report']" in problems or "Latin digits" in problems
    assert "'Report'" in problems and "WAZ" not in problems
    assert "percent=65" in problems
    assert "wider than the window at 360 px" in problems
    assert "image-alt" in problems
