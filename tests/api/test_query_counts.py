"""Every list of the API, and the details that list rows (a report's timeline and files, a
count report's rows), runs the same number of queries with little and with more data."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from circulars import services as circulars
from programs.models import ReportEvent
from service_channels.models import Service, ServiceChannel
from tests import factories
from tests.api.conftest import make_token
from tests.circulars.helpers import draft

pytestmark = pytest.mark.django_db

LISTS = [
    "/api/v1/provinces/",
    "/api/v1/agencies/",
    "/api/v1/programs/",
    "/api/v1/periods/",
    "/api/v1/assignments/",
    "/api/v1/reports/",
    "/api/v1/reports/?state=submitted&updated_since=1400/01/01&ordering=-updated_at",
    "/api/v1/deputies/",
    "/api/v1/circulars/",
    "/api/v1/services/",
    "/api/v1/channel-reports/",
]


def _grow(world, times: int):
    """More of everything the lists show, in every agency and state."""
    for index in range(times):
        agency = factories.AgencyFactory(province=world.province)
        program = factories.ProgramFactory(owner=world.program.owner)
        period = factories.PeriodFactory()
        assignment = factories.AssignmentFactory(agency=agency, program=program)
        for target in (assignment, world.assignment_a):
            report = factories.ReportFactory(
                assignment=target, period=period, state="submitted", first_submitted_at=timezone.now(),
                submitted_by=world.staff_a, reviewed_by=world.it, work_done="کار",
            )  # fmt: skip
            ReportEvent.objects.create(report=report, action="report.submitted", actor=world.staff_a)
        factories.DeputyFactory(agency=agency)
        service = Service.objects.create(agency=agency, code=f"S-{index}", name_fa=f"خدمت {index}")
        ServiceChannel.objects.create(service=service, channel="online")
        ServiceChannel.objects.create(service=service, channel="in_person")
        service.programs.add(program)
        circular = draft(world.it, subject=f"بخشنامه {index}")
        circulars.publish_circular(circular=circular, by=world.it)
        circular.programs.add(program)


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content[:300])
    return len(queries)


@pytest.mark.parametrize("role", ["it", "staff_a"])
def test_lists_run_a_fixed_number_of_queries(world, role):
    client = Client(headers={"Authorization": f"Bearer {make_token(getattr(world, role))}"})
    _grow(world, 1)
    small = {url: _count(client, url) for url in LISTS}
    _grow(world, 6)
    large = {url: _count(client, url) for url in LISTS}
    assert large == small
    assert max(small.values()) <= 6  # the token (with its user), the list, its prefetches, the call's log row


def test_a_reports_detail_runs_a_fixed_number_of_queries(world):
    from django.core.files.base import ContentFile

    from programs.models import Evidence

    client = Client(headers={"Authorization": f"Bearer {make_token(world.it)}"})
    report = factories.ReportFactory(
        assignment=world.assignment_a, period=world.period, state="submitted", first_submitted_at=timezone.now()
    )
    url = f"/api/v1/reports/{report.pk}/"

    def add(times):
        for _ in range(times):
            ReportEvent.objects.create(report=report, action="report.saved", actor=world.staff_a)
            Evidence.objects.create(
                report=report, file=ContentFile(b"%PDF", name="e.pdf"), original_name="e.pdf", kind="pdf", size=4,
                uploaded_by=world.staff_b,
            )  # fmt: skip

    add(1)
    small = _count(client, url)
    add(5)
    assert _count(client, url) == small


def test_a_circulars_acknowledgements_run_a_fixed_number_of_queries(world):
    client = Client(headers={"Authorization": f"Bearer {make_token(world.it)}"})

    def published_to_every_agency():
        circular = draft(world.it, subject="همه")
        circulars.publish_circular(circular=circular, by=world.it)
        for target in circular.targets.all()[::2]:
            target.acknowledged_by, target.acknowledged_at = world.staff_a, timezone.now()
            target.save()
        return f"/api/v1/circulars/{circular.pk}/acknowledgements/"

    _grow(world, 1)
    small = _count(client, published_to_every_agency())
    _grow(world, 6)
    assert _count(client, published_to_every_agency()) == small
