"""Rate limits (reform_portal/ratelimits.py, django-ratelimit): exports per user, login per
address and per username, answered with the Persian 429 page and Retry-After.

Before the fix nothing answered 429: one reviewer could ask for PDF after PDF while other
users waited. The test run turns rate limiting off (pyproject.toml, RATELIMIT_ENABLE=false)
so that other tests may repeat requests; these tests turn it on. Time is frozen for
django-ratelimit, so that no counting window ends in the middle of a test.
"""

import os
import subprocess
import sys
from pathlib import Path
from unittest import mock

import pytest
from django.core.cache import CacheHandler
from django.test import override_settings
from django.urls import reverse

from tests import factories
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent
PERSIAN_429_TITLE = "درخواست‌های بیش از حد مجاز"

rate_limits_on = override_settings(
    RATELIMIT_ENABLE=True,
    RATELIMIT_EXPORTS="3/m",
    RATELIMIT_PDF="2/m",
    RATELIMIT_LOGIN_IP="4/m",
    RATELIMIT_LOGIN_USERNAME="3/m",
)


@pytest.fixture(autouse=True)
def _frozen_clock():
    with mock.patch("django_ratelimit.core.time", mock.Mock(time=lambda: 1_800_000_000.0)):
        yield


def assert_persian_429(response, *, back_to):
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert 'lang="fa"' in html and 'dir="rtl"' in html
    assert PERSIAN_429_TITLE in html
    assert "ثانیه صبر کنید" in html
    assert any(digit in html for digit in "۱۲۳۴۵۶۷۸۹")  # the wait, in Persian digits
    assert f'href="{back_to}"' in html


# --- exports ---------------------------------------------------------------------------------


def _export(client, kind, user):
    urls = {
        "csv": reverse("dashboards:export", args=["ranking", "csv"]),
        "agency": reverse("dashboards:agency_export", args=[user.agency_id or 1, "assignments", "xlsx"]),
        "channels": reverse("channels:dashboard_export", args=["channels-ranking", "xlsx"]),
        "pdf": reverse("dashboards:pdf"),
    }
    if kind == "pdf":  # asks the task worker for the PDF
        return client.post(urls[kind])
    return client.get(urls[kind])


@rate_limits_on
def test_exports_are_limited_per_user_across_export_views(client, it_office_user, governorate_user):
    client.force_login(it_office_user)
    assert _export(client, "csv", it_office_user).status_code == 200
    assert _export(client, "agency", it_office_user).status_code == 200
    assert _export(client, "csv", it_office_user).status_code == 200
    response = _export(client, "csv", it_office_user)
    assert_persian_429(response, back_to=reverse("home"))
    assert "خروجی درخواست کرده‌اید" in response.content.decode()
    assert _export(client, "channels", it_office_user).status_code == 429  # one counter for every export view
    assert client.get(reverse("dashboards:dashboard")).status_code == 200  # the pages themselves are not limited

    client.force_login(governorate_user)  # another user has their own count
    assert _export(client, "csv", governorate_user).status_code == 200


@rate_limits_on
def test_province_pdfs_have_their_own_tighter_limit(client):
    reviewer = factories.UserFactory(role="governorate_reviewer", agency=factories.AgencyFactory(kind="governorate"))
    client.force_login(reviewer)
    for _ in range(2):
        assert _export(client, "pdf", reviewer).status_code == 302  # to the job's page
    assert client.get(reverse("dashboards:pdf")).status_code == 200  # the page with the button is not counted
    assert_persian_429(_export(client, "pdf", reviewer), back_to=reverse("home"))
    assert _export(client, "csv", reviewer).status_code == 200  # tables are counted apart


@rate_limits_on
def test_the_429_page_follows_the_language(client, it_office_user):
    client.force_login(it_office_user)
    client.cookies["django_language"] = "en"
    for _ in range(3):
        _export(client, "csv", it_office_user)
    response = _export(client, "csv", it_office_user)
    assert response.status_code == 429
    html = response.content.decode()
    assert 'lang="en"' in html and "Too many requests" in html and "seconds, then try again" in html


def test_rate_limiting_is_off_for_the_rest_of_the_test_run(client, it_office_user, settings):
    assert settings.RATELIMIT_ENABLE is False
    client.force_login(it_office_user)
    for _ in range(40):
        assert _export(client, "csv", it_office_user).status_code == 200


# --- login -----------------------------------------------------------------------------------


def _login(client, username, password="wrong", address="10.0.0.7", url=None):
    return client.post(url or reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@rate_limits_on
def test_login_posts_are_limited_per_address(client, staff_a):
    for number in range(4):
        assert _login(client, f"guess{number}").status_code == 200
    assert_persian_429(_login(client, "guess5"), back_to=reverse("login"))
    response = _login(client, "staff_a", TEST_PASSWORD)  # even the right password waits ...
    assert response.status_code == 429
    assert "از نشانی شما" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # ... and opens no session
    assert _login(client, "staff_a", TEST_PASSWORD, address="10.0.0.8").status_code == 302  # other addresses log in


@rate_limits_on
def test_login_posts_are_limited_per_username_from_any_address(client, staff_a):
    for number, username in enumerate(["staff_a", " STAFF_A", "Staff_A "]):
        assert _login(client, username, address=f"10.0.1.{number}").status_code == 200
    response = _login(client, "staff_a", TEST_PASSWORD, address="10.0.1.9")
    assert_persian_429(response, back_to=reverse("login"))
    assert "برای این حساب" in response.content.decode()
    assert _login(client, "someone_else", address="10.0.1.9").status_code == 200


@rate_limits_on
def test_ipv6_clients_are_counted_by_their_network(client):
    for number in range(4):
        assert _login(client, f"guess{number}", address=f"2001:db8:1:2::{number + 1}").status_code == 200
    assert _login(client, "guess9", address="2001:db8:1:2:ffff::1").status_code == 429
    assert _login(client, "guess9", address="2001:db8:1:3::1").status_code == 200


@rate_limits_on
def test_showing_the_login_form_is_not_counted(client):
    for _ in range(10):
        assert client.get(reverse("login"), REMOTE_ADDR="10.0.0.7").status_code == 200
    assert _login(client, "guess").status_code == 200


@rate_limits_on
def test_the_admin_login_is_limited_too(client):
    factories.UserFactory(username="boss", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(3):
        assert _login(client, "boss", url=url).status_code == 200
    assert_persian_429(_login(client, "boss", TEST_PASSWORD, url=url), back_to=reverse("login"))


@rate_limits_on
@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, RATELIMIT_LOGIN_USERNAME="100/m")
def test_the_axes_lockout_page_is_unchanged_beside_the_rate_limits(client, staff_a):
    for _ in range(2):
        assert _login(client, "staff_a").status_code == 200
    response = _login(client, "staff_a")
    assert response.status_code == 429
    html = response.content.decode()
    assert "تلاش‌های ورود بیش از حد مجاز" in html and "۱۵" in html  # axes' cool-off, in minutes
    assert PERSIAN_429_TITLE not in html


# --- the cache the counters live in ----------------------------------------------------------


def _caches_with(settings, alias, location):
    return override_settings(
        CACHES={
            "default": settings.CACHES["default"],
            alias: {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": location},
        },
        RATELIMIT_USE_CACHE=alias,
    )


@rate_limits_on
def test_a_cache_server_that_does_not_answer_costs_the_limits_not_the_portal(client, it_office_user, settings):
    with _caches_with(settings, "down", "redis://127.0.0.1:1/0"):  # nothing listens there
        client.force_login(it_office_user)
        for _ in range(5):
            assert _export(client, "csv", it_office_user).status_code == 200
        client.logout()
        for _ in range(6):
            assert _login(client, "guess").status_code == 200


def _redis_answers() -> bool:
    try:
        import redis

        return redis.Redis.from_url("redis://127.0.0.1:6379/5", socket_connect_timeout=1).ping()
    except Exception:
        return False


@pytest.mark.skipif(not _redis_answers(), reason="needs Redis on 127.0.0.1:6379")
@rate_limits_on
def test_workers_sharing_redis_count_together(client, it_office_user, settings):
    with _caches_with(settings, "shared", "redis://127.0.0.1:6379/5"):
        from django.core.cache import caches

        caches["shared"].clear()
        try:
            client.force_login(it_office_user)
            assert _export(client, "csv", it_office_user).status_code == 200
            assert _export(client, "csv", it_office_user).status_code == 200
            # Another gunicorn worker: its own cache connections, the same counters.
            with mock.patch("django_ratelimit.core.caches", CacheHandler()):
                assert _export(client, "csv", it_office_user).status_code == 200
                assert _export(client, "csv", it_office_user).status_code == 429
        finally:
            caches["shared"].clear()


def _check(cache_url):
    env = {**os.environ, "DEBUG": "true", "CACHE_URL": cache_url}
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.mark.parametrize("cache_url", ["locmemcache://", "redis://127.0.0.1:6379/5"])
def test_manage_py_check_accepts_the_per_process_and_the_redis_cache(cache_url):
    result = _check(cache_url)
    assert result.returncode == 0, result.stdout + result.stderr


def test_manage_py_check_refuses_a_cache_that_cannot_count():
    result = _check("dummycache://")
    assert result.returncode != 0
    assert "django_ratelimit.E003" in result.stderr
