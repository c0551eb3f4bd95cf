"""Every change to base data and reports is kept (django-auditlog) and shown from the object page."""

from auditlog.models import LogEntry
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from agencies.models import Agency
from programs.models import ProgressReport
from tests import factories


def agency_form(agency, **changes):
    data = {
        "province": agency.province_id, "code": agency.code, "name_fa": agency.name_fa, "name_en": agency.name_en,
        "kind": agency.kind, "group": agency.group, "county": "", "is_active": "on",
        "assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0",
        "assignments-MIN_NUM_FORMS": "0", "assignments-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    data.update(changes)
    return data


def test_admin_change_is_recorded_with_who_and_what(admin_client, superuser):
    agency = factories.AgencyFactory(name_fa="نام قدیم")
    url = reverse("admin:agencies_agency_change", args=[agency.pk])
    response = admin_client.post(url, agency_form(agency, name_fa="نام تازه"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = LogEntry.objects.get_for_object(agency).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == superuser
    assert entry.changes_dict["name_fa"] == ["نام قدیم", "نام تازه"]


def test_history_page_of_the_object_shows_the_audit_log(admin_client):
    agency = factories.AgencyFactory(name_fa="نام قدیم")
    admin_client.post(
        reverse("admin:agencies_agency_change", args=[agency.pk]), agency_form(agency, name_fa="نام تازه")
    )
    change_page = admin_client.get(reverse("admin:agencies_agency_change", args=[agency.pk])).content.decode()
    history_url = reverse("admin:agencies_agency_history", args=[agency.pk])
    assert history_url in change_page  # the "History" button
    response = admin_client.get(history_url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "نام تازه" in page and "نام قدیم" in page
    assert "root" in page  # who


def test_changes_outside_the_admin_are_recorded_too(db):
    program = factories.ProgramFactory()
    program.weight = 3
    program.save()
    assert LogEntry.objects.get_for_object(program).filter(action=LogEntry.Action.UPDATE).exists()
    period = factories.PeriodFactory()
    assert LogEntry.objects.get_for_object(period).filter(action=LogEntry.Action.CREATE).exists()


def test_reopening_a_report_is_in_its_history(admin_client, superuser):
    report = factories.ReportFactory(state=ProgressReport.State.APPROVED, first_submitted_at=timezone.now())
    admin_client.post(
        reverse("admin:programs_progressreport_changelist"),
        {"action": "reopen", ACTION_CHECKBOX_NAME: [report.pk], "apply": "1", "reason": "دلیل"},
    )
    entry = LogEntry.objects.get_for_object(report).filter(action=LogEntry.Action.UPDATE).latest("timestamp")
    assert entry.actor == superuser
    assert entry.changes_dict["state"] == ["approved", "returned"]
    response = admin_client.get(reverse("admin:programs_progressreport_history", args=[report.pk]))
    assert response.status_code == 200


def test_user_history_never_holds_the_password(db):
    user = factories.UserFactory()
    user.set_password("another-secret-1")
    user.save()
    for entry in LogEntry.objects.get_for_object(user):
        assert "password" not in (entry.changes_dict or {})


def test_import_changes_are_recorded(admin_client, superuser):
    from agencies.resources import AgencyResource

    province = factories.ProvinceFactory()
    import tablib

    dataset = tablib.Dataset(
        ["X-1", "اداره", "", province.code, "", "executive", "production", "1"],
        headers=["code", "name_fa", "name_en", "province", "county", "kind", "group", "is_active"],
    )
    AgencyResource().import_data(dataset, use_transactions=True)
    assert LogEntry.objects.get_for_object(Agency.objects.get(code="X-1")).exists()
