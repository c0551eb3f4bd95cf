"""`seed_demo --scale national`, shrunk to a few rows so it runs in a test."""

import pytest
from django.core.management import call_command

from agencies.models import Agency, Province
from demo import national as demo_national
from programs.models import Assignment, Program, ProgressReport, ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def small(monkeypatch):
    monkeypatch.setattr(demo_national, "PROVINCES", ["آذربایجان شرقی", "آذربایجان غربی"])
    monkeypatch.setattr(demo_national, "EXECUTIVES_PER_PROVINCE", 5)
    monkeypatch.setattr(demo_national, "PERIODS", 4)
    monkeypatch.setattr(demo_national, "BATCH", 50)


def test_national_seed_builds_every_level_and_runs_once(small):
    call_command("seed_demo", "--scale", "national")
    assert Province.objects.count() == 2
    assert Agency.objects.filter(kind=Agency.Kind.EXECUTIVE).count() == 10
    assert Agency.objects.filter(kind=Agency.Kind.IT_OFFICE).count() == 2
    assert Program.objects.count() == 30
    assert Program.objects.filter(owner__kind=Agency.Kind.IT_OFFICE).count() == 7
    assert Assignment.objects.count() == 10 * demo_national.ASSIGNMENTS_PER_AGENCY
    assert ReportingPeriod.objects.count() == 4
    reports = ProgressReport.objects.count()
    assert 0.5 * 120 * 4 < reports <= 120 * 4
    assert not ProgressReport.objects.filter(state="draft", first_submitted_at__isnull=False).exists()
    call_command("seed_demo", "--scale", "national")
    assert ProgressReport.objects.count() == reports
