"""Login: throttling (django-axes), session expiry, password rules.

Axes is switched off for the test run (pyproject.toml: the test client's login() calls
authenticate() without a request, which axes refuses); these tests switch it on.
"""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

axes_on = override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, AXES_COOLOFF_TIME=datetime.timedelta(minutes=15))


def _login(client, username, password, address="10.0.0.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


@axes_on
def test_repeated_failures_lock_the_account_with_a_persian_429(client, staff_a):
    for _ in range(2):
        response = _login(client, "staff_a", "wrong")
        assert response.status_code == 200
        assert "alert-danger" in response.content.decode()
    response = _login(client, "staff_a", "wrong")
    assert response.status_code == 429
    html = response.content.decode()
    assert 'lang="fa"' in html
    assert "تلاش‌های ورود بیش از حد مجاز" in html
    assert "۱۵" in html  # the wait, in Persian digits
    # Locked: even the right password is refused, and no session is opened.
    response = _login(client, "staff_a", TEST_PASSWORD)
    assert response.status_code == 429
    assert client.get(reverse("home")).status_code == 302


@axes_on
def test_lockout_is_per_username_and_address(client, staff_a, staff_b):
    for _ in range(3):
        _login(client, "staff_a", "wrong")
    assert _login(client, "staff_a", TEST_PASSWORD).status_code == 429
    # A colleague behind the same address, and the same user from another address, still log in.
    assert _login(client, "staff_b", TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    assert _login(client, "staff_a", TEST_PASSWORD, address="10.0.0.8").status_code == 302


@axes_on
def test_lock_ends_after_the_cool_off_time(client, staff_a):
    for _ in range(3):
        _login(client, "staff_a", "wrong")
    assert _login(client, "staff_a", TEST_PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert _login(client, "staff_a", TEST_PASSWORD).status_code == 302


@axes_on
def test_success_resets_the_failure_count(client, staff_a):
    for _ in range(2):
        _login(client, "staff_a", "wrong")
    assert _login(client, "staff_a", TEST_PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(2):
        assert _login(client, "staff_a", "wrong").status_code == 200
    assert _login(client, "staff_a", TEST_PASSWORD).status_code == 302


@axes_on
def test_admin_login_is_throttled_too(client):
    UserFactory(username="boss", is_staff=True, is_superuser=True)
    url = reverse("admin:login")
    for _ in range(2):
        client.post(url, {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    assert client.post(url, {"username": "boss", "password": "wrong"}, REMOTE_ADDR="10.0.0.9").status_code == 429


def test_session_ends_after_its_age(client, staff_a, settings):
    response = client.post(reverse("login"), {"username": "staff_a", "password": TEST_PASSWORD})
    assert response.status_code == 302
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE <= 8 * 60 * 60
    assert client.get(reverse("programs:agency", args=[staff_a.agency_id])).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("programs:agency", args=[staff_a.agency_id]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_session_cookie_ends_with_the_browser(client, staff_a, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    response = client.post(reverse("login"), {"username": "staff_a", "password": TEST_PASSWORD})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]
    assert cookie["httponly"]


def test_logging_in_gives_a_new_session_key(client, staff_a, settings):
    client.get(reverse("login"))
    client.cookies[settings.SESSION_COOKIE_NAME] = "attacker-chosen-session-key"
    client.post(reverse("login"), {"username": "staff_a", "password": TEST_PASSWORD})
    assert client.cookies[settings.SESSION_COOKIE_NAME].value != "attacker-chosen-session-key"


@pytest.mark.parametrize(
    "password",
    ["short1!", "1234567890123", "password1234", "staff_a_2024", "qwertyuiop"],
)
def test_weak_passwords_are_refused(password):
    user = UserFactory.build(username="staff_a", first_name="Staff", email="staff_a@example.ir")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_unusual_password_is_accepted():
    user = UserFactory.build(username="staff_a")
    validate_password("کوه-سبلان-۱۴۰۴-Zagros", user)
