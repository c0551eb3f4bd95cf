"""A small province for the API's tests: agencies A and B, their staff, A's liaison deputy,
the governorate and the IT office, an open period with an assignment each, and a second
province's IT office. `api(user)` is a client that sends the user's personal token."""

import datetime
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from agencies.models import Agency
from api import tokens
from api.models import ApiToken
from tests import factories


@dataclass
class World:
    province: object
    province2: object
    a: Agency
    b: Agency
    staff_a: object
    staff_b: object
    deputy_a: object
    gov: object
    it: object
    it2: object
    entry: object
    admin: object
    period: object
    assignment_a: object
    assignment_b: object
    program: object


@pytest.fixture
def world(db) -> World:
    province = factories.ProvinceFactory()
    province2 = factories.ProvinceFactory(code="TST2", name_fa="استان دوم", name_en="Second province")
    a = factories.AgencyFactory(province=province, code="API-A", name_fa="اداره کل الف", name_en="Agency A")
    b = factories.AgencyFactory(province=province, code="API-B", name_fa="اداره کل ب", name_en="Agency B")
    it_office = factories.AgencyFactory(province=province, kind="it_office", group="", name_fa="دفتر فناوری")
    program = factories.ProgramFactory(owner=it_office)
    period = factories.PeriodFactory()
    world = World(
        province=province,
        province2=province2,
        a=a,
        b=b,
        staff_a=factories.UserFactory(username="api_staff_a", role="agency_staff", agency=a),
        staff_b=factories.UserFactory(username="api_staff_b", role="agency_staff", agency=b),
        deputy_a=factories.UserFactory(username="api_deputy_a", role="liaison_deputy", agency=a),
        gov=factories.UserFactory(
            username="api_gov",
            role="governorate_reviewer",
            agency=factories.AgencyFactory(province=province, kind="governorate", group=""),
        ),  # fmt: skip
        it=factories.UserFactory(username="api_it", role="it_office_reviewer", agency=it_office),
        it2=factories.UserFactory(
            username="api_it2",
            role="it_office_reviewer",
            agency=factories.AgencyFactory(province=province2, kind="it_office", group=""),
        ),  # fmt: skip
        entry=factories.UserFactory(username="api_entry", is_staff=True),
        admin=factories.UserFactory(username="api_admin", is_staff=True, is_superuser=True),
        period=period,
        assignment_a=factories.AssignmentFactory(agency=a, program=program),
        assignment_b=factories.AssignmentFactory(agency=b, program=program),
        program=program,
    )
    factories.DeputyFactory(agency=a, state="confirmed", user=world.deputy_a, email="deputy.a@example.ir")
    return world


def make_token(user, scope=ApiToken.Scope.WRITE, days=30) -> str:
    """A token's key, made as its owner makes one; for users without a portal role (who
    cannot make one) it is written directly, to show what the API then refuses them."""
    try:
        return tokens.create_token(user=user, name="test", scope=scope, days=days)[1]
    except PermissionDenied:
        key = f"{tokens.PREFIX}{'x' * 40}{user.pk}"
        ApiToken.objects.create(
            user=user, name="test", scope=scope, prefix=key[:10], key_hash=tokens.hash_key(key),
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )  # fmt: skip
        return key


@pytest.fixture
def api():
    """api(user, scope=…) → a test client sending the user's token (None: no token)."""

    def client(user=None, scope=ApiToken.Scope.WRITE, **kwargs) -> Client:
        headers = {"Authorization": f"Bearer {make_token(user, scope)}"} if user is not None else {}
        return Client(headers=headers, raise_request_exception=kwargs.pop("raise_request_exception", True), **kwargs)

    return client
