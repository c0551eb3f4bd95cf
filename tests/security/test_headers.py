"""Security headers, the Content-Security-Policy, and the production settings.

The production checks start a fresh Python with a production-like environment (the one
.ci/run uses), because settings are read from the environment once, at start.
"""

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent.parent

PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "portal.example.ir",
    "CSRF_TRUSTED_ORIGINS": "https://portal.example.ir",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "STATICFILES_STORAGE": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}
# Variables of the test run that must not leak into the "production" process.
_DROPPED = {
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DEBUG",
    "SECURE_COOKIES",
    "STATICFILES_STORAGE",
    "AXES_ENABLED",
    "RATELIMIT_ENABLE",
    "SECURE_SSL_REDIRECT",
    "DATABASE_URL",
}


def _run(args, env):
    clean = {k: v for k, v in os.environ.items() if k not in _DROPPED and not k.startswith("SECURE_")}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120
    )


def _production_settings(*, without=()) -> dict:
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ["
        "'DEBUG', 'SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'AXES_ENABLED', 'RATELIMIT_ENABLE', "
        "'SECURE_REDIRECT_EXEMPT', "
        "'SESSION_EXPIRE_AT_BROWSER_CLOSE', 'SESSION_COOKIE_AGE']}))"
    )
    env = {k: v for k, v in PRODUCTION_ENV.items() if k not in without}
    result = _run(["-c", code], {"DJANGO_SETTINGS_MODULE": "reform_portal.settings", **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_is_clean_with_the_production_environment():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stderr and "ERRORS" not in result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_is_clean_with_the_production_defaults():
    """Only DEBUG=false, a key and the hosts: no warning either (HSTS preload is off by
    default on purpose, SECURITY.md)."""
    env = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("SECURE_")}
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_defaults_are_secure_without_naming_each_setting():
    """Only DEBUG=false, a key and the hosts: HTTPS mode and throttling are on by default."""
    values = _production_settings(
        without={"SECURE_COOKIES", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SECURE_HSTS_PRELOAD"}
    )
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_REDIRECT_EXEMPT"] == [r"^healthz$"]
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["AXES_ENABLED"] is True
    assert values["RATELIMIT_ENABLE"] is True
    assert values["SESSION_EXPIRE_AT_BROWSER_CLOSE"] is True
    assert values["SESSION_COOKIE_AGE"] <= 8 * 60 * 60


def _directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
def test_content_security_policy_allows_only_the_portal_itself(client):
    csp = _directives(client.get(reverse("login")))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in csp.values() for source in sources)


@pytest.mark.django_db
def test_security_headers_on_pages(client, staff_a):
    client.force_login(staff_a)
    for url in [reverse("login"), reverse("programs:agency", args=[staff_a.agency_id]), "/healthz"]:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["Referrer-Policy"] == "same-origin", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
        assert "Content-Security-Policy" in response, url


@pytest.mark.django_db
def test_hsts_and_https_redirect_in_https_mode(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("login"))
    assert response.status_code == 301 and response["Location"].startswith("https://")
    response = client.get(reverse("login"), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert client.get("/healthz").status_code == 200  # load balancers probe over plain HTTP


@pytest.mark.django_db
def test_cookies_are_secure_and_http_only_in_https_mode(client, settings, staff_a):
    from tests.factories import TEST_PASSWORD

    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    client.get(reverse("login"), secure=True)
    response = client.post(reverse("login"), {"username": "staff_a", "password": TEST_PASSWORD}, secure=True)
    session_cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session_cookie["secure"] and session_cookie["httponly"]
    assert session_cookie["samesite"] == "Lax"
    assert client.cookies[settings.CSRF_COOKIE_NAME]["secure"]


# --- templates keep to the policy ----------------------------------------------------------

TEMPLATE_DIRS = [ROOT / "templates", *sorted(ROOT.glob("*/templates"))]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"javascript:", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


def _templates(*, browser_only=False):
    """Templates served as web pages; with browser_only, not those made into PDF by WeasyPrint
    (the CSP does not apply there, and print layouts need <style>)."""
    paths = sorted(path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html"))
    if browser_only:
        paths = [path for path in paths if "pdf" not in path.name and "emails" not in path.parts]
    return paths


@pytest.mark.parametrize("path", _templates(browser_only=True), ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_have_no_inline_script_or_style(path):
    """The CSP would block them: scripts go to static/js/, widths use the .pct-N classes."""
    text = path.read_text(encoding="utf-8")
    for name, pattern in [
        ("inline <script>", INLINE_SCRIPT),
        ("on…= event handler", EVENT_HANDLER),
        ("style= attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
        ("javascript: URL", JAVASCRIPT_URL),
    ]:
        match = pattern.search(text)
        assert match is None, (
            f"{name} in {path.relative_to(ROOT)}: …{text[max(0, match.start() - 40) : match.end() + 40]}…"
        )


def test_no_template_loads_anything_from_another_site():
    offenders = [
        str(path.relative_to(ROOT))
        for path in _templates()
        if re.search(r"(?:src|href)=\"(?:https?:)?//", path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_every_setting_read_from_the_environment_is_documented_in_env_example():
    settings_source = (ROOT / "reform_portal/settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"env(?:\.\w+)?\(\s*\"([A-Z_][A-Z0-9_]*)\"", settings_source))
    documented = set(re.findall(r"^#?\s*([A-Z_][A-Z0-9_]*)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no env(...) calls found: the pattern needs updating"
    assert sorted(read - documented) == []
