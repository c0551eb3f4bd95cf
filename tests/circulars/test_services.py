"""Circular rules: drafts, publishing and its outbox, reads, acknowledgements, reminders."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from post_office.models import Email

from circulars import selectors, services
from circulars.models import Circular, CircularRead, CircularReminder, CircularTarget
from reform_portal.persian import search_key
from tests import factories
from tests.circulars.helpers import docx, draft, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_messages():
    """Messages are matched in English; emails still follow each recipient's language."""
    with translation.override("en"):
        yield


@pytest.fixture
def recipients(agency_a, agency_b):
    """Agency A: a confirmed deputy and two staff (fa and en). Agency B: one staff, no deputy."""
    factories.DeputyFactory(agency=agency_a, state="confirmed", email="deputy.a@example.ir")
    factories.DeputyFactory(agency=agency_a, state="superseded", email="old.deputy.a@example.ir")
    factories.DeputyFactory(agency=agency_b, state="awaiting_it_office", email="pending.b@example.ir")
    return {
        "fa_a": factories.UserFactory(role="agency_staff", agency=agency_a, email="fa.a@example.ir", language="fa"),
        "en_a": factories.UserFactory(role="agency_staff", agency=agency_a, email="en.a@example.ir", language="en"),
        "b": factories.UserFactory(role="agency_staff", agency=agency_b, email="b@example.ir", language="fa"),
        "inactive": factories.UserFactory(
            role="agency_staff", agency=agency_b, email="gone@example.ir", is_active=False
        ),
    }


def test_draft_keeps_number_as_typed_and_search_text(it_office_user):
    circular = draft(it_office_user, subject="دستگاه‌های كرمان", files=[pdf(), docx()])
    assert circular.state == Circular.State.DRAFT
    assert circular.number == "۲۳۱۳۲۷/ت۴۳۹۱۵ک"
    assert circular.subject == "دستگاه‌های کرمان"
    assert circular.search_text == search_key(f"{circular.subject} {circular.number} {circular.body}")
    assert [a.original_name for a in circular.attachments.all()] == ["پیوست.pdf", "نامه.docx"]
    stored = circular.attachments.first().file.name
    assert stored.startswith("circulars/") and "پیوست" not in stored


def test_bad_attachment_is_refused(it_office_user):
    fake = pdf("script.pdf")
    fake.file.write(b"")
    from django.core.files.uploadedfile import SimpleUploadedFile

    with pytest.raises(ValidationError):
        draft(it_office_user, files=[SimpleUploadedFile("x.pdf", b"MZ\x90\x00 not a pdf")])
    assert not Circular.objects.exists()


def test_only_it_office_writes_circulars(governorate_user, staff_a):
    for user in (governorate_user, staff_a):
        with pytest.raises(PermissionDenied):
            draft(user)


def test_update_draft_and_search_text_follows(it_office_user):
    circular = draft(it_office_user)
    services.update_draft(
        circular=circular, by=it_office_user, number="۱۲/الف", date=circular.date, subject="موضوع تازه",
        body="متن تازه", acknowledge_by=circular.acknowledge_by,
    )  # fmt: skip
    circular.refresh_from_db()
    assert circular.number == "۱۲/الف" and "موضوعتازه" in circular.search_text


def test_published_circular_cannot_be_edited(it_office_user, agency_a):
    circular = draft(it_office_user)
    services.publish_circular(circular=circular, by=it_office_user)
    with pytest.raises(services.TransitionError, match="already been published"):
        services.update_draft(
            circular=circular, by=it_office_user, number="x", date=circular.date, subject="x", body="x",
            acknowledge_by=circular.acknowledge_by,
        )  # fmt: skip


def test_publish_queues_one_email_per_recipient_in_their_language(it_office_user, recipients, agency_a, agency_b):
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a, agency_b])
    queued = services.publish_circular(circular=circular, by=it_office_user)
    emails = {email.to[0]: email for email in Email.objects.all()}
    assert queued == 4
    assert set(emails) == {"deputy.a@example.ir", "fa.a@example.ir", "en.a@example.ir", "b@example.ir"}
    link = f"http://127.0.0.1:8000/circulars/{circular.pk}/"
    for email in emails.values():
        assert link in email.message
        assert "۲۳۱۳۲۷/ت۴۳۹۱۵ک" in email.subject
    assert emails["en.a@example.ir"].subject.startswith("Circular ")
    assert emails["en.a@example.ir"].message.startswith("Dear ")
    for persian in ("deputy.a@example.ir", "fa.a@example.ir", "b@example.ir"):
        assert emails[persian].subject.startswith("بخشنامه")
    circular.refresh_from_db()
    assert circular.state == Circular.State.PUBLISHED and circular.published_by == it_office_user
    targets = {t.agency_id: t.had_confirmed_deputy for t in circular.targets.all()}
    assert targets == {agency_a.pk: True, agency_b.pk: False}


def test_publishing_twice_sends_once(it_office_user, recipients, agency_a):
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a])
    stale = Circular.objects.get(pk=circular.pk)
    services.publish_circular(circular=circular, by=it_office_user)
    other = factories.UserFactory(role="it_office_reviewer", agency=it_office_user.agency)
    with pytest.raises(services.TransitionError, match="already published"):
        services.publish_circular(circular=stale, by=other)
    assert Email.objects.count() == 3
    assert CircularTarget.objects.count() == 1


def test_target_modes(it_office_user, agency_a, agency_b):
    health = factories.AgencyFactory(group="health_welfare")
    factories.AgencyFactory(group="health_welfare", is_active=False)
    all_mode = draft(it_office_user)
    group_mode = draft(it_office_user, target_mode="group", target_group="health_welfare")
    selected = draft(it_office_user, target_mode="selected", selected_agencies=[agency_b])
    # governorate and IT office agencies are never targets
    assert set(selectors.resolve_targets(all_mode)) == {agency_a, agency_b, health}
    assert set(selectors.resolve_targets(group_mode)) == {health}
    assert set(selectors.resolve_targets(selected)) == {agency_b}


def test_group_mode_needs_a_group(it_office_user):
    with pytest.raises(ValidationError):
        draft(it_office_user, target_mode="group", target_group="")


def test_publish_preview_lists_targets_without_confirmed_deputy(it_office_user, recipients, agency_a, agency_b):
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a, agency_b])
    preview = selectors.publish_preview(circular)
    assert [a.pk for a in preview["without_deputy"]] == [agency_b.pk]
    assert {a.pk: a.staff_count for a in preview["agencies"]} == {agency_a.pk: 2, agency_b.pk: 1}


def test_mark_read_records_the_first_opening_only(it_office_user, staff_a, agency_a):
    circular = draft(it_office_user)
    services.publish_circular(circular=circular, by=it_office_user)
    assert services.mark_read(circular=circular, user=staff_a) is True
    first = CircularRead.objects.get().first_read_at
    assert services.mark_read(circular=circular, user=staff_a) is False
    assert CircularRead.objects.get().first_read_at == first


def test_acknowledge_once_per_agency(it_office_user, staff_a, agency_a):
    colleague = factories.UserFactory(role="agency_staff", agency=agency_a, first_name="همکار")
    circular = draft(it_office_user)
    services.publish_circular(circular=circular, by=it_office_user)
    target = services.acknowledge_circular(circular=circular, by=staff_a)
    assert target.acknowledged_by == staff_a and target.acknowledged_at
    with pytest.raises(services.TransitionError, match="already acknowledged"):
        services.acknowledge_circular(circular=circular, by=colleague)
    target.refresh_from_db()
    assert target.acknowledged_by == staff_a


def test_acknowledge_refused_for_drafts_non_targets_and_reviewers(it_office_user, staff_a, staff_b, agency_a):
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a])
    with pytest.raises(PermissionDenied):
        services.acknowledge_circular(circular=circular, by=staff_a)  # still a draft
    services.publish_circular(circular=circular, by=it_office_user)
    with pytest.raises(PermissionDenied):
        services.acknowledge_circular(circular=circular, by=staff_b)
    with pytest.raises(PermissionDenied):
        services.acknowledge_circular(circular=circular, by=it_office_user)


def test_acknowledgement_counts(it_office_user, staff_a, staff_b, agency_a, agency_b):
    third = factories.AgencyFactory()
    circular = draft(it_office_user)
    services.publish_circular(circular=circular, by=it_office_user)
    services.acknowledge_circular(circular=circular, by=staff_a)
    status = selectors.acknowledgement_status(circular)
    assert (len(status["acknowledged"]), status["total"]) == (1, 3)
    assert round(status["rate"], 1) == 33.3
    assert [t.agency for t in status["pending"]] == sorted([agency_b, third], key=lambda a: a.name_fa)
    row = selectors.office_circular_list(it_office_user)[0]
    assert (row.acknowledged_count, row.target_count) == (1, 3)


def test_reminder_goes_to_agencies_not_acknowledged_and_not_twice_a_day(
    it_office_user, recipients, agency_a, agency_b, staff_a
):
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a, agency_b])
    services.publish_circular(circular=circular, by=it_office_user)
    services.acknowledge_circular(circular=circular, by=recipients["fa_a"])
    Email.objects.all().delete()
    reminder = services.send_acknowledgement_reminder(circular=circular, by=it_office_user)
    assert (reminder.agency_count, reminder.email_count) == (1, 1)
    assert [e.to[0] for e in Email.objects.all()] == ["b@example.ir"]
    assert reminder.sent_by == it_office_user and reminder.sent_on == timezone.localdate()
    with pytest.raises(services.TransitionError, match="already sent today"):
        services.send_acknowledgement_reminder(circular=circular, by=it_office_user)
    assert CircularReminder.objects.count() == 1 and Email.objects.count() == 1
    # the next day it may be sent again
    CircularReminder.objects.update(sent_on=timezone.localdate() - datetime.timedelta(days=1))
    services.send_acknowledgement_reminder(circular=circular, by=it_office_user)
    assert CircularReminder.objects.count() == 2


def test_reminder_refused_for_drafts_and_when_all_acknowledged(it_office_user, staff_a, agency_a, governorate_user):
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a])
    with pytest.raises(services.TransitionError):
        services.send_acknowledgement_reminder(circular=circular, by=it_office_user)
    services.publish_circular(circular=circular, by=it_office_user)
    with pytest.raises(PermissionDenied):
        services.send_acknowledgement_reminder(circular=circular, by=governorate_user)
    services.acknowledge_circular(circular=circular, by=staff_a)
    with pytest.raises(services.TransitionError, match="Every agency"):
        services.send_acknowledgement_reminder(circular=circular, by=it_office_user)


@pytest.mark.parametrize(
    ("stored_subject", "query"),
    [
        ("فهرست دستگاه‌های اجرایی", "دستگاههای"),
        ("فهرست دستگاه‌های اجرایی", "دستگاه های"),
        ("سفر به کرمان", "كرمان"),
        ("سفر به كرمان", "کرمان"),
        ("برنامه ۱۴۰۵", "1405"),
    ],
)
def test_archive_search_is_persian_insensitive(it_office_user, stored_subject, query):
    wanted = draft(it_office_user, subject=stored_subject)
    draft(it_office_user, subject="موضوع دیگر", number="۹۹")
    assert [c.pk for c in selectors.office_circular_list(it_office_user, query=query)] == [wanted.pk]


def test_archive_search_finds_number_and_body(it_office_user):
    wanted = draft(it_office_user, subject="الف", body="ارسال مشخصات معاون ذیربط", number="۴۵۶۱/ف")
    draft(it_office_user, subject="ب", body="متن دیگر", number="۷۷")
    assert [c.pk for c in selectors.office_circular_list(it_office_user, query="4561")] == [wanted.pk]
    assert [c.pk for c in selectors.office_circular_list(it_office_user, query="معاون ذيربط")] == [wanted.pk]


def test_a_circular_belongs_to_its_authors_province_and_reaches_only_its_agencies(it_office_user, agency_a):
    other_province = factories.ProvinceFactory(code="P2", name_fa="استان دوم")
    elsewhere = factories.AgencyFactory(province=other_province)
    circular = draft(it_office_user, target_mode="all")
    assert circular.province_id == it_office_user.agency.province_id
    assert agency_a in selectors.resolve_targets(circular)
    assert elsewhere not in selectors.resolve_targets(circular)
    # Even a hand-made list naming another province's agency reaches only the circular's own province.
    circular = draft(it_office_user, target_mode="selected", selected_agencies=[agency_a, elsewhere])
    services.publish_circular(circular=circular, by=it_office_user)
    assert list(circular.targets.values_list("agency_id", flat=True)) == [agency_a.pk]


def test_another_provinces_it_office_cannot_edit_publish_or_remind(it_office_user, agency_a):
    other_it = factories.UserFactory(
        role="it_office_reviewer",
        agency=factories.AgencyFactory(province=factories.ProvinceFactory(code="P2"), kind="it_office", group=""),
    )
    circular = draft(it_office_user)
    today = timezone.localdate()
    with pytest.raises(PermissionDenied):
        services.update_draft(circular=circular, by=other_it, number="۱", date=today, subject="ربوده", body="متن",
                              acknowledge_by=today)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.publish_circular(circular=circular, by=other_it)
    services.publish_circular(circular=circular, by=it_office_user)
    with pytest.raises(PermissionDenied):
        services.send_acknowledgement_reminder(circular=circular, by=other_it)
    assert not selectors.circulars_visible_to(other_it).filter(pk=circular.pk).exists()
    assert not CircularReminder.objects.exists()
