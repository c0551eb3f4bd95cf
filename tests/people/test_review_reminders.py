"""Reviewers are chased: reports and counts waiting in review longer than REVIEW_SLA_DAYS
remind the province's IT office reviewers, then also the heads of review, once a day."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import Email

from notices.models import Notification
from people.models import ReviewReminder
from people.services.review_reminders import send_review_reminders
from service_channels.models import ChannelReport
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def province_people(settings, it_office_user):
    settings.REVIEW_SLA_DAYS = 5
    settings.REVIEW_HEAD_AFTER_DAYS = 10
    province = it_office_user.agency.province
    it_office_user.email = "ito@example.ir"
    it_office_user.save()
    head = factories.UserFactory(
        username="head", email="head@example.ir", is_review_head=True, role="it_office_reviewer",
        agency=it_office_user.agency,
    )  # fmt: skip
    other_province = factories.ProvinceFactory(code="P2", name_fa="استان دیگر")
    stranger = factories.UserFactory(
        username="ito2", email="ito2@example.ir", role="it_office_reviewer",
        agency=factories.AgencyFactory(province=other_province, kind="it_office", group=""),
    )  # fmt: skip
    return {"province": province, "reviewer": it_office_user, "head": head, "stranger": stranger}


def _submitted(province, *, days_ago: float):
    at = timezone.now() - datetime.timedelta(days=days_ago)
    return factories.ReportFactory(
        assignment=factories.AssignmentFactory(agency=factories.AgencyFactory(province=province)),
        state="submitted", submitted_at=at, first_submitted_at=at,
    )  # fmt: skip


def _to(address):
    return Email.objects.filter(to=[address]).count()


def test_nothing_is_sent_within_the_sla(province_people):
    _submitted(province_people["province"], days_ago=4)
    assert send_review_reminders() == 0
    assert not Email.objects.exists()


def test_late_reports_and_counts_remind_the_provinces_reviewers_once_a_day(province_people):
    province = province_people["province"]
    _submitted(province, days_ago=6)
    ChannelReport.objects.create(
        agency=factories.AgencyFactory(province=province), period=factories.PeriodFactory(), state="submitted",
        submitted_at=timezone.now() - datetime.timedelta(days=7), first_submitted_at=timezone.now(),
    )  # fmt: skip
    assert send_review_reminders() == 1
    reminder = ReviewReminder.objects.get()
    assert (reminder.reports_waiting, reminder.counts_waiting, reminder.escalated) == (1, 1, False)
    assert _to("ito@example.ir") == 1 and _to("head@example.ir") == 1  # the head is a reviewer of the province too
    assert _to("ito2@example.ir") == 0
    assert Notification.objects.filter(user=province_people["reviewer"], kind="reviews").count() == 1
    assert send_review_reminders() == 0  # twice the same day: nothing more
    call_command("send_review_reminders")
    assert _to("ito@example.ir") == 1


def test_long_waits_also_remind_the_heads_of_review(province_people):
    head = factories.UserFactory(
        username="director", email="director@example.ir", is_review_head=True, agency=province_people["head"].agency
    )  # a head without a reviewer role
    _submitted(province_people["province"], days_ago=6)
    send_review_reminders()
    assert _to("director@example.ir") == 0
    ReviewReminder.objects.all().delete()
    _submitted(province_people["province"], days_ago=11)
    send_review_reminders()
    assert ReviewReminder.objects.get().escalated
    assert _to("director@example.ir") == 1
    assert Notification.objects.filter(user=head).exists()


def test_the_next_day_reminds_again(province_people):
    _submitted(province_people["province"], days_ago=6)
    send_review_reminders()
    send_review_reminders(now=timezone.now() + datetime.timedelta(days=1))
    assert ReviewReminder.objects.count() == 2
