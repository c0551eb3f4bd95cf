"""The report life cycle, through programs.services, with every illegal move."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from post_office.models import Email

from programs import services
from programs.models import Evidence, ProgressReport, ReportEvent
from tests import factories
from tests.programs.conftest import docx_bytes, upload

pytestmark = pytest.mark.django_db
State = ProgressReport.State


def _actions(report):
    return list(report.events.values_list("action", flat=True))


def test_save_draft_creates_the_report_once_and_records_it(assignment_a, period, staff_a):
    data = {"percent": 30, "status": "on_track", "work_done": "شروع شد"}
    report = services.save_draft(assignment=assignment_a, period=period, by=staff_a, data=data)
    again = services.save_draft(assignment=assignment_a, period=period, by=staff_a, data={**data, "percent": 35})
    assert again.pk == report.pk
    report.refresh_from_db()
    assert (report.state, report.percent, report.created_by) == (State.DRAFT, 35, staff_a)
    assert _actions(report) == ["report.created", "report.saved"]


def test_submit_approve(draft_a, staff_a, it_office_user):
    services.submit_report(report=draft_a, by=staff_a)
    draft_a.refresh_from_db()
    assert draft_a.state == State.SUBMITTED
    assert draft_a.submitted_by == staff_a and draft_a.first_submitted_at is not None
    services.approve_report(report=draft_a, by=it_office_user, comment="خوب")
    draft_a.refresh_from_db()
    assert (draft_a.state, draft_a.reviewed_by, draft_a.review_comment) == (State.APPROVED, it_office_user, "خوب")
    assert _actions(draft_a) == ["report.submitted", "report.approved"]


def test_return_needs_a_reason_and_keeps_it_in_the_timeline(draft_a, staff_a, it_office_user):
    services.submit_report(report=draft_a, by=staff_a)
    with pytest.raises(ValidationError) as refused:
        services.return_report(report=draft_a, by=it_office_user, reason="   ")
    assert "reason" in refused.value.message_dict
    services.return_report(report=draft_a, by=it_office_user, reason="مستندات ناقص است")
    draft_a.refresh_from_db()
    assert draft_a.state == State.RETURNED
    event = draft_a.events.get(action="report.returned")
    assert (event.comment, event.actor, event.from_state, event.to_state) == (
        "مستندات ناقص است",
        it_office_user,
        "submitted",
        "returned",
    )


def test_returned_report_is_corrected_and_resubmitted_keeping_first_submission(draft_a, staff_a, it_office_user):
    services.submit_report(report=draft_a, by=staff_a)
    first = ProgressReport.objects.get(pk=draft_a.pk).first_submitted_at
    services.return_report(report=draft_a, by=it_office_user, reason="ناقص")
    report = services.save_draft(assignment=draft_a.assignment, period=draft_a.period, by=staff_a, data={"percent": 45})
    assert report.state == State.RETURNED
    services.submit_report(report=report, by=staff_a)
    report.refresh_from_db()
    assert report.state == State.SUBMITTED
    assert report.first_submitted_at == first
    assert report.submitted_at > first


@pytest.mark.parametrize("state", [State.SUBMITTED, State.APPROVED])
def test_agency_cannot_change_a_submitted_or_approved_report(draft_a, staff_a, state):
    ProgressReport.objects.filter(pk=draft_a.pk).update(state=state, first_submitted_at=timezone.now())
    with pytest.raises(services.TransitionError):
        services.save_draft(assignment=draft_a.assignment, period=draft_a.period, by=staff_a, data={"percent": 90})
    with pytest.raises(services.TransitionError):
        services.submit_report(report=draft_a, by=staff_a)
    with pytest.raises(services.TransitionError):
        services.add_evidence(report=draft_a, by=staff_a, files=[upload()])
    assert ProgressReport.objects.get(pk=draft_a.pk).percent == 40


def test_double_submit_changes_once(draft_a, staff_a):
    services.submit_report(report=draft_a, by=staff_a)
    with pytest.raises(services.TransitionError) as refused:
        services.submit_report(report=draft_a, by=staff_a)
    assert refused.value.code == "already_submitted"
    assert _actions(draft_a).count("report.submitted") == 1


@pytest.mark.parametrize("state", [State.DRAFT, State.RETURNED, State.APPROVED])
def test_only_submitted_reports_are_reviewed(draft_a, it_office_user, state):
    ProgressReport.objects.filter(pk=draft_a.pk).update(state=state, first_submitted_at=timezone.now())
    with pytest.raises(services.TransitionError):
        services.approve_report(report=draft_a, by=it_office_user)
    with pytest.raises(services.TransitionError):
        services.return_report(report=draft_a, by=it_office_user, reason="x")
    assert ProgressReport.objects.get(pk=draft_a.pk).state == state


def test_second_reviewer_gets_a_clear_refusal(draft_a, staff_a, it_office_user):
    other = factories.UserFactory(role="it_office_reviewer", agency=it_office_user.agency)
    services.submit_report(report=draft_a, by=staff_a)
    services.approve_report(report=draft_a, by=it_office_user)
    with pytest.raises(services.TransitionError) as refused:
        services.return_report(report=draft_a, by=other, reason="دیر رسید")
    assert refused.value.code == "not_submitted"
    assert ProgressReport.objects.get(pk=draft_a.pk).state == State.APPROVED


def test_who_may_act(draft_a, staff_b, governorate_user, it_office_user, staff_a):
    for outsider in (staff_b, governorate_user, it_office_user):
        with pytest.raises(PermissionDenied):
            services.submit_report(report=draft_a, by=outsider)
    services.submit_report(report=draft_a, by=staff_a)
    for not_reviewer in (staff_a, staff_b, governorate_user):
        with pytest.raises(PermissionDenied):
            services.approve_report(report=draft_a, by=not_reviewer)
        with pytest.raises(PermissionDenied):
            services.return_report(report=draft_a, by=not_reviewer, reason="x")


def test_closed_period_refuses_new_reports_and_submission(assignment_a, staff_a):
    today = timezone.localdate()
    closed = factories.PeriodFactory(
        opens_on=today - datetime.timedelta(days=90),
        due_on=today - datetime.timedelta(days=40),
        closes_on=today - datetime.timedelta(days=30),
    )
    with pytest.raises(services.TransitionError) as refused:
        services.save_draft(assignment=assignment_a, period=closed, by=staff_a, data={"percent": 10})
    assert refused.value.code == "period_closed"
    draft = factories.ReportFactory(assignment=assignment_a, period=closed, work_done="x")
    with pytest.raises(services.TransitionError):
        services.submit_report(report=draft, by=staff_a)


def test_returned_report_may_be_corrected_after_the_period_closed(assignment_a, staff_a):
    today = timezone.localdate()
    closed = factories.PeriodFactory(
        opens_on=today - datetime.timedelta(days=90),
        due_on=today - datetime.timedelta(days=40),
        closes_on=today - datetime.timedelta(days=30),
    )
    report = factories.ReportFactory(
        assignment=assignment_a, period=closed, work_done="x", state=State.RETURNED, first_submitted_at=timezone.now()
    )
    services.save_draft(assignment=assignment_a, period=closed, by=staff_a, data={"percent": 55})
    services.submit_report(report=report, by=staff_a)
    assert ProgressReport.objects.get(pk=report.pk).state == State.SUBMITTED


def test_submit_needs_what_was_done(assignment_a, period, staff_a):
    report = services.save_draft(assignment=assignment_a, period=period, by=staff_a, data={"percent": 5})
    with pytest.raises(ValidationError) as refused:
        services.submit_report(report=report, by=staff_a)
    assert "work_done" in refused.value.message_dict
    assert ProgressReport.objects.get(pk=report.pk).state == State.DRAFT


def test_lower_percent_than_last_approved_needs_a_reason(assignment_a, period, staff_a):
    earlier = factories.PeriodFactory(
        opens_on=period.opens_on - datetime.timedelta(days=90),
        due_on=period.opens_on - datetime.timedelta(days=60),
        closes_on=period.opens_on - datetime.timedelta(days=50),
    )
    factories.ReportFactory(
        assignment=assignment_a, period=earlier, percent=60, state=State.APPROVED, first_submitted_at=timezone.now()
    )
    report = services.save_draft(
        assignment=assignment_a, period=period, by=staff_a, data={"percent": 50, "work_done": "بازنگری"}
    )
    with pytest.raises(ValidationError) as refused:
        services.submit_report(report=report, by=staff_a)
    assert "decrease_reason" in refused.value.message_dict
    services.save_draft(assignment=assignment_a, period=period, by=staff_a, data={"decrease_reason": "بازتعریف دامنه"})
    services.submit_report(report=report, by=staff_a)
    assert ProgressReport.objects.get(pk=report.pk).state == State.SUBMITTED


def test_the_decrease_check_compares_with_the_latest_approved_percent_before_the_period(assignment_a, period, staff_a):
    """Periods opening the same day as the report's: the one due first comes before it, the
    one due later after it (docs/definitions.md)."""
    for number, due_on, percent in [(1, period.due_on - datetime.timedelta(days=5), 60), (2, period.closes_on, 90)]:
        same_day = factories.PeriodFactory(
            kind="month", number=number, opens_on=period.opens_on, due_on=due_on, closes_on=period.closes_on
        )
        factories.ReportFactory(
            assignment=assignment_a, period=same_day, percent=percent, state=State.APPROVED,
            first_submitted_at=timezone.now(),
        )  # fmt: skip
    report = services.save_draft(
        assignment=assignment_a, period=period, by=staff_a, data={"percent": 59, "work_done": "بازنگری"}
    )
    with pytest.raises(ValidationError) as refused:
        services.submit_report(report=report, by=staff_a)
    assert "(۶۰٪)" in refused.value.message_dict["decrease_reason"][0]  # not 90: that period comes after
    services.save_draft(assignment=assignment_a, period=period, by=staff_a, data={"percent": 60})
    services.submit_report(report=report, by=staff_a)
    assert ProgressReport.objects.get(pk=report.pk).state == State.SUBMITTED


def test_reopen_is_the_only_way_back_from_approved(draft_a, staff_a, it_office_user):
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    services.submit_report(report=draft_a, by=staff_a)
    with pytest.raises(services.TransitionError):
        services.reopen_report(report=draft_a, by=admin, reason="x")
    services.approve_report(report=draft_a, by=it_office_user)
    with pytest.raises(PermissionDenied):
        services.reopen_report(report=draft_a, by=it_office_user, reason="x")
    with pytest.raises(ValidationError):
        services.reopen_report(report=draft_a, by=admin, reason="")
    services.reopen_report(report=draft_a, by=admin, reason="درصد اشتباه ثبت شده بود")
    draft_a.refresh_from_db()
    assert draft_a.state == State.RETURNED
    assert draft_a.events.get(action="report.reopened").comment == "درصد اشتباه ثبت شده بود"


def test_evidence_is_checked_stored_under_a_random_name_and_recorded(draft_a, staff_a):
    files = [upload("گزارش.pdf"), upload("صورت جلسه.docx", docx_bytes(), "application/octet-stream")]
    created = services.add_evidence(report=draft_a, by=staff_a, files=files)
    assert [e.kind for e in created] == ["pdf", "docx"]
    for evidence in created:
        assert evidence.file.name.startswith("evidence/")
        assert "گزارش" not in evidence.file.name and "static" not in evidence.file.path
    assert [e.original_name for e in created] == ["گزارش.pdf", "صورت جلسه.docx"]
    assert _actions(draft_a) == ["report.evidence_added", "report.evidence_added"]


def test_bad_evidence_is_refused_and_nothing_is_stored(draft_a, staff_a, settings):
    with pytest.raises(ValidationError):
        services.add_evidence(report=draft_a, by=staff_a, files=[upload(), upload("x.pdf", b"MZ\x90\x00 not a pdf")])
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError):
        services.add_evidence(report=draft_a, by=staff_a, files=[upload()])
    assert not Evidence.objects.exists()


def test_removed_evidence_is_hidden_not_deleted(draft_a, staff_a):
    (evidence,) = services.add_evidence(report=draft_a, by=staff_a, files=[upload()])
    services.remove_evidence(evidence=evidence, by=staff_a)
    evidence.refresh_from_db()
    assert evidence.removed_at is not None and evidence.file.storage.exists(evidence.file.name)


# --- notifications -----------------------------------------------------------------


def test_submit_notifies_the_it_office_in_its_language(draft_a, staff_a, it_office_user):
    it_office_user.email, it_office_user.language = "ito@example.ir", "en"
    it_office_user.save()
    services.submit_report(report=draft_a, by=staff_a)
    (email,) = Email.objects.all()
    assert email.to == ["ito@example.ir"]
    assert email.subject.startswith("Report submitted for review")
    assert f"http://testserver/reports/{draft_a.pk}/" in email.message or f"/reports/{draft_a.pk}/" in email.message


def test_return_notifies_agency_staff_and_confirmed_deputy_in_persian(draft_a, staff_a, it_office_user):
    staff_a.email = "staff@example.ir"
    staff_a.save()
    factories.DeputyFactory(agency=draft_a.assignment.agency, state="confirmed", email="deputy@example.ir")
    factories.DeputyFactory(
        agency=draft_a.assignment.agency,
        state="awaiting_governorate",
        email="new@example.ir",
        national_code="0013542419",
    )
    services.submit_report(report=draft_a, by=staff_a)
    Email.objects.all().delete()
    services.return_report(report=draft_a, by=it_office_user, reason="پیوست ناقص است")
    emails = {email.to[0]: email for email in Email.objects.all()}
    assert set(emails) == {"staff@example.ir", "deputy@example.ir"}
    for email in emails.values():
        assert "برگشت" in email.subject
        assert "پیوست ناقص است" in email.message
        assert f"/reports/{draft_a.pk}/" in email.message
        assert email.status is not None  # queued, not sent


def test_approve_notifies_the_agency(draft_a, staff_a, it_office_user):
    staff_a.email = "staff@example.ir"
    staff_a.save()
    services.submit_report(report=draft_a, by=staff_a)
    services.approve_report(report=draft_a, by=it_office_user)
    (email,) = Email.objects.filter(to="staff@example.ir")
    assert "تأیید" in email.subject


def test_notifications_roll_back_with_the_change(draft_a, staff_b):
    with pytest.raises(PermissionDenied):
        services.submit_report(report=draft_a, by=staff_b)
    assert not Email.objects.exists()
    assert not ReportEvent.objects.exists()
