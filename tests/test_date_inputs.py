"""Every date input reads Jalali dates and refuses a Gregorian one (2026-03-21 used to be
read as the Jalali year 2026 and stored as Gregorian 2647): the portal forms, every date
field of the admin (and its inlines), the admin's year inputs and the imports."""

import datetime

import pytest
import tablib
from django import forms
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from agencies.models import Agency
from circulars.forms import CircularForm
from circulars.models import Circular
from programs.admin import PeriodYearForm
from programs.models import Program, ReportingPeriod, RoadmapEdition
from programs.resources import JalaliDateWidget, ProgramResource
from reform_portal.forms import JalaliDateField
from service_channels.forms import ServiceForm
from service_channels.models import Service
from service_channels.resources import ChannelWidget, ServiceResource
from tests import factories

GREGORIAN = "2026-03-21"
GREGORIAN_MESSAGE = "“2026-03-21” looks like a Gregorian date: enter it in the Jalali calendar, here 1405/01/01."


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def date_fields(form_class):
    return {name: field for name, field in form_class.base_fields.items() if isinstance(field, forms.DateField)}


# --- the admin: every date field of every model admin and inline -----------------------------------


def admin_date_fields(superuser):
    request = RequestFactory().get("/admin/")
    request.user = superuser
    found = {}
    for model, model_admin in admin.site._registry.items():
        if not model_admin.has_add_permission(request):
            continue
        label = model._meta.label
        for name, field in date_fields(model_admin.get_form(request)).items():
            found[f"{label}.{name}"] = field
        for formset, inline in model_admin.get_formsets_with_inlines(request):
            for name, field in date_fields(formset.form).items():
                found[f"{label} › {inline.model._meta.label}.{name}"] = field
    return found


@pytest.mark.django_db
def test_every_admin_date_field_is_jalali_and_refuses_a_gregorian_date():
    fields = admin_date_fields(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    expected = {
        "programs.ReportingPeriod.opens_on", "programs.ReportingPeriod.due_on", "programs.ReportingPeriod.closes_on",
        "programs.Program.start_date", "programs.Program.end_date",
        "service_channels.Service › service_channels.ServiceChannel.opened_on",
    }  # fmt: skip
    assert expected <= set(fields), sorted(fields)
    for name, field in fields.items():
        assert isinstance(field, JalaliDateField), name
        with pytest.raises(forms.ValidationError) as refused:
            field.clean(GREGORIAN)
        assert refused.value.messages == [GREGORIAN_MESSAGE], name
        assert field.clean("1405/01/01") == datetime.date(2026, 3, 21), name


@pytest.fixture
def admin_client(client, db):
    client.force_login(factories.UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


def test_the_admin_period_page_stores_nothing_for_a_gregorian_date(admin_client):
    response = admin_client.post(
        reverse("admin:programs_reportingperiod_add"),
        {"fiscal_year": "1405", "kind": "quarter", "number": "1",
         "opens_on": GREGORIAN, "due_on": "1405/04/10", "closes_on": "1405/04/31"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "opens_on" in response.context["adminform"].form.errors
    assert not ReportingPeriod.objects.exists()


@pytest.mark.parametrize("year", ["2026", "1299", "1501", "1600"])
def test_the_admin_refuses_a_fiscal_year_outside_the_jalali_range(admin_client, year):
    response = admin_client.post(
        reverse("admin:programs_reportingperiod_add"),
        {"fiscal_year": year, "kind": "quarter", "number": "1",
         "opens_on": "1405/01/01", "due_on": "1405/04/10", "closes_on": "1405/04/31"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "fiscal_year" in response.context["adminform"].form.errors
    assert not ReportingPeriod.objects.exists()


@pytest.mark.django_db
def test_an_edition_s_years_must_be_jalali():
    edition = RoadmapEdition(code="x", title_fa="نقشه", start_year=2026, end_year=2030)
    with pytest.raises(forms.ValidationError) as refused:
        edition.full_clean()
    assert set(refused.value.message_dict) == {"start_year", "end_year"}
    assert "the Jalali year that starts in it is 1405" in refused.value.message_dict["start_year"][0]


@pytest.mark.parametrize(("year", "accepted"), [("1405", True), ("۱۴۰۵", True), ("2026", False), ("1600", False)])
def test_the_admin_s_period_year_form_takes_only_jalali_years(year, accepted):
    form = PeriodYearForm(data={"fiscal_year": year, "quarters": ["1"], "due_days": "10", "close_days": "30"})
    assert form.is_valid() is accepted, form.errors
    if not accepted:
        assert "fiscal_year" in form.errors


# --- the portal forms ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_circular_form_refuses_gregorian_dates(it_office_user):
    data = {"number": "1", "date": GREGORIAN, "subject": "x", "body": "x", "target_mode": "all",
            "acknowledge_by": "2026/04/01"}  # fmt: skip
    form = CircularForm(data=data, agencies=Agency.objects.all())
    assert not form.is_valid()
    assert form.errors["date"] == [GREGORIAN_MESSAGE]
    assert "1405/01/12" in form.errors["acknowledge_by"][0]


def test_the_circular_page_stores_nothing_for_a_gregorian_date(client, it_office_user):
    client.force_login(it_office_user)
    response = client.post(
        reverse("circulars:create"),
        {"number": "1", "date": GREGORIAN, "subject": "x", "body": "x", "target_mode": "all",
         "acknowledge_by": "1405/01/25"},
    )  # fmt: skip
    assert response.status_code == 200 and "date" in response.context["form"].errors
    assert not Circular.objects.exists()


def test_the_service_form_refuses_a_gregorian_opening_date(agency_a):
    form = ServiceForm(
        data={"code": "S-1", "name_fa": "خدمت", "offered_online": "on", "opened_online": GREGORIAN}, agency=agency_a
    )
    assert not form.is_valid()
    assert form.errors["opened_online"] == [GREGORIAN_MESSAGE]


def test_the_service_page_stores_nothing_for_a_gregorian_opening_date(client, staff_a):
    client.force_login(staff_a)
    response = client.post(
        reverse("channels:service_create"),
        {"code": "S-1", "name_fa": "خدمت", "offered_online": "on", "opened_online": GREGORIAN},
    )
    assert response.status_code == 200 and "opened_online" in response.context["form"].errors
    assert not Service.objects.exists()


# --- the imports -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [GREGORIAN, "2026/03/21", "۲۰۲۶/۰۳/۲۱", "1501/01/01", datetime.date(1405, 1, 15), datetime.datetime(1405, 1, 15)],
)
def test_the_import_date_widgets_refuse_dates_outside_the_jalali_range(value):
    for clean in (JalaliDateWidget().clean, ChannelWidget().clean):
        with pytest.raises(ValueError) as refused:
            clean(value)
        assert "Gregorian" in str(refused.value) or "1300–1500" in str(refused.value)


def test_the_import_date_widgets_still_read_jalali_text_and_real_gregorian_cells():
    assert JalaliDateWidget().clean("۱۴۰۵/۰۱/۰۱") == datetime.date(2026, 3, 21)
    assert JalaliDateWidget().clean(datetime.datetime(2026, 3, 21, 0, 0)) == datetime.date(2026, 3, 21)
    assert ChannelWidget().clean("1405/01/01").opened_on == datetime.date(2026, 3, 21)


@pytest.mark.django_db
def test_a_program_file_with_a_gregorian_date_writes_nothing():
    owner = factories.AgencyFactory(code="IT", kind="it_office", group="")
    factories.EditionFactory(code="roadmap-1404")
    dataset = tablib.Dataset(
        ["roadmap-1404", "1", "برنامه", "", "", "e_government", owner.code, "1", GREGORIAN, ""],
        headers=["edition", "number", "title_fa", "title_en", "description", "axis", "owner", "weight",
                 "start_date", "end_date"],
    )  # fmt: skip
    result = ProgramResource().import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)
    assert result.has_validation_errors()
    assert "1405/01/01" in str(result.invalid_rows[0].error_dict["start_date"])
    assert not Program.objects.exists()


@pytest.mark.django_db
def test_a_service_file_with_a_gregorian_channel_date_writes_nothing(agency_a):
    dataset = tablib.Dataset(
        [agency_a.code, "S-1", "خدمت", "", "", "", "1", "", "", GREGORIAN, "1"],
        headers=["agency", "code", "name_fa", "name_en", "program_edition", "programs", "in_person",
                 "counter_office", "public_service_office", "online", "is_active"],
    )  # fmt: skip
    result = ServiceResource().import_data(dataset, dry_run=False, raise_errors=False, use_transactions=True)
    assert result.has_validation_errors()
    assert result.invalid_rows[0].error_dict["channel_online"] == [GREGORIAN_MESSAGE]
    assert not Service.objects.exists()
