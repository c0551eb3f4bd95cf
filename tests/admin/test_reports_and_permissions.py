"""The data-entry group, read-only approved reports and the recorded reopen action."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone

from programs.models import ProgressReport, ReportEvent
from reform_portal.admin import DATA_ENTRY_GROUP, ensure_data_entry_group
from tests import factories

APPROVED = ProgressReport.State.APPROVED


@pytest.fixture
def approved_report(db):
    return factories.ReportFactory(state=APPROVED, first_submitted_at=timezone.now(), percent=60)


@pytest.fixture
def submitted_report(db):
    return factories.ReportFactory(state=ProgressReport.State.SUBMITTED, first_submitted_at=timezone.now())


# --- the group ---------------------------------------------------------------------------


def test_group_exists_after_migrate_and_is_idempotent(db):
    group = Group.objects.get(name=DATA_ENTRY_GROUP)  # made by the post_migrate handler
    before = set(group.permissions.values_list("pk", flat=True))
    assert before
    ensure_data_entry_group()
    ensure_data_entry_group()
    assert Group.objects.filter(name=DATA_ENTRY_GROUP).count() == 1
    assert set(group.permissions.values_list("pk", flat=True)) == before


def test_group_can_manage_base_data_but_not_reports_or_circulars(data_entry_user):
    user = data_entry_user
    for perm in [
        "agencies.add_agency", "agencies.change_agency", "agencies.change_county", "agencies.change_province",
        "agencies.change_liaisondeputy", "agencies.view_user", "programs.change_program",
        "programs.change_roadmapedition", "programs.add_assignment", "programs.change_reportingperiod",
        "programs.view_progressreport",
    ]:  # fmt: skip
        assert user.has_perm(perm), perm
    for perm in ["programs.change_progressreport", "programs.reopen_progressreport", "agencies.change_user",
                 "auth.change_group"]:  # fmt: skip
        assert not user.has_perm(perm), perm
    circular_perms = Permission.objects.filter(content_type__app_label="circulars")
    assert not any(user.has_perm(f"circulars.{perm.codename}") for perm in circular_perms)


def test_group_name_is_translated_in_the_admin(admin_client):
    response = admin_client.get(reverse("admin:auth_group_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "ورود اطلاعات" in page  # translated, and the stored msgid beside it, isolated as Latin text
    assert f'<bdi dir="ltr">{DATA_ENTRY_GROUP}</bdi>' in page


# --- reports: data entry ------------------------------------------------------------------


def test_data_entry_user_sees_no_reopen_action_and_cannot_run_it(data_entry_client, approved_report):
    url = reverse("admin:programs_progressreport_changelist")
    response = data_entry_client.get(url)
    assert response.status_code == 200
    actions = response.context["action_form"].fields["action"].choices if response.context.get("action_form") else []
    assert "reopen" not in [name for name, _label in actions]

    data_entry_client.post(
        url, {"action": "reopen", ACTION_CHECKBOX_NAME: [approved_report.pk], "apply": "1", "reason": "x"}
    )
    approved_report.refresh_from_db()
    assert approved_report.state == APPROVED
    assert not ReportEvent.objects.filter(report=approved_report, action="report.reopened").exists()


def test_data_entry_user_can_only_view_reports(data_entry_client, submitted_report):
    url = reverse("admin:programs_progressreport_change", args=[submitted_report.pk])
    response = data_entry_client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    response = data_entry_client.post(url, {"percent": "100"})
    assert response.status_code == 403
    submitted_report.refresh_from_db()
    assert submitted_report.percent == 40


# --- reports: approved ones are frozen ----------------------------------------------------


def test_approved_report_is_read_only_even_for_a_superuser(admin_client, approved_report):
    url = reverse("admin:programs_progressreport_change", args=[approved_report.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    assert not response.context["has_change_permission"]
    assert 'name="_save"' not in response.content.decode()
    assert 'name="percent"' not in response.content.decode()
    response = admin_client.post(url, {"percent": "10", "status": "on_track"})
    assert response.status_code == 403
    approved_report.refresh_from_db()
    assert approved_report.percent == 60


def test_not_even_a_superuser_changes_a_report_in_the_admin(admin_client, submitted_report):
    """A report changes only through the review engine's recorded actions: before, a superuser
    could change a not-yet-approved report's period, assignment and percent here, unrecorded."""
    url = reverse("admin:programs_progressreport_change", args=[submitted_report.pk])
    response = admin_client.get(url)
    assert not response.context["has_change_permission"]
    period_id, other_period = submitted_report.period_id, factories.PeriodFactory()
    response = admin_client.post(
        url, {"percent": "99", "period": other_period.pk, "assignment": "", "state": "approved"}
    )
    assert response.status_code == 403
    submitted_report.refresh_from_db()
    assert (submitted_report.percent, submitted_report.period_id, submitted_report.state) == (
        40,
        period_id,
        "submitted",
    )


def test_reopen_asks_for_a_reason_then_records_it(admin_client, superuser, approved_report):
    url = reverse("admin:programs_progressreport_changelist")
    response = admin_client.post(url, {"action": "reopen", ACTION_CHECKBOX_NAME: [approved_report.pk], "index": 0})
    assert response.status_code == 200
    assert "reason" in response.context["form"].fields

    response = admin_client.post(
        url, {"action": "reopen", ACTION_CHECKBOX_NAME: [approved_report.pk], "apply": "1", "reason": ""}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    approved_report.refresh_from_db()
    assert approved_report.state == APPROVED

    admin_client.post(
        url, {"action": "reopen", ACTION_CHECKBOX_NAME: [approved_report.pk], "apply": "1", "reason": "درصد اشتباه"}
    )
    approved_report.refresh_from_db()
    assert approved_report.state == ProgressReport.State.RETURNED
    event = ReportEvent.objects.get(report=approved_report, action="report.reopened")
    assert (event.actor, event.comment) == (superuser, "درصد اشتباه")


def test_reopen_leaves_reports_that_are_not_approved(admin_client, submitted_report):
    url = reverse("admin:programs_progressreport_changelist")
    response = admin_client.post(
        url,
        {"action": "reopen", ACTION_CHECKBOX_NAME: [submitted_report.pk], "apply": "1", "reason": "x"},
        follow=True,
    )
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    submitted_report.refresh_from_db()
    assert submitted_report.state == ProgressReport.State.SUBMITTED


def test_a_staff_user_with_the_reopen_permission_can_reopen(client, approved_report):
    user = factories.UserFactory(username="lead", is_staff=True)
    user.user_permissions.add(
        Permission.objects.get(codename="view_progressreport"),
        Permission.objects.get(codename="reopen_progressreport"),
    )
    client.force_login(user)
    url = reverse("admin:programs_progressreport_changelist")
    client.post(url, {"action": "reopen", ACTION_CHECKBOX_NAME: [approved_report.pk], "apply": "1", "reason": "r"})
    approved_report.refresh_from_db()
    assert approved_report.state == ProgressReport.State.RETURNED
