"""Every admin changelist runs a fixed number of queries, whatever the number of rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency, County, DeputyEvent, Province, User
from programs.models import Evidence, Reminder, ReportEvent, RoadmapEdition
from tests import factories

CHANGELISTS = [
    "admin:agencies_province_changelist",
    "admin:agencies_county_changelist",
    "admin:agencies_agency_changelist",
    "admin:agencies_user_changelist",
    "admin:agencies_liaisondeputy_changelist",
    "admin:agencies_deputyevent_changelist",
    "admin:programs_roadmapedition_changelist",
    "admin:programs_program_changelist",
    "admin:programs_assignment_changelist",
    "admin:programs_reportingperiod_changelist",
    "admin:programs_progressreport_changelist",
    "admin:programs_reportevent_changelist",
    "admin:programs_evidence_changelist",
    "admin:programs_reminder_changelist",
    "admin:auth_group_changelist",
]


def make_rows(start, count):
    """``count`` rows of every kind, each with its related objects."""
    for i in range(start, start + count):
        province = Province.objects.create(code=f"P{i}", name_fa=f"استان {i}")
        county = County.objects.create(province=province, code=f"C{i}", name_fa=f"شهرستان {i}")
        agency = factories.AgencyFactory(province=province, county=county, group=Agency.Group.PRODUCTION)
        user = User.objects.create(username=f"u{i}", role="agency_staff", agency=agency)  # no slow hashing
        user.groups.add(factories_group(i))
        deputy = factories.DeputyFactory(agency=agency)
        DeputyEvent.objects.create(deputy=deputy, action="deputy.submitted", to_state=deputy.state, actor=user)
        edition = RoadmapEdition.objects.create(code=f"E{i}", title_fa=f"ویرایش {i}", start_year=1400 + i)
        program = factories.ProgramFactory(edition=edition)
        assignment = factories.AssignmentFactory(program=program, agency=agency)
        period = factories.PeriodFactory()
        report = factories.ReportFactory(assignment=assignment, period=period, created_by=user)
        ReportEvent.objects.create(report=report, action="report.created", to_state="draft", actor=user)
        Evidence.objects.create(
            report=report, file=f"evidence/{i}.pdf", original_name=f"{i}.pdf", kind="pdf", size=10, uploaded_by=user
        )
        Reminder.objects.create(agency=agency, period=period, kind="before_due", sent_on=period.due_on,
                                programs_missing=1)  # fmt: skip


def factories_group(i):
    from django.contrib.auth.models import Group

    return Group.objects.create(name=f"group {i}")


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", CHANGELISTS)
def test_changelist_query_count_does_not_grow_with_rows(admin_client, django_assert_num_queries, name):
    url = reverse(name)
    make_rows(0, 2)
    expected = count_queries(admin_client, url)
    make_rows(2, 8)
    with django_assert_num_queries(expected):
        response = admin_client.get(url)
    assert response.status_code == 200
    assert len(response.context["cl"].result_list) >= 3


@pytest.mark.parametrize("name", ["admin:programs_program_changelist", "admin:agencies_agency_changelist"])
def test_search_does_not_add_queries_per_row(admin_client, django_assert_num_queries, name):
    url = reverse(name) + "?q=آزمون"
    make_rows(0, 2)
    expected = count_queries(admin_client, url)
    make_rows(2, 8)
    with django_assert_num_queries(expected):
        admin_client.get(url)
