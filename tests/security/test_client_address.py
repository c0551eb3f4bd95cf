"""The client's address behind the TLS proxy, and the login lockout keyed on it.

Before the fix axes counted every client behind the proxy as the proxy's own address (its
ipware settings were read by a package that is not installed): five wrong passwords from
anyone locked that username for everyone. These tests go through the whole middleware
stack as in production (HTTPS redirect on, the proxy's X-Forwarded-Proto trusted).
"""

import datetime

import pytest
from auditlog.models import LogEntry
from django.test import RequestFactory, override_settings
from django.urls import reverse

from agencies.models import Agency
from reform_portal.http import client_ip
from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"

production_stack = override_settings(
    AXES_ENABLED=True,
    AXES_FAILURE_LIMIT=5,
    AXES_COOLOFF_TIME=datetime.timedelta(minutes=15),
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
behind_proxy = override_settings(BEHIND_TLS_PROXY=True, TRUSTED_PROXIES=[PROXY, "::1"], TRUSTED_PROXY_HOPS=1)
no_proxy = override_settings(BEHIND_TLS_PROXY=False, SECURE_PROXY_SSL_HEADER=None, SECURE_SSL_REDIRECT=False)


def _login(client, password, *, forwarded_for=None, peer=PROXY, username="reviewer"):
    headers = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_PROTO": "https"}
    if forwarded_for is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    response = client.post(reverse("login"), {"username": username, "password": password}, secure=True, **headers)
    if response.status_code == 302:
        client.post(reverse("logout"), secure=True, **headers)
    return response.status_code


@pytest.fixture
def reviewer(db):
    return UserFactory(username="reviewer", role="it_office_reviewer")


@production_stack
@behind_proxy
def test_an_outsider_cannot_lock_a_reviewer_out_from_another_address(client, reviewer):
    for _ in range(4):
        assert _login(client, "wrong", forwarded_for="10.1.1.1") == 200
    assert _login(client, "wrong", forwarded_for="10.1.1.1") == 429  # the fifth failure locks ...
    assert _login(client, TEST_PASSWORD, forwarded_for="10.1.1.1") == 429  # ... the outsider's address ...
    assert _login(client, TEST_PASSWORD, forwarded_for="10.1.1.2") == 302  # ... the reviewer in the office is not


@production_stack
@behind_proxy
def test_behind_an_appending_proxy_the_client_cannot_choose_its_address(client, reviewer):
    """The proxy appends what it saw; what the client wrote to the left is never believed."""
    for attempt in range(4):
        assert _login(client, "wrong", forwarded_for=f"192.0.2.{attempt}, 10.1.1.1") == 200
    assert _login(client, "wrong", forwarded_for="192.0.2.50, 10.1.1.1") == 429
    assert _login(client, TEST_PASSWORD, forwarded_for="192.0.2.99, 10.1.1.1") == 429
    assert _login(client, TEST_PASSWORD, forwarded_for="10.1.1.1, 10.1.1.2") == 302


@production_stack
@behind_proxy
def test_a_peer_that_is_not_the_trusted_proxy_cannot_rotate_addresses(client, reviewer):
    for attempt in range(4):
        assert _login(client, "wrong", peer="203.0.113.5", forwarded_for=f"10.9.9.{attempt}") == 200
    assert _login(client, "wrong", peer="203.0.113.5", forwarded_for="10.9.9.50") == 429
    assert _login(client, TEST_PASSWORD, peer="203.0.113.5", forwarded_for="10.9.9.200") == 429
    assert _login(client, TEST_PASSWORD, peer="203.0.113.6") == 302


@production_stack
@no_proxy
def test_without_a_proxy_x_forwarded_for_is_ignored(client, reviewer):
    for attempt in range(4):
        assert _login(client, "wrong", peer="10.2.2.2", forwarded_for=f"10.9.9.{attempt}") == 200
    assert _login(client, "wrong", peer="10.2.2.2", forwarded_for="10.9.9.50") == 429
    assert _login(client, TEST_PASSWORD, peer="10.2.2.2", forwarded_for="10.9.9.200") == 429
    # Nor can an attacker lock another address by naming it.
    assert _login(client, TEST_PASSWORD, peer="10.2.2.3", forwarded_for="10.2.2.2") == 302


@production_stack
@behind_proxy
def test_the_audit_log_records_the_trusted_client_address(admin_client):
    admin_client.post(
        reverse("admin:agencies_province_add"),
        {"code": "P9", "name_fa": "استان نه"},
        secure=True,
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_PROTO="https",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 10.3.3.3",
    )
    entry = LogEntry.objects.get(object_repr__contains="استان نه")
    assert entry.remote_addr == "10.3.3.3"


@pytest.mark.parametrize(
    ("behind", "peer", "forwarded", "hops", "expected"),
    [
        (False, "10.0.0.1", "1.2.3.4", 1, "10.0.0.1"),
        (True, PROXY, "1.2.3.4", 1, "1.2.3.4"),
        (True, PROXY, " 9.9.9.9 , 1.2.3.4 ", 1, "1.2.3.4"),
        (True, PROXY, "9.9.9.9, 1.2.3.4, 10.0.0.2", 2, "1.2.3.4"),
        (True, PROXY, "1.2.3.4", 2, PROXY),  # fewer entries than trusted proxies: not believed
        (True, PROXY, "", 1, PROXY),
        (True, PROXY, "not-an-address", 1, PROXY),
        (True, PROXY, "1.2.3.4:5555", 1, "1.2.3.4"),
        (True, PROXY, "[2001:db8::7]:443", 1, "2001:db8::7"),
        (True, PROXY, "2001:db8::7", 1, "2001:db8::7"),
        (True, "10.5.0.9", "1.2.3.4", 1, "1.2.3.4"),  # inside a trusted network
        (True, "10.6.0.9", "1.2.3.4", 1, "10.6.0.9"),  # not a trusted proxy
    ],
)
def test_client_ip(settings, behind, peer, forwarded, hops, expected):
    settings.BEHIND_TLS_PROXY = behind
    settings.TRUSTED_PROXIES = [PROXY, "10.5.0.0/16"]
    settings.TRUSTED_PROXY_HOPS = hops
    request = RequestFactory().get("/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_agency_model_is_logged(db):
    """The audit-log test above relies on provinces being registered with auditlog."""
    from auditlog.registry import auditlog

    assert auditlog.contains(Agency)
