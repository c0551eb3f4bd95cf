"""The SMS outbox against a local server that plays the gateway: sent, retried while the
gateway is down, slow or out of credit, failed for good on a bad number, delivery status
kept; nothing lost meanwhile."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from notices import sms
from notices.models import SmsMessage
from notices.sms import Sms, send_sms
from tests.notices.fake_gateway import FakeGateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway(settings):
    fake = FakeGateway().start()
    settings.SMS_URL = fake.url
    settings.SMS_BACKEND = "notices.sms.DatabaseBackend"
    settings.SMS_TIMEOUT_SECONDS = 0.5
    settings.SMS_MAX_RETRIES = 2
    settings.SMS_RETRY_MINUTES = 15
    yield fake
    fake.stop()


def _queue(body="سامانه: گزارش شما برگشت داده شد.", to="09121234567"):
    send_sms([Sms(to=to, body=body, kind="returns")])
    return SmsMessage.objects.get(to=to)


def test_a_queued_message_goes_to_the_gateway_with_key_sender_and_text(gateway):
    message = _queue()
    assert message.status == "queued" and gateway.received == []  # queued, not sent, in the transaction
    assert sms.send_queued() == {"sent": 1, "retry": 0, "failed": 0}
    assert gateway.sent() == [{"receptor": "09121234567", "sender": "10004346", "message": message.body}]
    message.refresh_from_db()
    assert (message.status, message.attempts, message.gateway_status) == ("sent", 1, "1")
    assert message.gateway_id == "1001" and message.sent_at is not None
    assert sms.send_queued() == {"sent": 0, "retry": 0, "failed": 0}  # never twice


def test_a_gateway_that_is_down_keeps_the_message_and_it_goes_later(gateway):
    message = _queue()
    gateway.mode = "error500"
    assert sms.send_queued()["retry"] == 1
    message.refresh_from_db()
    assert message.status == "queued" and "502" in message.last_error
    assert message.next_attempt_at > timezone.now() + datetime.timedelta(minutes=14)
    gateway.mode = "ok"
    assert sms.send_queued()["sent"] == 0  # not due yet
    later = timezone.now() + datetime.timedelta(minutes=16)
    assert sms.send_queued(now=later)["sent"] == 1
    message.refresh_from_db()
    assert (message.status, message.attempts, message.last_error) == ("sent", 2, "")


@pytest.mark.parametrize("mode", ["timeout", "no_credit", "garbage"])
def test_slow_broke_or_confused_gateways_are_retried(gateway, mode):
    gateway.mode, gateway.delay = mode, 1.5
    message = _queue()
    assert sms.send_queued()["retry"] == 1
    message.refresh_from_db()
    assert message.status == "queued" and message.last_error


def test_after_the_retries_a_message_is_marked_failed(gateway):
    message = _queue()
    gateway.mode = "error500"
    now = timezone.now()
    for attempt in range(3):
        sms.send_queued(now=now + datetime.timedelta(minutes=20 * attempt))
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)


def test_a_refused_number_fails_at_once(gateway):
    gateway.mode = "bad_number"
    message = _queue(to="09120000000")
    assert sms.send_queued() == {"sent": 0, "retry": 0, "failed": 1}
    message.refresh_from_db()
    assert message.status == "failed" and "411" in message.last_error


def test_delivery_status_is_asked_and_kept(gateway):
    first, second = _queue(to="09121111111"), _queue(to="09122222222")
    sms.send_queued()
    first.refresh_from_db()
    second.refresh_from_db()
    gateway.statuses = {first.gateway_id: 10, second.gateway_id: 11}
    assert sms.check_delivery() == 2
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, first.gateway_status) == ("delivered", "10")
    assert (second.status, second.gateway_status) == ("undelivered", "11")
    assert first.delivered_at is not None


def test_the_command_sends_and_reports(gateway, capsys):
    _queue()
    call_command("send_queued_sms")
    assert "sent 1" in capsys.readouterr().out
    assert SmsMessage.objects.get().status == "sent"


def test_the_console_backend_prints_once_the_transaction_commits(settings, capsys, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "notices.sms.ConsoleBackend"
    with django_capture_on_commit_callbacks(execute=True):
        send_sms([Sms(to="09121234567", body="آزمون")])
        assert "آزمون" not in capsys.readouterr().out
    assert "SMS to 09121234567" in capsys.readouterr().out
    assert not SmsMessage.objects.exists()


def test_a_bad_sms_url_is_refused():
    with pytest.raises(ValueError):
        sms.HttpGateway("ftp://nokey.example/", timeout=1)
