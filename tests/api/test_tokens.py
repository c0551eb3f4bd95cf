"""Personal API tokens: made and revoked on the user's «API tokens» page, stored hashed,
shown once, with an expiry and a scope; every call logged and rate-limited per token."""

import datetime
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api import tokens
from api.models import ApiCall, ApiToken
from tests.api.conftest import make_token

pytestmark = pytest.mark.django_db


def _bearer(key: str) -> Client:
    return Client(headers={"Authorization": f"Bearer {key}"})


def test_a_token_is_made_on_the_page_shown_once_and_stored_hashed(world):
    client = Client()
    client.force_login(world.staff_a)
    response = client.post(reverse("api_tokens:list"), {"name": "سامانه BI", "scope": "read", "days": "90"})
    assert response.status_code == 200
    key = re.search(r'id="token-key">(rpt_[A-Za-z0-9_-]+)<', response.content.decode()).group(1)
    assert response["Cache-Control"].startswith("max-age=0")  # never_cache: the key is not kept by a proxy
    token = ApiToken.objects.get(user=world.staff_a)
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in str(ApiToken.objects.values_list()) and token.prefix == key[:10]
    assert token.scope == "read" and token.name == "سامانه BI"
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=90))) < datetime.timedelta(minutes=1)
    again = client.get(reverse("api_tokens:list")).content.decode()
    assert key not in again and token.prefix in again  # listed by its prefix, never shown again
    assert _bearer(key).get("/api/v1/provinces/").status_code == 200


def test_lifetime_beyond_the_longest_allowed_is_refused(world, settings):
    settings.API_TOKEN_MAX_DAYS = 60
    client = Client()
    client.force_login(world.staff_a)
    response = client.post(reverse("api_tokens:list"), {"name": "x", "scope": "read", "days": "90"})
    assert response.status_code == 400 and not ApiToken.objects.exists()
    assert tokens.lifetimes() == [30, 60]


def test_revoked_expired_unknown_and_inactive_tokens_get_401(world):
    key = make_token(world.staff_a)
    token = ApiToken.objects.get(user=world.staff_a)
    assert _bearer(key).get("/api/v1/agencies/").status_code == 200
    client = Client()
    client.force_login(world.staff_a)
    response = client.post(reverse("api_tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    refused = _bearer(key).get("/api/v1/agencies/")
    assert refused.status_code == 401 and refused.json()["code"] == "token_invalid"
    assert refused["WWW-Authenticate"] == 'Bearer realm="api"'
    assert set(refused.json()["message"]) == {"fa", "en"}

    expired_key = make_token(world.staff_a)
    ApiToken.objects.filter(revoked_at__isnull=True).update(
        created_at=timezone.now() - datetime.timedelta(days=31), expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert _bearer(expired_key).get("/api/v1/agencies/").status_code == 401
    assert _bearer("rpt_" + "a" * 40).get("/api/v1/agencies/").status_code == 401
    assert _bearer("not-a-token").get("/api/v1/agencies/").status_code == 401

    inactive_key = make_token(world.staff_b)
    world.staff_b.is_active = False
    world.staff_b.save()
    assert _bearer(inactive_key).get("/api/v1/agencies/").status_code == 401


def test_another_users_token_cannot_be_revoked_by_me(world):
    make_token(world.staff_b)
    token = ApiToken.objects.get(user=world.staff_b)
    client = Client()
    client.force_login(world.staff_a)
    assert client.post(reverse("api_tokens:revoke", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_without_credentials_the_api_answers_401_not_a_login_redirect(world):
    response = Client().get("/api/v1/reports/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_a_read_only_token_cannot_write(world, api):
    from tests import factories

    report = factories.ReportFactory(assignment=world.assignment_a, period=world.period, work_done="کار")
    client = api(world.staff_a, scope="read")
    assert client.get(f"/api/v1/reports/{report.pk}/").status_code == 200
    response = client.post(f"/api/v1/reports/{report.pk}/submit/", content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "token_read_only"
    report.refresh_from_db()
    assert report.state == "draft"


def test_every_token_call_is_logged_and_shows_on_the_page(world):
    key = make_token(world.staff_a)
    client = _bearer(key)
    client.get("/api/v1/agencies/?kind=executive", REMOTE_ADDR="10.1.2.3")
    client.get(f"/api/v1/agencies/{world.b.pk}/")
    calls = list(ApiCall.objects.order_by("pk"))
    assert [(call.method, call.path, call.status, call.user_id) for call in calls] == [
        ("GET", "/api/v1/agencies/?kind=executive", 200, world.staff_a.pk),
        ("GET", f"/api/v1/agencies/{world.b.pk}/", 404, world.staff_a.pk),
    ]
    assert calls[0].client_ip == "10.1.2.3"
    page = Client()
    page.force_login(world.staff_a)
    token = page.get(reverse("api_tokens:list")).context["tokens"][0]
    assert token.call_count == 2 and token.last_used_at == calls[1].at


def test_calls_with_the_session_are_not_logged(world):
    client = Client()
    client.force_login(world.staff_a)
    assert client.get("/api/v1/agencies/").status_code == 200
    assert not ApiCall.objects.exists()


def test_rate_limit_per_token_answers_429_with_retry_after(world, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATELIMIT_API = "3/m"
    first, second = make_token(world.staff_a), make_token(world.staff_a)
    answers = [_bearer(first).get("/api/v1/provinces/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    refused = _bearer(first).get("/api/v1/provinces/")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused.json()["code"] == "throttled" and set(refused.json()["message"]) == {"fa", "en"}
    assert _bearer(second).get("/api/v1/provinces/").status_code == 200  # counted per token


def test_users_without_a_portal_role_have_no_token_page(world):
    client = Client()
    client.force_login(world.entry)
    assert client.get(reverse("api_tokens:list")).status_code == 403


def test_at_most_ten_active_tokens(world):
    for _ in range(tokens.MAX_ACTIVE_TOKENS):
        make_token(world.staff_a)
    client = Client()
    client.force_login(world.staff_a)
    response = client.post(reverse("api_tokens:list"), {"name": "x", "scope": "read", "days": "30"})
    assert response.status_code == 400
    assert ApiToken.objects.filter(user=world.staff_a).count() == tokens.MAX_ACTIVE_TOKENS


def test_prune_api_calls_keeps_recent_ones(world):
    from django.core.management import call_command

    key = make_token(world.staff_a)
    _bearer(key).get("/api/v1/provinces/")
    _bearer(key).get("/api/v1/agencies/")
    ApiCall.objects.filter(path="/api/v1/provinces/").update(at=timezone.now() - datetime.timedelta(days=200))
    call_command("prune_api_calls")
    assert list(ApiCall.objects.values_list("path", flat=True)) == ["/api/v1/agencies/"]


def test_the_session_writes_only_with_the_csrf_token(world):
    from tests import factories

    report = factories.ReportFactory(assignment=world.assignment_a, period=world.period, work_done="کار")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff_a)
    refused = client.post(f"/api/v1/reports/{report.pk}/submit/", content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    form = client.post(f"/api/v1/reports/{report.pk}/submit/", {"x": "1"})  # a form from another site
    assert form.status_code == 403
    token = client.get("/api/v1/docs/").cookies["csrftoken"].value
    accepted = client.post(
        f"/api/v1/reports/{report.pk}/submit/", content_type="application/json", headers={"X-CSRFToken": token}
    )
    assert accepted.status_code == 200 and accepted.json()["state"] == "submitted"
