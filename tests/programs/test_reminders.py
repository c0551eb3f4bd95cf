import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import Email

from programs import metrics, services
from programs.models import Reminder
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(agency_a, agency_b, staff_a, staff_b):
    today = timezone.localdate()
    period = factories.PeriodFactory(
        opens_on=today - datetime.timedelta(days=20),
        due_on=today + datetime.timedelta(days=7),
        closes_on=today + datetime.timedelta(days=30),
    )
    staff_a.email, staff_b.email = "a@example.ir", "b@example.ir"
    staff_a.save()
    staff_b.save()
    factories.DeputyFactory(agency=agency_a, state="confirmed", email="deputy-a@example.ir")
    program = factories.ProgramFactory()
    missing = factories.AssignmentFactory(agency=agency_a, program=program)
    done = factories.AssignmentFactory(agency=agency_b, program=program)
    factories.ReportFactory(assignment=done, period=period, state="submitted", first_submitted_at=timezone.now())
    return period, missing


@pytest.mark.parametrize(
    ("offset", "kind"),
    [(7, "before_due"), (2, "before_due"), (5, None), (0, "due_today"), (-1, "overdue"), (-3, None), (-8, "overdue")],
)
def test_reminder_calendar(setup, offset, kind):
    period, _ = setup
    today = period.due_on - datetime.timedelta(days=offset)
    assert services.reminder_kind(period, today, [7, 2]) == kind


def test_only_agencies_with_missing_reports_are_reminded_once_a_day(setup):
    period, missing = setup
    call_command("send_reminders")
    call_command("send_reminders")
    (email,) = Email.objects.all()
    assert email.to == ["a@example.ir"]
    assert str(missing.program.title_fa) in email.message
    assert Reminder.objects.get().kind == "before_due"


def test_overdue_reminders_also_reach_the_deputy(setup):
    period, _ = setup
    overdue_day = period.due_on + datetime.timedelta(days=1)
    assert services.send_reminders(today=overdue_day, days_before=[7, 2]) == 1
    assert services.send_reminders(today=overdue_day, days_before=[7, 2]) == 0
    assert sorted(email.to[0] for email in Email.objects.all()) == ["a@example.ir", "deputy-a@example.ir"]
    assert "دیر" in Email.objects.first().subject or "گذشته" in Email.objects.first().subject


def test_no_reminder_outside_the_calendar(setup):
    period, _ = setup
    assert services.send_reminders(today=period.due_on - datetime.timedelta(days=5), days_before=[7, 2]) == 0
    assert not Email.objects.exists()


def test_reminders_chase_exactly_the_unsent_reports_and_say_what_each_needs(setup, agency_a):
    """Unsent = missing (no report, a draft) + returned (by the IT office, or sent back by the
    deputy before any submission) + awaiting the deputy's sign-off; submitted and approved
    reports are not chased."""
    period, missing = setup
    deputy = factories.UserFactory(username="deputy_a", role="liaison_deputy", agency=agency_a, email="d@example.ir")
    titles = {}
    for name, state, first_submitted in [
        ("draft", "draft", False), ("returned", "returned", True), ("sent_back", "returned", False),
        ("awaiting", "awaiting_sign_off", False), ("submitted", "submitted", True), ("approved", "approved", True),
    ]:  # fmt: skip
        program = factories.ProgramFactory(title_fa=f"برنامه {name}")
        titles[name] = program.title_fa
        assignment = factories.AssignmentFactory(agency=agency_a, program=program)
        factories.ReportFactory(
            assignment=assignment, period=period, state=state,
            first_submitted_at=timezone.now() if first_submitted else None,
        )  # fmt: skip
    figures = metrics.figures_by(
        metrics.expected_assignments().filter(agency=agency_a), period, metrics.all_periods(), "agency_id"
    )[(agency_a.pk,)]
    assert (figures.missing, figures.returned, figures.awaiting_sign_off, figures.unsent) == (2, 2, 1, 5)

    assert services.send_reminders(today=period.due_on, days_before=[]) == 1  # agency B has nothing unsent
    assert Reminder.objects.get(agency=agency_a).programs_missing == figures.unsent
    messages = {email.to[0]: email.message for email in Email.objects.all()}
    assert set(messages) == {"a@example.ir", deputy.email}  # the deputy's account is among the agency's users
    body = messages["a@example.ir"]
    to_write, rest = body.split("برگشت‌داده‌شده، برای اصلاح و ارسال دوباره:")
    to_correct, awaiting = rest.split("در انتظار تأیید معاون ذیربط:")
    assert "برای تهیه و ارسال:" in to_write
    assert str(missing.program.title_fa) in to_write and titles["draft"] in to_write
    assert titles["returned"] in to_correct and titles["sent_back"] in to_correct
    assert titles["awaiting"] in awaiting
    assert titles["submitted"] not in body and titles["approved"] not in body
