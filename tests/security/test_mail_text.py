"""Text people type reaches emails as text: never compiled or run as a template, never
HTML-escaped, never dropped.

Every notification kind is sent with template syntax, HTML and bidi characters in every
field a person types (names, titles, reasons, circular number, subject and body), and the
queued message must hold each of them literally. Before the fix post-office compiled
subject and body a second time: «{{ 7*7 }}» became 49, `{% lorem %}` ran, «{{ نام }}»
vanished and a deputy named «علی {{ 7*7 }}» made the governorate's buttons answer 500.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from post_office.models import Email

from agencies import services as deputies
from circulars import services as circulars
from programs import services as reports
from programs.models import Reminder
from reform_portal.notifications import Recipient, queue_email
from service_channels import services as counts
from service_channels.models import Service, ServiceChannel
from tests import factories

PAYLOAD = 'علی {{ 7*7 }} {% lorem 3 w %} <b class="x">&amp;</b> \u202bنام\u202c {{ نام }} \u2067A-1\u2069 {# c #}'


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _literally(payload: str, message: Email, *, in_subject: bool = False) -> None:
    assert payload in message.message, message.message
    if in_subject:
        assert _one_line(payload) in message.subject, message.subject
    for text in (message.subject, message.message):
        assert "49" not in text
        assert "&lt;" not in text and "&quot;" not in text
        assert "Lorem" not in text and "lorem ipsum" not in text.lower()


def _queued(since_pk: int) -> list[Email]:
    return list(Email.objects.filter(pk__gt=since_pk).order_by("pk"))


def _last_pk() -> int:
    return Email.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


@pytest.fixture
def world(db):
    province = factories.ProvinceFactory()
    agency = factories.AgencyFactory(province=province, name_fa=PAYLOAD)
    # fixed numbers: a factory sequence could reach one with "49" in it, which _literally() refuses
    assignment = factories.AssignmentFactory(agency=agency, program__title_fa=PAYLOAD, program__number=1)
    staff = factories.UserFactory(
        role="agency_staff", agency=agency, first_name=PAYLOAD, email="staff@example.ir", language="fa"
    )
    english_staff = factories.UserFactory(
        role="agency_staff", agency=agency, first_name=PAYLOAD, email="staff-en@example.ir", language="en"
    )
    it = factories.UserFactory(
        role="it_office_reviewer", email="it@example.ir", first_name=PAYLOAD,
        agency=factories.AgencyFactory(province=province, kind="it_office", group=""),
    )  # fmt: skip
    gov = factories.UserFactory(
        role="governorate_reviewer", email="gov@example.ir",
        agency=factories.AgencyFactory(province=province, kind="governorate", group=""),
    )  # fmt: skip
    factories.DeputyFactory(agency=agency, state="confirmed", full_name=PAYLOAD, email="deputy@example.ir")
    return SimpleNamespace(
        agency=agency, assignment=assignment, staff=staff, english_staff=english_staff, it=it, gov=gov,
        period=factories.PeriodFactory(fiscal_year=1405),
    )  # fmt: skip


def test_report_emails_hold_typed_text_literally(world):
    start = _last_pk()
    report = reports.save_draft(
        assignment=world.assignment, period=world.period, by=world.staff, data={"percent": 30, "work_done": PAYLOAD}
    )
    reports.submit_report(report=report, by=world.staff)
    submitted = _queued(start)
    assert [m.to for m in submitted] == [["it@example.ir"]]
    _literally(PAYLOAD, submitted[0], in_subject=True)  # the agency's name

    start = _last_pk()
    reports.return_report(report=report, by=world.it, reason=PAYLOAD)
    returned = _queued(start)
    assert len(returned) == 3  # the deputy and both staff, each in their language
    for message in returned:
        _literally(PAYLOAD, message)  # the reason and the program's title

    reports.submit_report(report=report, by=world.staff)
    start = _last_pk()
    reports.approve_report(report=report, by=world.it, comment=PAYLOAD)
    for message in _queued(start):
        _literally(PAYLOAD, message)


def test_deputy_emails_hold_typed_text_literally(world):
    deputy = deputies.submit_deputy(
        agency=world.agency, by=world.staff, full_name=PAYLOAD, position=PAYLOAD, national_code="0499370899",
        mobile="09141234567", email="new-deputy@example.ir",
    )  # fmt: skip
    start = _last_pk()
    deputies.verify_deputy(deputy=deputy, by=world.gov)
    verified = _queued(start)
    assert verified
    for message in verified:
        _literally(PAYLOAD, message)

    start = _last_pk()
    deputies.reject_deputy(deputy=deputy, by=world.it, reason=PAYLOAD)
    rejected = _queued(start)
    assert rejected
    for message in rejected:
        _literally(PAYLOAD, message)


def test_circular_emails_hold_typed_text_literally(world):
    today = timezone.localdate()
    circular = circulars.create_draft(
        by=world.it, number="۱۲/ت{{ 7*7 }}", date=today, subject=PAYLOAD, body=f"بند اول.\n\n{PAYLOAD}\n\nبند دوم.",
        acknowledge_by=today + datetime.timedelta(days=7),
    )  # fmt: skip
    start = _last_pk()
    circulars.publish_circular(circular=circular, by=world.it)
    published = _queued(start)
    assert len(published) == 3
    for message in published:
        _literally(PAYLOAD, message, in_subject=True)
        assert "۱۲/ت{{ 7*7 }}" in message.subject

    start = _last_pk()
    circulars.send_acknowledgement_reminder(circular=circular, by=world.it)
    reminded = _queued(start)
    assert reminded
    for message in reminded:
        assert "۱۲/ت{{ 7*7 }}" in message.subject
        _literally(PAYLOAD, message)  # the recipient's name, the agency's name


def test_reminder_emails_hold_typed_text_literally(world):
    today = timezone.localdate()
    world.period.due_on = today
    world.period.save()
    start = _last_pk()
    assert reports.send_reminders(today=today, days_before=[]) == 1
    assert Reminder.objects.get().kind == Reminder.Kind.DUE_TODAY
    reminded = _queued(start)
    assert len(reminded) == 2  # staff only before the period is overdue
    for message in reminded:
        _literally(PAYLOAD, message)  # the program's title


def test_service_count_emails_hold_typed_text_literally(world):
    service = Service.objects.create(agency=world.agency, code="S1", name_fa=PAYLOAD)
    channel = ServiceChannel.objects.create(service=service, channel="online")
    report = counts.save_counts(agency=world.agency, period=world.period, by=world.staff, counts={channel.pk: 12})
    start = _last_pk()
    counts.submit_counts(report=report, by=world.staff)
    submitted = _queued(start)
    assert [m.to for m in submitted] == [["it@example.ir"]]
    _literally(PAYLOAD, submitted[0], in_subject=True)

    start = _last_pk()
    counts.return_counts(report=report, by=world.it, reason=PAYLOAD)
    returned = _queued(start)
    assert len(returned) == 3
    for message in returned:
        _literally(PAYLOAD, message)

    counts.submit_counts(report=report, by=world.staff)
    start = _last_pk()
    counts.approve_counts(report=report, by=world.it, comment=PAYLOAD)
    approved = _queued(start)
    assert len(approved) == 3
    for message in approved:
        _literally(PAYLOAD, message)


def test_the_governorate_verifies_a_deputy_named_with_template_syntax(world):
    """The reproduction of the defect: the verify and reject buttons answered 500."""
    deputy = factories.DeputyFactory(agency=world.agency, full_name="علی {{ 7*7 }}")
    client = Client(raise_request_exception=False)
    client.force_login(world.gov)
    response = client.post(reverse("agencies:deputy_verify", args=[deputy.pk]))
    assert response.status_code == 302
    deputy.refresh_from_db()
    assert deputy.state == "awaiting_it_office"
    assert "علی {{ 7*7 }}" in Email.objects.order_by("-pk").first().message


def test_a_report_is_returned_with_a_reason_in_template_syntax(world):
    report = factories.ReportFactory(
        assignment=world.assignment, period=world.period, state="submitted", first_submitted_at=timezone.now()
    )
    client = Client(raise_request_exception=False)
    client.force_login(world.it)
    response = client.post(
        reverse("programs:report_review", args=[report.pk]), {"decision": "return", "comment": "{{ 7*7 }}"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.review_comment) == ("returned", "{{ 7*7 }}")
    assert "{{ 7*7 }}" in Email.objects.order_by("-pk").first().message


_letters = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=12)
_syntax = st.sampled_from(
    ["{{", "}}", "{%", "%}", "{#", "#}", "{{ 7*7 }}", "{% lorem %}", "<b>", "&amp;", "\u202e", "\u2067", "\u200c"]
)
_pieces = _letters | _syntax
typed_text = st.lists(_pieces, min_size=1, max_size=6).map("".join).filter(lambda text: text.strip() != "")


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=typed_text, reason=typed_text)
def test_any_typed_text_is_queued_literally(name, reason):
    deputy = SimpleNamespace(full_name=name, it_office_reviewed_by_id=1)
    agency = SimpleNamespace(name=name)
    start = _last_pk()
    queue_email(
        recipients=[Recipient(email="a@example.ir", name=name), Recipient(email="b@example.ir", language="en")],
        template="emails/deputy_rejected",
        context={"deputy": deputy, "agency": agency, "reason": reason, "link": "https://portal.example.ir/x"},
    )
    fa, en = _queued(start)
    assert name in fa.message and reason in fa.message
    assert name in en.message and reason in en.message
    assert _one_line(name) in _one_line(fa.subject)
