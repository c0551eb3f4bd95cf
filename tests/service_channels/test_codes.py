"""Service codes have one canonical, validated form in every way in: the portal form, the
service, the admin, the import, and (for codes stored before) the data migration."""

import importlib
from types import SimpleNamespace

import pytest
import tablib
from auditlog.models import LogEntry
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from service_channels import services
from service_channels.models import Channel, Service
from service_channels.resources import ServiceResource
from tests import factories
from tests.service_channels.conftest import make_service

pytestmark = pytest.mark.django_db

BAD_CODES = ["\u200b", "\u200c", "😀", "<script>", "<script>alert(1)</script>", "../", "a/../b", "AGR 101", "\u202eAGR"]
UNIQUE_MESSAGE = "This agency already has a service with this code."


def unique_message_fa():
    with translation.override("fa"):
        return translation.gettext(UNIQUE_MESSAGE)


def save(agency, by, code, **data):
    return services.save_service(
        agency=agency, by=by, data={"code": code, "name_fa": "خدمت", **data}, channels={Channel.IN_PERSON: None}
    )


def post_service(client, code):
    return client.post(
        reverse("channels:service_create"),
        {"code": code, "name_fa": "صدور پروانه", "is_active": "on", "offered_in_person": "on"},
    )


# --- the model, hence the service and the admin -------------------------------------------------


@pytest.mark.parametrize("code", BAD_CODES)
def test_the_service_refuses_a_bad_code(agency_a, staff_a, code):
    with pytest.raises(ValidationError) as refused:
        save(agency_a, staff_a, code)
    assert "code" in refused.value.message_dict
    assert not Service.objects.exists()


def test_arabic_and_persian_letters_are_one_code_and_the_second_is_refused(agency_a, staff_a):
    first = save(agency_a, staff_a, "كرمان-۱")  # Arabic kaf, Persian digit
    assert first.code == "کرمان-1"
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        save(agency_a, staff_a, "کرمان-1\u200c")
    assert UNIQUE_MESSAGE in refused.value.messages
    with translation.override("en"), pytest.raises(ValidationError, match=UNIQUE_MESSAGE):
        save(agency_a, staff_a, "كرمان-1")
    assert Service.objects.count() == 1


def test_latin_letters_are_one_code_whatever_their_case(agency_a, staff_a):
    assert save(agency_a, staff_a, "agr-101").code == "AGR-101"
    with translation.override("en"), pytest.raises(ValidationError, match=UNIQUE_MESSAGE):
        save(agency_a, staff_a, "Agr-101")


def test_full_clean_stores_the_canonical_code(agency_a):
    service = Service(agency=agency_a, code=" ＡＧＲ\u200b-١٠١ ", name_fa="خدمت")
    service.full_clean()
    assert service.code == "AGR-101"


@pytest.fixture
def admin_client(client):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def admin_add(client, agency, code):
    return client.post(
        reverse("admin:service_channels_service_add"),
        {
            "agency": agency.pk, "code": code, "name_fa": "خدمت", "name_en": "", "is_active": "on",
            "channels-TOTAL_FORMS": "0", "channels-INITIAL_FORMS": "0",
            "channels-MIN_NUM_FORMS": "0", "channels-MAX_NUM_FORMS": "1000",
        },
    )  # fmt: skip


@pytest.mark.parametrize("code", ["<script>", "../", "😀", "\u200b"])
def test_the_admin_refuses_a_bad_code(admin_client, agency_a, code):
    response = admin_add(admin_client, agency_a, code)
    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    assert not Service.objects.exists()


def test_the_admin_stores_the_canonical_code_and_refuses_its_arabic_twin(admin_client, agency_a):
    assert admin_add(admin_client, agency_a, "كرمان").status_code == 302
    assert Service.objects.get().code == "کرمان"
    response = admin_add(admin_client, agency_a, "کرمان")
    assert response.status_code == 200 and Service.objects.count() == 1
    assert unique_message_fa() in str(response.context["adminform"].form.errors)


# --- the portal form ------------------------------------------------------------------------


@pytest.mark.parametrize("code", BAD_CODES)
def test_the_portal_form_refuses_a_bad_code_on_the_code_field(client, staff_a, code):
    client.force_login(staff_a)
    response = post_service(client, code)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not Service.objects.exists()


def test_the_portal_form_refuses_the_arabic_twin_of_a_code_with_the_unique_message(client, staff_a, agency_a):
    client.force_login(staff_a)
    assert post_service(client, "كرمان").status_code == 302
    response = post_service(client, "کرمان")
    assert response.status_code == 200
    assert Service.objects.get().code == "کرمان"
    assert unique_message_fa() in response.context["form"].non_field_errors()


# --- the import ---------------------------------------------------------------------------------

HEADERS = ["agency", "code", "name_fa", "name_en", "program_edition", "programs", "in_person", "counter_office",
           "public_service_office", "online", "is_active"]  # fmt: skip


def import_rows(*rows):
    return ServiceResource().import_data(
        tablib.Dataset(*rows, headers=HEADERS),
        dry_run=False, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True,
    )  # fmt: skip


def test_the_import_finds_a_code_by_its_canonical_form(agency_a):
    make_service(agency_a, "کرمان", {Channel.IN_PERSON: None})
    result = import_rows([agency_a.code, "كرمان", "خدمت کرمان", "", "", "", "1", "", "", "", "1"])
    assert not result.has_validation_errors() and not result.has_errors()
    assert result.totals["new"] == 0 and result.totals["update"] == 1
    assert list(Service.objects.values_list("code", flat=True)) == ["کرمان"]
    result = import_rows([agency_a.code, "agr-7", "خدمت", "", "", "", "1", "", "", "", "1"])
    assert Service.objects.filter(code="AGR-7").exists()


@pytest.mark.parametrize("code", ["<script>", "../", "😀", "\u200b", "AGR 1"])
def test_the_import_refuses_a_bad_code(agency_a, code):
    result = import_rows([agency_a.code, code, "خدمت", "", "", "", "1", "", "", "", "1"])
    assert result.has_validation_errors()
    assert "code" in result.invalid_rows[0].error_dict
    assert not Service.objects.exists()


# --- the data migration ---------------------------------------------------------------------


def test_the_migration_rewrites_codes_keeps_collisions_and_invalid_codes_and_logs_each_change(agency_a, agency_b):
    migration = importlib.import_module("service_channels.migrations.0002_service_code_canonical")
    canonical = make_service(agency_a, "کرمان", {})
    arabic_twin = make_service(agency_a, "كرمان", {})  # collides with a code already canonical
    lower = make_service(agency_a, "agr-1", {})
    mixed_twin = make_service(agency_a, "Agr-1", {})  # collides with the one before it, once rewritten
    other_agency = make_service(agency_b, "كرمان", {})  # another agency: no collision
    markup = make_service(agency_a, "<b>", {})

    migration.canonical_codes(apps, SimpleNamespace(connection=connection))

    def code(service):
        service.refresh_from_db()
        return service.code

    assert code(canonical) == "کرمان"
    assert code(arabic_twin) == "كرمان"  # kept as it was
    assert code(lower) == "AGR-1"
    assert code(mixed_twin) == "Agr-1"  # kept as it was
    assert code(other_agency) == "کرمان"
    assert code(markup) == "<b>"  # not valid even when normalised: kept for an administrator to fix
    changes = [
        entry.changes for entry in LogEntry.objects.filter(content_type__model="service", additional_data__isnull=False)
    ]  # (the test runs the function with the real models, whose saves auditlog logs too)
    assert sorted(change["code"][0] for change in changes) == ["agr-1", "كرمان"]
    # the twin kept as it was cannot be saved again under its old code: the unique message says why
    arabic_twin.code = "كرمان"
    with translation.override("en"), pytest.raises(ValidationError, match=UNIQUE_MESSAGE):
        arabic_twin.full_clean()
