"""The API's permission matrix, with personal tokens: every API route × every role of the
pages' matrix (anonymous, agency staff on their own and on another agency's objects, the
liaison deputy, the governorate and IT office of the province and of a second province,
data-entry staff, the superuser) × GET and POST answers exactly as with the session
(tests/security/test_permission_matrix.py, EXPECTED), and another agency's or province's
object is the same JSON 404 as a missing one."""

import datetime
import secrets

import pytest
from django.test import Client
from django.utils import timezone

from api.models import ApiToken
from api.tokens import hash_key
from tests.security import test_permission_matrix as matrix
from tests.security.test_permission_matrix import (
    EXPECTED,
    NOT_AGENCY_OBJECTS,
    OBJECT_KWARGS,
    PORTAL_URLS,
    ROLES,
    _url,
    answer,
)

world = matrix.world  # the matrix's people and objects

API_ROUTES = sorted({name for name, _method in EXPECTED if name.startswith("api:")})


def test_every_api_route_is_in_the_matrix():
    assert sorted(name for name in PORTAL_URLS if name.startswith("api:")) == API_ROUTES


def _token(user, scope=ApiToken.Scope.WRITE) -> str:
    """A token written directly (the matrix makes many; data-entry staff could not make one)."""
    key = f"rpt_{secrets.token_urlsafe(30)}"
    ApiToken.objects.create(
        user=user, name="matrix", prefix=key[:10], key_hash=hash_key(key), scope=scope,
        expires_at=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    return key


def _client(world, role, scope=ApiToken.Scope.WRITE) -> Client:
    if role == "anon":
        return Client(raise_request_exception=False)
    return Client(
        raise_request_exception=False, headers={"Authorization": f"Bearer {_token(world['users'][role], scope)}"}
    )


def _request(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, {})


@pytest.mark.parametrize("name", API_ROUTES)
@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_token_answers_as_the_session_does(world, name, method):
    expected = dict(zip(ROLES, EXPECTED[(name, method)].split(), strict=True))
    got = {role: answer(_request(_client(world, role), method, _url(world, name, role))) for role in ROLES}
    assert got == expected


API_OBJECTS = sorted(name for name in OBJECT_KWARGS if name.startswith("api:") and name not in NOT_AGENCY_OBJECTS)


@pytest.mark.parametrize("name", API_OBJECTS)
def test_another_agencys_object_is_the_same_404_as_a_missing_one(world, name):
    client = _client(world, "own")
    for method in ("GET", "POST"):
        other = _request(client, method, _url(world, name, "other"))
        missing = _request(client, method, _url(world, name, "own", missing=True))
        assert other.status_code == missing.status_code
        if missing.status_code == 404:
            assert other.json() == missing.json()
        assert world["b"]["agency"].name_fa not in other.content.decode()
    for role in ("gov2", "it2"):  # the first province's objects, for the second province's reviewers
        other_province = _client(world, role).get(_url(world, name, role))
        if other_province.status_code != 403:  # a capability they lack anywhere
            missing = _client(world, role).get(_url(world, name, role, missing=True))
            assert (other_province.status_code, other_province.json()) == (missing.status_code, missing.json())
            assert other_province.status_code in (404, 405)


@pytest.mark.parametrize(
    "name", sorted(name for name, method in EXPECTED if name.startswith("api:") and method == "POST")
)
def test_a_read_only_token_writes_nothing(world, name):
    for role in ("own", "it", "admin"):
        response = _client(world, role, ApiToken.Scope.READ).post(_url(world, name, role), {})
        if response.status_code == 405 or name == "api:not-found":
            continue
        assert response.status_code == 403 and response.json()["code"] == "token_read_only", (role, response.json())
