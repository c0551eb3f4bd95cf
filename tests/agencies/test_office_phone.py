"""The deputy's office phone is an Iranian landline stored one way (04433445566) in every way
in: the portal form, the service, the admin, the import, the database and the data migration."""

import pytest
import tablib
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from django.utils import translation

from agencies import services
from agencies.models import LiaisonDeputy
from agencies.resources import LiaisonDeputyResource
from dashboards.cache import drop_triggers, install_triggers
from tests import factories

pytestmark = pytest.mark.django_db

FORM = {
    "full_name": "رضا محمدی",
    "position": "معاون توسعه مدیریت",
    "national_code": "0499370899",
    "mobile": "09141234567",
    "email": "deputy@example.ir",
}
ACCEPTED = ["044-33445566", "(044) 3344 5566", "+98 44 33445566", "004433445566", "۰۴۴۳۳۴۴۵۵۶۶", "0098 44 3344 5566"]
REFUSED = {
    "2026-03-21": "invalid_landline",
    "0000000000": "invalid_landline",
    "33445566": "invalid_landline",
    "044-03445566": "invalid_landline",
    "\u200c": "invalid_landline",
    "09141234567": "mobile_in_landline",
    "044-33445566 داخلی 12": "landline_extension",
}


def post_deputy(client, staff, office_phone):
    client.force_login(staff)
    return client.post(reverse("agencies:deputy_submit"), {**FORM, "office_phone": office_phone})


@pytest.mark.parametrize("typed", ACCEPTED)
def test_each_spelling_is_stored_in_one_canonical_form_through_the_form(client, staff_a, typed):
    response = post_deputy(client, staff_a, typed)
    assert response.status_code == 302, response.context["form"].errors
    assert LiaisonDeputy.objects.get().office_phone == "04433445566"


@pytest.mark.parametrize(("typed", "code"), REFUSED.items())
def test_bad_landlines_are_refused_by_the_form(client, staff_a, typed, code):
    response = post_deputy(client, staff_a, typed)
    assert response.status_code == 200
    assert [error.code for error in response.context["form"].errors.as_data()["office_phone"]] == [code]
    assert not LiaisonDeputy.objects.exists()


def test_an_empty_office_phone_stays_allowed(client, staff_a):
    assert post_deputy(client, staff_a, "").status_code == 302
    assert LiaisonDeputy.objects.get().office_phone == ""


def test_the_mobile_message_says_where_the_number_belongs(client, staff_a):
    with translation.override("en"):
        message = translation.gettext(
            "This is a mobile number; put it in the mobile field and give the office's landline here."
        )
    assert "mobile field" in message
    client.force_login(staff_a)
    response = client.post(
        reverse("agencies:deputy_submit"), {**FORM, "office_phone": "09141234567"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    with translation.override("fa"):
        persian = translation.gettext(message)
    assert response.context["form"].errors["office_phone"] in ([message], [persian])


@pytest.mark.parametrize("typed", ACCEPTED)
def test_the_service_stores_the_canonical_form(staff_a, agency_a, typed):
    deputy = services.submit_deputy(agency=agency_a, by=staff_a, **FORM, office_phone=typed)
    deputy.refresh_from_db()
    assert deputy.office_phone == "04433445566"


@pytest.mark.parametrize("typed", REFUSED)
def test_the_model_refuses_bad_landlines(staff_a, agency_a, typed):
    with pytest.raises(ValidationError) as refused:
        services.submit_deputy(agency=agency_a, by=staff_a, **FORM, office_phone=typed)
    assert "office_phone" in refused.value.message_dict
    assert not LiaisonDeputy.objects.exists()


@pytest.mark.parametrize("stored", ["044-33445566", "2026-03-21", "0000000000", "09141234567"])
def test_the_database_accepts_only_the_canonical_form(agency_a, stored):
    with pytest.raises(IntegrityError), transaction.atomic():
        factories.DeputyFactory(agency=agency_a, office_phone=stored)


def test_the_card_shows_the_number_readably(client, staff_a, agency_a):
    factories.DeputyFactory(agency=agency_a, office_phone="04433445566")
    client.force_login(staff_a)
    page = client.get(reverse("agencies:deputy")).content.decode()
    assert '<bdi dir="ltr">۰۴۴-۳۳۴۴۵۵۶۶</bdi>' in page


def test_the_form_is_prefilled_readably(client, staff_a, agency_a):
    factories.DeputyFactory(agency=agency_a, office_phone="04433445566")
    client.force_login(staff_a)
    assert client.get(reverse("agencies:deputy_submit")).context["form"].initial["office_phone"] == "044-33445566"


# --- the import -----------------------------------------------------------------------------

HEADERS = ["agency", "national_code", "full_name", "position", "mobile", "email", "office_phone", "state"]


def import_deputy(agency, office_phone):
    return LiaisonDeputyResource().import_data(
        tablib.Dataset(
            [agency.code, "0499370899", "نام", "سمت", "09141234567", "a@example.ir", office_phone, ""], headers=HEADERS
        ),
        dry_run=False, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True,
    )  # fmt: skip


@pytest.mark.parametrize("typed", ACCEPTED)
def test_the_import_stores_the_canonical_form_and_reimporting_changes_nothing(agency_a, typed):
    result = import_deputy(agency_a, typed)
    assert not result.has_validation_errors() and not result.has_errors()
    assert LiaisonDeputy.objects.get().office_phone == "04433445566"
    again = import_deputy(agency_a, typed)
    assert (again.totals["new"], again.totals["update"]) == (0, 0)


@pytest.mark.parametrize("typed", REFUSED)
def test_the_import_refuses_bad_landlines(agency_a, typed):
    result = import_deputy(agency_a, typed)
    assert result.has_validation_errors()
    assert "office_phone" in result.invalid_rows[0].error_dict
    assert not LiaisonDeputy.objects.exists()


# --- the data migration ---------------------------------------------------------------------

BEFORE = ("agencies", "0002_deputy_events_and_one_pending")
AFTER = ("agencies", "0003_deputy_office_phone_landline")


@pytest.mark.django_db(transaction=True)
def test_the_migration_rewrites_readable_numbers_and_blanks_the_rest_with_the_old_value_logged(client):
    # what `migrate` does around its migrations (pre_migrate and post_migrate), which the
    # executor alone does not
    drop_triggers()
    executor = MigrationExecutor(connection)
    try:
        executor.migrate([BEFORE])
        old = executor.loader.project_state([BEFORE]).apps
        province = old.get_model("agencies", "Province").objects.create(code="P", name_fa="استان")
        agency_model = old.get_model("agencies", "Agency")
        deputy_model = old.get_model("agencies", "LiaisonDeputy")
        pks = {}
        typed_before = ["044-3344 5566", "۰۲۱-۸۸۷۷۶۶۵۵", "2026-03-21", "09141234567", "", "04433445566"]
        for number, typed in enumerate(typed_before):
            agency = agency_model.objects.create(
                province=province, code=f"A{number}", name_fa="اداره", group="production"
            )
            pks[typed] = deputy_model.objects.create(
                agency=agency, full_name=f"معاون {number}", position="معاون", national_code="0499370899",
                mobile="09141234567", email="d@example.ir", office_phone=typed,
            ).pk  # fmt: skip

        executor = MigrationExecutor(connection)
        executor.migrate([AFTER])

        stored = dict(LiaisonDeputy.objects.values_list("pk", "office_phone"))  # only columns 0003 knows
        assert {typed: stored[pk] for typed, pk in pks.items()} == {
            "044-3344 5566": "04433445566",
            "۰۲۱-۸۸۷۷۶۶۵۵": "02188776655",
            "2026-03-21": "",  # not a landline: blanked, the old value kept in the audit log
            "09141234567": "",
            "": "",
            "04433445566": "04433445566",  # already canonical: untouched, not logged
        }
        logged = {
            entry.object_id: entry
            for entry in LogEntry.objects.filter(content_type__model="liaisondeputy", additional_data__isnull=False)
        }
        assert set(logged) == {pks["044-3344 5566"], pks["۰۲۱-۸۸۷۷۶۶۵۵"], pks["2026-03-21"], pks["09141234567"]}
        assert logged[pks["2026-03-21"]].changes == {"office_phone": ["2026-03-21", ""]}
        assert "blanked" in logged[pks["2026-03-21"]].additional_data["reason"]
        assert logged[pks["044-3344 5566"]].changes == {"office_phone": ["044-3344 5566", "04433445566"]}
        assert logged[pks["2026-03-21"]].object_repr == "معاون 2" and logged[pks["2026-03-21"]].actor is None
        # the old value is on the deputy's History page in the admin (with every later migration applied)
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
        history = client.get(reverse("admin:agencies_liaisondeputy_history", args=[pks["2026-03-21"]]))
        # the admin speaks Persian: the logged value is shown with Persian digits
        assert history.status_code == 200 and "۲۰۲۶-۰۳-۲۱" in history.content.decode()
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        install_triggers()
