"""Every admin page of the portal's models renders: changelists, add and change forms, history, import/export."""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests import factories

APPS = {"agencies", "programs", "auth", "evaluations"}


@pytest.fixture
def rows(db):
    user = factories.UserFactory(username="someone")
    report = factories.ReportFactory(state="approved", first_submitted_at=timezone.now())
    deputy = factories.DeputyFactory()
    from agencies.models import DeputyEvent
    from programs.models import Evidence, Reminder, ReportEvent

    DeputyEvent.objects.create(deputy=deputy, action="deputy.submitted", to_state=deputy.state)
    ReportEvent.objects.create(report=report, action="report.created", to_state="draft", actor=user)
    Evidence.objects.create(report=report, file="e/1.pdf", original_name="1.pdf", kind="pdf", size=1, uploaded_by=user)
    Reminder.objects.create(
        agency=report.assignment.agency, period=report.period, kind="overdue", sent_on=timezone.localdate(),
        programs_missing=1,
    )  # fmt: skip
    factories.ProvinceFactory()
    from agencies.models import County, Province

    County.objects.create(province=Province.objects.first(), code="C1", name_fa="شهرستان")
    _indicator_rows(report, user)


def _indicator_rows(report, user):
    """An indicator with a level, a target and a value; an evaluation with a score and an objection."""
    from evaluations.models import EvaluationCycle, IndicatorScore, Objection
    from programs.models import Indicator, IndicatorLevel, IndicatorTarget, IndicatorValue

    indicator = Indicator.objects.create(program=report.assignment.program, code="I-1", title_fa="شاخص", kind="value")
    IndicatorLevel.objects.create(indicator=indicator, rank=1, label_fa="سطح", fraction="0.5")
    IndicatorTarget.objects.create(indicator=indicator, fiscal_year=1404, value=10)
    IndicatorValue.objects.create(report=report, indicator=indicator, value=5)
    cycle = EvaluationCycle.objects.create(province=report.assignment.agency.province, fiscal_year=1404)
    score = IndicatorScore.objects.create(
        cycle=cycle, agency=report.assignment.agency, indicator=indicator, indicator_set="general", weight=1,
        target=10, actual=5, source="declared", achievement="0.5", score="0.5", preliminary_score="0.5",
    )  # fmt: skip
    Objection.objects.create(score=score, reason="دلیل", filed_by=user)


def model_admins():
    return [
        (model, model_admin) for model, model_admin in admin.site._registry.items() if model._meta.app_label in APPS
    ]


def test_every_page_renders(admin_client, rows):
    checked = 0
    for model, model_admin in model_admins():
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        assert admin_client.get(reverse(f"{prefix}_changelist")).status_code == 200, opts
        if model_admin.has_add_permission(_request()):
            assert admin_client.get(reverse(f"{prefix}_add")).status_code == 200, opts
        obj = model.objects.first()
        assert obj is not None, opts
        assert admin_client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200, opts
        assert admin_client.get(reverse(f"{prefix}_history", args=[obj.pk])).status_code == 200, opts
        for extra in ("import", "export"):
            try:
                url = reverse(f"{prefix}_{extra}")
            except NoReverseMatch:
                continue
            assert admin_client.get(url).status_code == 200, (opts, extra)
        checked += 1
    assert checked >= 14


def _request():
    from django.test import RequestFactory

    from agencies.models import User

    request = RequestFactory().get("/")
    request.user = User.objects.get(username="root")
    return request


def test_data_entry_user_sees_base_data_in_the_index(data_entry_client):
    response = data_entry_client.get(reverse("admin:index"))
    assert response.status_code == 200
    page = response.content.decode()
    for name in ["agencies_agency", "programs_program", "programs_reportingperiod", "programs_assignment"]:
        assert reverse(f"admin:{name}_add") in page
    assert reverse("admin:programs_progressreport_changelist") in page
    assert reverse("admin:programs_progressreport_add") not in page
    assert reverse("admin:agencies_user_add") not in page
