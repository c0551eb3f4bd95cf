"""Circulars (read, acknowledged) and service channels (catalogue, transaction counts)
through the API, with the pages' lookups and actions."""

import pytest
from django.utils import timezone

from circulars import services as circulars
from circulars.models import CircularRead, CircularTarget
from service_channels.models import ChannelReport, Service, ServiceChannel
from tests import factories
from tests.circulars.helpers import draft

pytestmark = pytest.mark.django_db


def _post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


@pytest.fixture
def circular(world):
    circular = draft(world.it, target_mode="selected", selected_agencies=[world.a])
    circulars.publish_circular(circular=circular, by=world.it)
    return circular


def test_circulars_are_read_as_on_the_pages(world, api, circular):
    other = draft(world.it, subject="بخشنامه دیگر", target_mode="selected", selected_agencies=[world.b])
    circulars.publish_circular(circular=other, by=world.it)
    unpublished = draft(world.it, subject="پیش‌نویس")
    ids = lambda user: {row["id"] for row in api(user).get("/api/v1/circulars/").json()["results"]}  # noqa: E731
    assert ids(world.staff_a) == {circular.pk}
    assert ids(world.it) == {circular.pk, other.pk, unpublished.pk}
    assert ids(world.gov) == {circular.pk, other.pk}
    assert ids(world.it2) == set()
    detail = api(world.staff_a).get(f"/api/v1/circulars/{circular.pk}/").json()
    assert detail["acknowledgement"]["acknowledged_at"] is None and detail["body"] == "بند اول.\n\nبند دوم."
    assert not CircularRead.objects.exists()  # reading through the API does not mark it read
    missing = api(world.staff_a).get("/api/v1/circulars/987654/")
    assert api(world.staff_a).get(f"/api/v1/circulars/{other.pk}/").json() == missing.json()
    found = api(world.staff_a).get("/api/v1/circulars/", {"q": "نحوه اجرای برنامه های"}).json()["results"]
    assert [row["id"] for row in found] == [circular.pk]  # the archive's search: spaces and ZWNJ ignored


def test_acknowledging_once_then_409_with_who_and_when_in_both_languages(world, api, circular):
    client = api(world.staff_a)
    first = _post(client, f"/api/v1/circulars/{circular.pk}/acknowledge/")
    assert first.status_code == 200 and first.json()["acknowledgement"]["acknowledged_by"]["id"] == world.staff_a.pk
    again = _post(client, f"/api/v1/circulars/{circular.pk}/acknowledge/")
    assert again.status_code == 409 and again.json()["code"] == "already_acknowledged"
    message = again.json()["message"]
    assert message["en"].startswith("Your agency already acknowledged this circular") and "api_staff_a" in message["en"]
    assert message["fa"] != message["en"] and "api_staff_a" in message["fa"]
    assert CircularTarget.objects.get(circular=circular).acknowledged_by == world.staff_a
    assert _post(api(world.it), f"/api/v1/circulars/{circular.pk}/acknowledge/").status_code == 403
    assert _post(api(world.staff_b), f"/api/v1/circulars/{circular.pk}/acknowledge/").status_code == 404


def test_the_it_office_sees_who_acknowledged(world, api, circular):
    circulars.acknowledge_circular(circular=circular, by=world.staff_a)
    rows = api(world.it).get(f"/api/v1/circulars/{circular.pk}/acknowledgements/").json()["results"]
    assert [(row["agency"], row["acknowledged_by"]["id"]) for row in rows] == [(world.a.pk, world.staff_a.pk)]
    waiting = api(world.it).get(f"/api/v1/circulars/{circular.pk}/acknowledgements/?acknowledged=false").json()
    assert waiting["results"] == []
    assert api(world.staff_a).get(f"/api/v1/circulars/{circular.pk}/acknowledgements/").status_code == 403


@pytest.fixture
def service(world):
    service = Service.objects.create(agency=world.a, code="S-1", name_fa="صدور مجوز", name_en="Permits")
    ServiceChannel.objects.create(service=service, channel="in_person")
    ServiceChannel.objects.create(service=service, channel="online")
    return service


def test_counts_are_saved_and_submitted_as_on_the_counts_form(world, api, service):
    in_person, online = service.channels.order_by("channel")
    client = api(world.staff_a)
    catalogue = client.get("/api/v1/services/").json()["results"]
    assert [(row["code"], {c["channel"] for c in row["channels"]}) for row in catalogue] == [
        ("S-1", {"in_person", "online"})
    ]
    empty = _post(client, "/api/v1/channel-reports/", {"period": world.period.pk, "counts": []})
    assert empty.status_code == 400 and empty.json()["errors"]["counts"][0]["code"] == "no_counts"
    body = {
        "period": world.period.pk,
        "counts": [{"service_channel": in_person.pk, "count": 12}, {"service_channel": online.pk, "count": None}],
    }
    created = _post(client, "/api/v1/channel-reports/", body)
    assert created.status_code == 201, created.json()
    assert {(row["channel"], row["count"]) for row in created.json()["counts"]} == {("in_person", 12), ("online", None)}
    incomplete = _post(client, f"/api/v1/channel-reports/{created.json()['id']}/submit/")
    assert incomplete.status_code == 200 and incomplete.json()["state"] == "submitted"
    refused = _post(client, "/api/v1/channel-reports/", body)
    assert refused.status_code == 409 and refused.json()["code"] == "already_submitted"
    approved = _post(api(world.it), f"/api/v1/channel-reports/{created.json()['id']}/approve/")
    assert approved.json()["state"] == "approved"


def test_counts_of_another_agencys_service_are_refused(world, api, service):
    theirs = Service.objects.create(agency=world.b, code="S-9", name_fa="خدمت ب")
    channel = ServiceChannel.objects.create(service=theirs, channel="online")
    body = {"period": world.period.pk, "counts": [{"service_channel": channel.pk, "count": 3}]}
    response = _post(api(world.staff_a), "/api/v1/channel-reports/", body)
    assert response.status_code == 400 and response.json()["errors"]["counts"][0]["code"] == "not_on_sheet"
    assert not ChannelReport.objects.exists()
    report = ChannelReport.objects.create(
        agency=world.b, period=factories.PeriodFactory(), state="submitted", first_submitted_at=timezone.now()
    )
    assert api(world.staff_a).get(f"/api/v1/channel-reports/{report.pk}/").status_code == 404
    assert api(world.it).get(f"/api/v1/channel-reports/{report.pk}/").status_code == 200
    assert api(world.it2).get(f"/api/v1/channel-reports/{report.pk}/").status_code == 404


def test_deputies_personal_fields_only_for_those_who_see_them(world, api):
    row = api(world.staff_a).get("/api/v1/deputies/").json()["results"][0]
    assert row["national_code"] == "0499370899" and row["mobile"] == "09141234567"
    assert api(world.gov).get(f"/api/v1/deputies/{row['id']}/").status_code == 200
    assert api(world.deputy_a).get("/api/v1/deputies/").status_code == 403
    assert api(world.staff_b).get(f"/api/v1/deputies/{row['id']}/").status_code == 404
    assert api(world.it2).get(f"/api/v1/deputies/{row['id']}/").status_code == 404
    agency = api(world.deputy_a).get(f"/api/v1/agencies/{world.a.pk}/").json()
    assert "0499370899" not in str(agency) and "09141234567" not in str(agency)
