"""Review times (programs/metrics.py, docs/definitions.md): days from the moment a report
last reached the IT office to each decision on it; medians per reviewer and per program."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from programs import services
from programs.metrics import median_days, review_times
from programs.models import ProgressReport, ReportEvent
from tests import factories

pytestmark = pytest.mark.django_db
T0 = timezone.now() - datetime.timedelta(days=30)


def _at(report, action, days):
    """Moves the report's latest `action` event to T0 + `days`."""
    event = ReportEvent.objects.filter(report=report, action=action).order_by("-pk").first()
    event.at = T0 + datetime.timedelta(days=days)
    event.save(update_fields=["at"])


@pytest.fixture
def people(staff_a, it_office_user):
    second = factories.UserFactory(
        username="ito_b", first_name="سارا", last_name="احمدی", role="it_office_reviewer", agency=it_office_user.agency
    )
    return {"staff": staff_a, "first": it_office_user, "second": second}


def _report(staff, program=None):
    assignment = factories.AssignmentFactory(agency=staff.agency, **({"program": program} if program else {}))
    return factories.ReportFactory(assignment=assignment, work_done="کار")


def test_medians_per_reviewer_and_program_count_each_decision(people):
    staff, first, second = people["staff"], people["first"], people["second"]
    one, two = _report(staff), _report(staff)
    services.submit_report(report=one, by=staff)
    _at(one, "report.submitted", 0)
    services.return_report(report=one, by=first, reason="ناقص")
    _at(one, "report.returned", 2)  # 2 days
    services.submit_report(report=one, by=staff)
    _at(one, "report.submitted", 3)
    services.approve_report(report=one, by=second)
    _at(one, "report.approved", 4)  # 1 day after the resubmission, not 4 after the first
    services.submit_report(report=two, by=staff)
    _at(two, "report.submitted", 0)
    services.approve_report(report=two, by=first)
    _at(two, "report.approved", 6)  # 6 days
    times = review_times(ProgressReport.objects.all())
    assert times.overall.decisions == 3 and times.overall.median_days == Decimal("2.0")
    by_reviewer = {row.key: (row.decisions, row.median_days) for row in times.by_reviewer}
    assert by_reviewer == {first.pk: (2, Decimal("4.0")), second.pk: (1, Decimal("1.0"))}
    assert {row.label for row in times.by_reviewer} >= {"سارا احمدی"}
    by_program = {row.key: row.median_days for row in times.by_program}
    assert by_program == {one.assignment.program_id: Decimal("1.5"), two.assignment.program_id: Decimal("6.0")}


def test_a_signed_off_report_counts_from_the_sign_off(people, staff_a):
    province = staff_a.agency.province
    province.requires_sign_off = True
    province.save()
    deputy_user = factories.UserFactory(username="dep", role="liaison_deputy", agency=staff_a.agency)
    factories.DeputyFactory(agency=staff_a.agency, state="confirmed", user=deputy_user)
    report = _report(staff_a)
    services.submit_report(report=report, by=staff_a)
    services.sign_off_report(report=report, by=deputy_user)
    _at(report, "report.signed_off", 1)
    services.approve_report(report=report, by=people["first"])
    _at(report, "report.approved", 1.5)
    assert review_times(ProgressReport.objects.all()).overall.median_days == Decimal("0.5")


def test_no_decision_has_no_median():
    assert median_days([]) is None
    assert review_times(ProgressReport.objects.none()).overall.decisions == 0


def test_the_dashboard_shows_review_times(client, people):
    staff, first = people["staff"], people["first"]
    report = _report(staff)
    services.submit_report(report=report, by=staff)
    services.approve_report(report=report, by=first)
    client.force_login(first)
    html = client.get(reverse("dashboards:dashboard"), {"period": report.period_id}).content.decode()
    assert 'id="review-times"' in html and 'id="review-times-reviewers"' in html


def test_kept_review_times_follow_new_decisions_and_renamed_reviewers(client, people):
    """The review times are kept under the dashboards' data versions (a decision changes its
    report, so a new one shows at once); the reviewers' names are read for each request."""
    from agencies.models import User

    staff, first = people["staff"], people["first"]
    report = _report(staff)
    services.submit_report(report=report, by=staff)
    client.force_login(first)
    url = reverse("dashboards:dashboard") + f"?period={report.period_id}"
    assert "review-times-reviewers" not in client.get(url).content.decode()  # no decision yet
    services.approve_report(report=report, by=first)
    assert 'id="review-times-reviewers"' in client.get(url).content.decode()
    User.objects.filter(pk=first.pk).update(first_name="نام", last_name="تازه")
    assert "نام تازه" in client.get(url).content.decode()
