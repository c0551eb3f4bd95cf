import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from agencies.models import Agency, LiaisonDeputy, User
from programs.models import Assignment, ProgressReport, ReportingPeriod
from tests import factories

pytestmark = pytest.mark.django_db


def _violates(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_percent_must_be_between_0_and_100():
    report = factories.ReportFactory()
    report.percent = 101
    _violates(lambda: report.save(update_fields=["percent"]))
    with pytest.raises(ValidationError):
        report.full_clean()


def test_one_report_per_assignment_and_period():
    report = factories.ReportFactory()
    _violates(lambda: ProgressReport.objects.create(assignment=report.assignment, period=report.period))


def test_submitted_report_records_first_submission():
    report = factories.ReportFactory()
    report.state = ProgressReport.State.SUBMITTED
    _violates(lambda: report.save(update_fields=["state"]))


def test_program_is_assigned_to_an_agency_once():
    assignment = factories.AssignmentFactory()
    _violates(lambda: Assignment.objects.create(program=assignment.program, agency=assignment.agency))


def test_period_dates_in_order_and_number_in_range():
    today = datetime.date(2026, 4, 1)
    _violates(
        lambda: ReportingPeriod.objects.create(
            fiscal_year=1405, number=1, opens_on=today, due_on=today - datetime.timedelta(days=1), closes_on=today
        )
    )
    _violates(
        lambda: ReportingPeriod.objects.create(
            fiscal_year=1405, number=5, opens_on=today, due_on=today, closes_on=today
        )
    )
    ReportingPeriod.objects.create(
        fiscal_year=1405, kind="month", number=12, opens_on=today, due_on=today, closes_on=today
    )


def test_executive_agency_needs_a_group():
    _violates(lambda: factories.AgencyFactory(group=""))
    factories.AgencyFactory(kind=Agency.Kind.GOVERNORATE, group="")


def test_agency_code_is_unique():
    factories.AgencyFactory(code="X-1")
    _violates(lambda: factories.AgencyFactory(code="X-1"))


def test_agency_staff_belong_to_an_agency():
    _violates(lambda: User.objects.create(username="nobody", role=User.Role.AGENCY_STAFF))


def test_one_confirmed_deputy_per_agency():
    deputy = factories.DeputyFactory(state=LiaisonDeputy.State.CONFIRMED)
    factories.DeputyFactory(agency=deputy.agency, state=LiaisonDeputy.State.SUPERSEDED)
    _violates(lambda: factories.DeputyFactory(agency=deputy.agency, state=LiaisonDeputy.State.CONFIRMED))


def test_deputy_stores_canonical_forms():
    deputy = factories.DeputyFactory.build(
        agency=factories.AgencyFactory(), national_code="۴۹۹۳۷۰۸۹۹", mobile="+98 914 123 4567", full_name="علي"
    )
    deputy.full_clean()
    deputy.save()
    deputy.refresh_from_db()
    assert (deputy.national_code, deputy.mobile, deputy.full_name) == ("0499370899", "09141234567", "علی")


def test_deputy_with_bad_national_code_is_refused():
    deputy = factories.DeputyFactory.build(agency=factories.AgencyFactory(), national_code="0499370898")
    with pytest.raises(ValidationError) as error:
        deputy.full_clean()
    assert "national_code" in error.value.message_dict
    _violates(lambda: factories.DeputyFactory(national_code="12345"))
