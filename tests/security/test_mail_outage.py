"""With the mail server down, mail stays queued and goes out once it is back.

A real SMTP server (aiosmtpd) listens on 127.0.0.1 on a free port; the outbox
(django-post-office) sends through Django's SMTP backend, as in production.
"""

import datetime
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from post_office.models import STATUS, Email

from reform_portal.notifications import Recipient, queue_email


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            (envelope.rcpt_tos, email.message_from_bytes(envelope.content, policy=email.policy.default))
        )
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


PROBE_TEMPLATES = {
    "emails/test_probe_subject.txt": "{% load i18n %}{% translate 'Reform Portal' %}: آزمون {{ number }}",
    "emails/test_probe_body.txt": "سلام {{ recipient.name }}، پیام آزمون {{ number }}.\n{{ site_url }}",
}


@pytest.fixture
def smtp_settings():
    port = free_port()
    post_office = {
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
        "DEFAULT_PRIORITY": "medium",
        "MAX_RETRIES": 5,
        "RETRY_INTERVAL": datetime.timedelta(minutes=15),
        "THREADS_PER_PROCESS": 1,
    }
    templates = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {"loaders": [("django.template.loaders.locmem.Loader", PROBE_TEMPLATES)]},
        }
    ]
    with override_settings(
        EMAIL_BACKEND="post_office.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=port,
        EMAIL_HOST_USER="",
        EMAIL_HOST_PASSWORD="",
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
        EMAIL_TIMEOUT=5,
        POST_OFFICE=post_office,
        TEMPLATES=templates,
    ):
        yield port


def send_queued_mail(tmp_path):
    call_command("send_queued_mail", lockfile=str(tmp_path / "send_queued_mail.lock"))


@pytest.mark.django_db(transaction=True)  # send_queued_mail closes the database connection
def test_mail_waits_while_the_server_is_down_and_goes_out_when_it_returns(smtp_settings, tmp_path):
    port = smtp_settings
    queued = queue_email(
        recipients=[Recipient(email="deputy@example.ir", name="رضا محمدی")],
        template="emails/test_probe",
        context={"number": 7},
    )
    assert queued == 1
    message = Email.objects.get()
    assert message.status == STATUS.queued

    # The server is down: nothing is lost, the message waits for the next try.
    send_queued_mail(tmp_path)
    message.refresh_from_db()
    assert message.status == STATUS.requeued
    assert message.number_of_retries == 1
    assert message.scheduled_time > timezone.now() + datetime.timedelta(minutes=14)
    assert message.logs.filter(status=STATUS.failed).exists()

    # Before the retry interval has passed, a run does not try again.
    send_queued_mail(tmp_path)
    message.refresh_from_db()
    assert message.status == STATUS.requeued and message.number_of_retries == 1

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        Email.objects.update(scheduled_time=timezone.now() - datetime.timedelta(seconds=1))  # the interval passed
        send_queued_mail(tmp_path)
    finally:
        controller.stop()

    message.refresh_from_db()
    assert message.status == STATUS.sent
    assert len(inbox.messages) == 1
    recipients, received = inbox.messages[0]
    assert recipients == ["deputy@example.ir"]
    assert "آزمون" in str(received["Subject"])
    assert "رضا محمدی" in received.get_content()

    # Sent once: another run sends nothing more.
    send_queued_mail(tmp_path)
    assert len(inbox.messages) == 1


@pytest.mark.django_db(transaction=True)  # send_queued_mail closes the database connection
def test_mail_gives_up_only_after_the_configured_retries(smtp_settings, tmp_path, settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 2}
    queue_email(recipients=[Recipient(email="a@example.ir")], template="emails/test_probe", context={"number": 1})
    statuses = []
    for _ in range(3):
        Email.objects.update(scheduled_time=timezone.now() - datetime.timedelta(seconds=1))  # the interval passed
        send_queued_mail(tmp_path)
        statuses.append(Email.objects.get().status)
    assert statuses == [STATUS.requeued, STATUS.requeued, STATUS.failed]
