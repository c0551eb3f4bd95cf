"""reform_portal/importing.py: what the per-file import checks without the database agrees
with what the database says, and nothing a row-by-row import would refuse gets through."""

import datetime
from decimal import Decimal

import pytest
import tablib
from django.db.models import Q
from django.utils import translation

from agencies.models import Agency, LiaisonDeputy, User
from agencies.resources import AgencyResource, LiaisonDeputyResource, UserResource
from programs.models import Program
from programs.resources import ProgramResource
from reform_portal.importing import UNSUPPORTED, evaluate_check
from service_channels.models import Service
from service_channels.resources import ServiceResource
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _run(resource, dataset, *, dry_run=False):
    return resource.import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )


def _errors(result) -> dict:
    return {row.number: {name: [str(e) for e in errors] for name, errors in row.error_dict.items()}
            for row in result.invalid_rows}  # fmt: skip


# --- CheckConstraint conditions: Python agrees with the database --------------------------------


def _agency(**values):
    return Agency(**{"kind": "executive", "group": "production", **values})


def _program(**values):
    return Program(**{"weight": Decimal(1), "start_date": None, "end_date": None, **values})


CASES = [
    (_agency(), "agency_executive_has_group"),
    (_agency(group=""), "agency_executive_has_group"),
    (_agency(kind="governorate", group=""), "agency_executive_has_group"),
    (_program(weight=Decimal("-0.5")), "program_weight_not_negative"),
    (_program(weight=Decimal(0)), "program_weight_not_negative"),
    (_program(weight=None), "program_weight_not_negative"),  # NULL: unknown, which a CHECK lets pass
    (_program(start_date=datetime.date(2026, 3, 21), end_date=datetime.date(2026, 3, 20)), "program_ends_after_start"),
    (_program(start_date=datetime.date(2026, 3, 21), end_date=datetime.date(2026, 3, 21)), "program_ends_after_start"),
    (_program(start_date=None, end_date=datetime.date(2026, 3, 20)), "program_ends_after_start"),
    (User(role="agency_staff", agency_id=None), "user_agency_staff_has_agency"),
    (User(role="agency_staff", agency_id=1), "user_agency_staff_has_agency"),
    (User(role="", agency_id=None), "user_agency_staff_has_agency"),
]


@pytest.mark.parametrize(("instance", "name"), CASES)
def test_python_evaluation_of_a_check_agrees_with_the_database(instance, name):
    constraint = next(c for c in instance._meta.constraints if c.name == name)
    verdict = evaluate_check(constraint.condition, instance)
    assert verdict is not UNSUPPORTED
    against = instance._get_field_expression_map(meta=instance._meta)
    assert (verdict is not False) == Q(constraint.condition).check(against)


def test_what_python_cannot_evaluate_is_left_to_the_database():
    assert evaluate_check(Q(name_fa__startswith="ا"), Agency(name_fa="الف")) is UNSUPPORTED
    assert evaluate_check(Q(province__code="X"), Agency()) is UNSUPPORTED  # a join
    assert evaluate_check(Q(name_fa__gt="ب"), Agency(name_fa="الف")) is UNSUPPORTED  # collation decides
    assert evaluate_check(Q(weight__gte=0), Program(weight=Decimal(1)), exclude={"weight"}) is UNSUPPORTED


# --- constraints are still enforced ---------------------------------------------------------------


@pytest.fixture
def province(db):
    return factories.ProvinceFactory(code="WAZ")


def test_model_constraints_are_row_errors_as_before(province):
    dataset = tablib.Dataset(
        ["WAZ-1", "اداره", "", "WAZ", "", "executive", "", "1"],
        headers=["code", "name_fa", "name_en", "province", "county", "kind", "group", "is_active"],
    )
    result = _run(AgencyResource(), dataset)
    assert "An executive agency needs an agency group." in str(_errors(result)[1])
    edition = factories.EditionFactory(code="roadmap-1404")
    owner = factories.AgencyFactory(code="WAZ-IT", kind="it_office", group="")
    dataset = tablib.Dataset(
        [edition.code, "7", "برنامه", "", "", "e_government", owner.code, "1", "1405/01/10", "1405/01/01"],
        headers=["edition", "number", "title_fa", "title_en", "description", "axis", "owner", "weight", "start_date",
                 "end_date"],
    )  # fmt: skip
    assert "The end date cannot be before the start date." in str(_errors(_run(ProgramResource(), dataset))[1])
    dataset = tablib.Dataset(
        ["staff.x", "علی", "رضایی", "x@example.ir", "", "agency_staff", "fa", "1"],
        headers=["username", "first_name", "last_name", "email", "agency", "role", "language", "is_active"],
    )
    assert "Agency staff must belong to an agency." in str(_errors(_run(UserResource(), dataset))[1])
    assert not User.objects.filter(username="staff.x").exists()


def test_a_stored_key_is_still_unique(province):
    factories.AgencyFactory(code="WAZ-1", province=province)
    dataset = tablib.Dataset(
        ["WAZ-1", "اداره تازه", "", "WAZ", "", "executive", "production", "1"],
        headers=["code", "name_fa", "name_en", "province", "county", "kind", "group", "is_active"],
    )
    result = _run(AgencyResource(), dataset)
    assert result.totals["update"] == 1  # the row updates the stored agency
    assert Agency.objects.get(code="WAZ-1").name_fa == "اداره تازه"


def test_two_rows_that_break_a_conditional_unique_constraint_together_are_refused_in_the_preview(province):
    agency = factories.AgencyFactory(code="WAZ-D", province=province)
    rows = [
        [agency.code, "0499370899", "رضا محمدی", "معاون", "09141234567", "a@example.ir", "", "confirmed"],
        [agency.code, "1234567891", "مریم احمدی", "معاون", "09141112233", "b@example.ir", "", "confirmed"],
    ]
    headers = ["agency", "national_code", "full_name", "position", "mobile", "email", "office_phone", "state"]
    result = _run(LiaisonDeputyResource(), tablib.Dataset(*rows, headers=headers), dry_run=True)
    assert set(_errors(result)) == {2}
    assert "An agency has at most one confirmed liaison deputy." in str(_errors(result)[2])
    assert not LiaisonDeputy.objects.exists()


class _LatinCodeServiceResource(ServiceResource):
    """The catalogue's resource as it was: codes matched in Latin digits only, so «agr-1»
    and AGR-1 are different keys in the file, and the same code once the model stores it."""

    normalizers = {**ServiceResource.normalizers, "code": lambda value: value.strip()}


def test_rows_whose_keys_agree_only_once_the_model_normalises_them_are_refused(province):
    agency = factories.AgencyFactory(code="WAZ-S", province=province)
    headers = ["agency", "code", "name_fa", "name_en", "program_edition", "programs", "in_person", "counter_office",
               "public_service_office", "online", "is_active"]  # fmt: skip
    rows = [[agency.code, "AGR-1", "یک", "", "", "", "1", "", "", "", "1"],
            [agency.code, "agr-1", "دو", "", "", "", "1", "", "", "", "1"]]  # fmt: skip
    for dry_run in (True, False):
        result = _run(_LatinCodeServiceResource(), tablib.Dataset(*rows, headers=headers), dry_run=dry_run)
        assert set(_errors(result)) == {2}, _errors(result)
        assert not Service.objects.exists()
