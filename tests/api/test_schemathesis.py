"""A property-based run of schemathesis against the API's own OpenAPI schema: for every
operation, generated requests as an agency's staff and as the IT office, with their tokens,
over a small province. No answer is a server error, and every answer matches the schema
(status code, content type, headers, body). Bounded (derandomized; about 3,500 requests,
a minute or two on an idle machine)."""

from decimal import Decimal

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from circulars import services as circulars
from programs.models import Indicator, IndicatorLevel, IndicatorValue
from service_channels import services
from service_channels.models import Service, ServiceChannel
from tests import factories
from tests.api.conftest import make_token
from tests.circulars.helpers import draft

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = 12

OPENAPI = SchemaGenerator().get_schema(request=None, public=True)
# As agency staff: every phase (the coverage phase tries each parameter's boundaries and
# wrong types, some 3,000 requests); as the IT office: random cases only (some 500).
schema = schemathesis.openapi.from_dict(OPENAPI)
schema.app = WSGIHandler()
fuzz_only = schemathesis.openapi.from_dict(
    OPENAPI, config=SchemathesisConfig.from_dict({"phases": {"coverage": {"enabled": False}}})
)
fuzz_only.app = schema.app


@pytest.fixture(autouse=True)
def _keep_the_tests_connection():
    """The WSGI handler closes old database connections around each request; inside a test's
    transaction (PostgreSQL) that would close the test's own connection. Django's test client
    does the same as this."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _objects(world) -> dict:
    """Data of every kind the API shows; {path of a detail operation: the id of one object}."""
    report = factories.ReportFactory(assignment=world.assignment_a, period=world.period, work_done="کار")
    submitted = factories.ReportFactory(
        assignment=world.assignment_b, period=world.period, work_done="کار", state="submitted",
        first_submitted_at=report.created_at,
    )  # fmt: skip
    circular = draft(world.it, target_mode="selected", selected_agencies=[world.a])
    circulars.publish_circular(circular=circular, by=world.it)
    service = Service.objects.create(agency=world.a, code="S-1", name_fa="صدور مجوز")
    channel = ServiceChannel.objects.create(service=service, channel="online")
    counts = services.save_counts(agency=world.a, period=world.period, by=world.staff_a, counts={channel.pk: 5})
    graded = Indicator.objects.create(program=world.program, code="Q-1", title_fa="کیفیت", kind="qualitative")
    IndicatorLevel.objects.create(indicator=graded, rank=1, label_fa="ضعیف", fraction=Decimal("0.5"))
    IndicatorValue.objects.create(report=report, indicator=graded, value=Decimal(1), note="خوب")
    return {
        "provinces": world.province.pk, "agencies": world.a.pk, "programs": world.program.pk,
        "periods": world.period.pk, "assignments": world.assignment_a.pk, "reports": report.pk,
        "deputies": world.a.deputies.get().pk, "circulars": circular.pk, "services": service.pk,
        "channel-reports": counts.pk, "figures/programs": world.program.pk, "figures/agencies": world.a.pk,
        "submitted": submitted.pk, "indicators": graded.pk,
    }  # fmt: skip


#: Schemathesis calls the WSGI app directly and would not unpack a gzipped answer (the API's
#: JSON is compressed for clients that accept it: reform_portal/compression.py).
PLAIN = {"Accept-Encoding": "identity"}


@pytest.fixture
def staff_headers(world) -> dict:
    """A token of agency A's staff, over data of every kind (once per operation, not per example)."""
    _objects(world)
    return {"Authorization": f"Bearer {make_token(world.staff_a)}", **PLAIN}


@pytest.fixture
def it_headers(world) -> dict:
    _objects(world)
    return {"Authorization": f"Bearer {make_token(world.it)}", **PLAIN}


SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck)
)


@pytest.mark.filterwarnings("ignore")
@schema.parametrize()
@SETTINGS
def test_no_server_error_and_every_answer_matches_the_schema(case, staff_headers):
    response = case.call(headers=staff_headers)
    case.validate_response(response, checks=CHECKS, headers=staff_headers)


@pytest.mark.filterwarnings("ignore")
@fuzz_only.parametrize()
@SETTINGS
def test_the_same_as_the_it_office(case, it_headers):
    response = case.call(headers=it_headers)
    case.validate_response(response, checks=CHECKS, headers=it_headers)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff_a", "deputy_a", "gov", "it", "admin"])
def test_every_read_of_real_objects_matches_the_schema(world, role):
    """Random ids mostly find nothing: here every GET operation reads objects that exist
    (each role's view of them), and its answer is checked against the schema."""
    ids = _objects(world)
    headers = {"Authorization": f"Bearer {make_token(getattr(world, role))}", **PLAIN}
    checked = 0
    for path, methods in schema.raw_schema["paths"].items():
        if "get" not in methods:
            continue
        parameters = {}
        if "{id}" in path:
            kind = path.removeprefix("/api/v1/").split("/{id}")[0]
            parameters = {"id": ids[kind]}
        case = schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call(headers=headers)
        assert response.status_code in (200, 403, 404), (path, response.status_code)
        case.validate_response(response, checks=CHECKS, headers=headers)
        checked += response.status_code == 200
    assert checked >= 10
