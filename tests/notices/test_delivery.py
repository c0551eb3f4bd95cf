"""Every email about a portal event also reaches its recipients in the portal and, as each
chose, by SMS: one place (reform_portal/notifications.py queue_email), tested through the
report actions people take."""

import pytest
from django.urls import reverse
from post_office.models import Email

from notices import sms
from notices.models import Notification
from programs import services
from reform_portal.notifications import Recipient, channel_choices, queue_email
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def submitted(staff_a, it_office_user):
    report = factories.ReportFactory(assignment=factories.AssignmentFactory(agency=staff_a.agency), work_done="کار")
    return services.submit_report(report=report, by=staff_a)


def test_an_event_notifies_each_user_in_the_portal_with_a_link_and_both_languages(submitted, it_office_user):
    notification = Notification.objects.get(user=it_office_user)
    assert notification.kind == "reviews" and notification.template == "report_submitted"
    assert notification.url == submitted.get_absolute_url()
    assert notification.read_at is None
    assert notification.title_fa and notification.title_en and notification.title_fa != notification.title_en
    assert Email.objects.filter(to=[it_office_user.email]).exists() or not it_office_user.email


def test_returning_a_report_texts_only_those_who_turned_sms_on_for_returns(submitted, staff_a, it_office_user):
    other = factories.UserFactory(username="staff_a2", role="agency_staff", agency=staff_a.agency, mobile="09120000002")
    staff_a.mobile = "09121111111"
    staff_a.notification_preferences = {"returns": ["email", "sms"]}
    staff_a.save()
    services.return_report(report=submitted, by=it_office_user, reason="امضا ندارد")
    assert [message.to for message in sms.outbox] == ["09121111111"]
    text = sms.outbox[0].body
    assert "برگشت" in text and submitted.get_absolute_url() in text
    assert {n.user_id for n in Notification.objects.filter(kind="returns")} == {staff_a.pk, other.pk}


def test_turning_an_email_kind_off_keeps_the_portal_notice(submitted, staff_a, it_office_user):
    staff_a.email = "staff.a@example.ir"
    staff_a.notification_preferences = {"returns": []}
    staff_a.save()
    services.return_report(report=submitted, by=it_office_user, reason="امضا ندارد")
    assert not Email.objects.filter(to=["staff.a@example.ir"]).exists()
    assert Notification.objects.filter(user=staff_a, kind="returns").count() == 1


def test_account_emails_are_never_portal_notices_and_always_go():
    user = factories.UserFactory(email="u@example.ir", notification_preferences={k: [] for k in ("returns",)})
    queue_email(
        recipients=[Recipient.for_user(user)], template="emails/password_reset",
        context={"user": user, "link": "http://x/", "minutes": 60},
    )  # fmt: skip
    assert Email.objects.filter(to=["u@example.ir"]).count() == 1
    assert not Notification.objects.exists()


def test_a_user_listed_twice_is_notified_once(it_office_user):
    recipient = Recipient.for_user(it_office_user)
    report = factories.ReportFactory()
    queue_email(
        recipients=[recipient, recipient], template="emails/report_submitted",
        context={"report": report, "url": "http://127.0.0.1:8000" + report.get_absolute_url()},
    )  # fmt: skip
    assert Notification.objects.filter(user=it_office_user).count() == 1


def test_default_choices_are_email_on_sms_off_and_sms_only_where_a_text_exists():
    chosen = channel_choices({})
    assert ("returns", "email") in chosen and ("returns", "sms") not in chosen
    chosen = channel_choices({"decisions": ["email", "sms"], "returns": ["sms"]})
    assert ("decisions", "sms") not in chosen  # no short text for decisions
    assert ("returns", "sms") in chosen and ("returns", "email") not in chosen


def test_links_outside_the_portal_are_not_kept(it_office_user):
    report = factories.ReportFactory()
    queue_email(
        recipients=[Recipient.for_user(it_office_user)], template="emails/report_submitted",
        context={"report": report, "url": "https://evil.example/x"},
    )  # fmt: skip
    assert Notification.objects.get().url == ""


def test_a_rolled_back_action_notifies_nobody(staff_a, it_office_user):
    report = factories.ReportFactory(assignment=factories.AssignmentFactory(agency=staff_a.agency), work_done="")
    with pytest.raises(Exception):  # noqa: B017  incomplete: refused inside the transaction
        services.submit_report(report=report, by=staff_a)
    assert not Notification.objects.exists()
    assert reverse("notices:list")
