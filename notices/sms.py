"""Text messages (SMS), with pluggable backends in the manner of Django's email backends.

`SMS_BACKEND` decides what `send_sms()` does with a message:

- `notices.sms.ConsoleBackend` prints it once the transaction commits (the default without
  a gateway, so `make run` shows every text on the console);
- `notices.sms.DatabaseBackend` queues it in the outbox (`SmsMessage`) in the caller's
  transaction; `manage.py send_queued_sms` (cron, every minute) hands the queue to the
  gateway, retries what failed for a passing reason (`SMS_MAX_RETRIES` times,
  `SMS_RETRY_MINUTES` apart) and keeps the gateway's answer and, later, its delivery
  status, so nothing is lost while the gateway is down (the default once `SMS_URL` is set);
- `notices.sms.LocmemBackend` keeps messages in `notices.sms.outbox` (tests).

The gateway (`gateway()`) is `HttpGateway` when `SMS_URL` is set, else the console. It
speaks the REST dialect of Iranian SMS services such as Kavenegar:
`SMS_URL=https://API-KEY@api.example.ir/v1?sender=10004346` sends by POSTing `receptor`,
`sender` and `message` to `https://api.example.ir/v1/API-KEY/sms/send.json` and reads
`{"return": {"status": 200, …}, "entries": [{"messageid": …, "status": …, "statustext": …}]}`;
delivery is asked of `…/sms/status.json?messageid=1,2,…`.
"""

import datetime
import json
import logging
import sys
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from notices.models import SmsMessage

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sms:
    to: str  # 09xxxxxxxxx
    body: str
    user_id: int | None = None
    kind: str = ""


def send_sms(messages) -> int:
    """Hands `messages` (Sms) to the configured backend. Returns how many it took."""
    messages = [message for message in messages if message.to and message.body.strip()]
    if not messages:
        return 0
    return import_string(settings.SMS_BACKEND)().send_messages(messages)


class BaseBackend:
    def send_messages(self, messages: list[Sms]) -> int:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """Prints each message when the transaction that wrote it commits."""

    stream = None

    def send_messages(self, messages):
        def write():
            stream = self.stream or sys.stdout
            for message in messages:
                stream.write(f"SMS to {message.to}:\n{message.body}\n{'-' * 40}\n")
            stream.flush()

        transaction.on_commit(write)
        return len(messages)


#: Messages sent through LocmemBackend (tests).
outbox: list[Sms] = []


class LocmemBackend(BaseBackend):
    def send_messages(self, messages):
        outbox.extend(messages)
        return len(messages)


class DatabaseBackend(BaseBackend):
    """Queues messages in the outbox, in the caller's transaction (one INSERT)."""

    def send_messages(self, messages):
        SmsMessage.objects.bulk_create(
            SmsMessage(to=message.to, body=message.body, user_id=message.user_id, kind=message.kind)
            for message in messages
        )
        return len(messages)


# --- gateways: what actually transmits a message -------------------------------------------


class GatewayError(Exception):
    """The gateway did not take the message."""

    temporary = True


class TemporaryGatewayError(GatewayError):
    """Down, slow, overloaded or out of credit: try again later."""


class PermanentGatewayError(GatewayError):
    """Refused for good (a bad number, a bad key): retrying would not help."""

    temporary = False


@dataclass(frozen=True)
class Sent:
    gateway_id: str
    status: str = ""


#: Gateway delivery statuses (Kavenegar's numbering) that are final.
DELIVERED_STATUSES = {"10"}
UNDELIVERED_STATUSES = {"6", "11", "13", "14"}
#: HTTP answers worth retrying: timeouts, rate limits, no credit (418 at Kavenegar), server errors.
TEMPORARY_HTTP = {408, 418, 425, 429}


class ConsoleGateway:
    def send(self, to: str, body: str) -> Sent:
        sys.stdout.write(f"SMS to {to}:\n{body}\n{'-' * 40}\n")
        return Sent(gateway_id="", status="console")

    def statuses(self, gateway_ids):
        return {}


class HttpGateway:
    """A Kavenegar-style REST gateway (see the module); `url` is SMS_URL."""

    def __init__(self, url: str, *, timeout: float):
        parts = urllib.parse.urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or not parts.username:
            raise ValueError("SMS_URL must look like https://API-KEY@host/path?sender=LINE")
        self.api_key = urllib.parse.unquote(parts.username)
        self.sender = urllib.parse.parse_qs(parts.query).get("sender", [""])[0]
        netloc = parts.hostname + (f":{parts.port}" if parts.port else "")
        self.base = f"{parts.scheme}://{netloc}{parts.path.rstrip('/')}/{urllib.parse.quote(self.api_key)}"
        self.timeout = timeout

    def _call(self, path: str, data: dict) -> dict:
        request = urllib.request.Request(
            f"{self.base}/{path}",
            data=urllib.parse.urlencode(data).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                payload = response.read()
        except urllib.error.HTTPError as error:
            detail = _message(error.read())
            if error.code >= 500 or error.code in TEMPORARY_HTTP:
                raise TemporaryGatewayError(f"HTTP {error.code}: {detail}") from None
            raise PermanentGatewayError(f"HTTP {error.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise TemporaryGatewayError(f"unreachable: {getattr(error, 'reason', error)}") from None
        try:
            answer = json.loads(payload)
            status = int(answer["return"]["status"])
        except (ValueError, KeyError, TypeError):
            raise TemporaryGatewayError("an answer that is not the gateway's JSON") from None
        if status != 200:
            error_class = TemporaryGatewayError if status >= 500 or status in TEMPORARY_HTTP else PermanentGatewayError
            raise error_class(f"{status}: {answer['return'].get('message', '')}")
        return answer

    def send(self, to: str, body: str) -> Sent:
        answer = self._call("sms/send.json", {"receptor": to, "sender": self.sender, "message": body})
        entry = (answer.get("entries") or [{}])[0]
        return Sent(gateway_id=str(entry.get("messageid", "")), status=str(entry.get("status", "")))

    def statuses(self, gateway_ids) -> dict[str, str]:
        """{gateway id: its delivery status} for the ids the gateway knows."""
        answer = self._call("sms/status.json", {"messageid": ",".join(gateway_ids)})
        return {str(entry.get("messageid")): str(entry.get("status", "")) for entry in answer.get("entries") or []}


def _message(payload: bytes) -> str:
    try:
        return str(json.loads(payload)["return"]["message"])[:200]
    except (ValueError, KeyError, TypeError):
        return payload[:200].decode("utf-8", errors="replace")


def gateway():
    if settings.SMS_URL:
        return HttpGateway(settings.SMS_URL, timeout=settings.SMS_TIMEOUT_SECONDS)
    return ConsoleGateway()


class GatewayBackend(BaseBackend):
    """Sends at once through the gateway, without the outbox (nothing is retried): for a
    quick check of SMS_URL only."""

    def send_messages(self, messages):
        sent = 0
        for message in messages:
            try:
                gateway().send(message.to, message.body)
                sent += 1
            except GatewayError as error:
                logger.warning("SMS to %s not sent: %s", message.to, error)
        return sent


# --- the outbox ----------------------------------------------------------------------------


def send_queued(*, limit: int = 1000, now=None) -> dict[str, int]:
    """Sends the queued messages that are due, each in its own transaction with its row
    locked (two runs at once never send one message twice on PostgreSQL). Returns counts
    by outcome: sent, retry, failed."""
    now = now or timezone.now()
    the_gateway = gateway()
    outcome = {"sent": 0, "retry": 0, "failed": 0}
    due = SmsMessage.objects.filter(status=SmsMessage.Status.QUEUED, next_attempt_at__lte=now)
    for pk in list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            message = (
                SmsMessage.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=SmsMessage.Status.QUEUED)
                .first()
            )
            if message is None:
                continue
            message.attempts += 1
            try:
                sent = the_gateway.send(message.to, message.body)
            except GatewayError as error:
                message.last_error = str(error)[:1000]
                if error.temporary and message.attempts <= settings.SMS_MAX_RETRIES:
                    message.next_attempt_at = now + datetime.timedelta(minutes=settings.SMS_RETRY_MINUTES)
                    outcome["retry"] += 1
                else:
                    message.status = SmsMessage.Status.FAILED
                    outcome["failed"] += 1
            else:
                message.status, message.sent_at = SmsMessage.Status.SENT, timezone.now()
                message.gateway_id, message.gateway_status, message.last_error = sent.gateway_id, sent.status, ""
                outcome["sent"] += 1
            message.save(
                update_fields=[
                    "attempts", "status", "next_attempt_at", "last_error", "sent_at", "gateway_id", "gateway_status",
                ]
            )  # fmt: skip
    return outcome


def check_delivery(*, days: int = 3, batch: int = 100) -> int:
    """Asks the gateway what became of the messages it took in the last `days` days and
    keeps the answer (delivered, not delivered, or its status so far). Returns how many
    reached a final status. A gateway that does not answer is asked again next time."""
    the_gateway = gateway()
    since = timezone.now() - datetime.timedelta(days=days)
    pending = SmsMessage.objects.filter(status=SmsMessage.Status.SENT, sent_at__gte=since).exclude(gateway_id="")
    ids = list(pending.values_list("gateway_id", flat=True))
    final = 0
    for start in range(0, len(ids), batch):
        try:
            statuses = the_gateway.statuses(ids[start : start + batch])
        except GatewayError as error:
            logger.warning("SMS delivery statuses not read: %s", error)
            return final
        for gateway_id, status in statuses.items():
            new = SmsMessage.Status.SENT
            if status in DELIVERED_STATUSES:
                new = SmsMessage.Status.DELIVERED
            elif status in UNDELIVERED_STATUSES:
                new = SmsMessage.Status.UNDELIVERED
            fields = {"gateway_status": status}
            if new != SmsMessage.Status.SENT:
                fields.update(status=new, delivered_at=timezone.now())
                final += 1
            pending.filter(gateway_id=gateway_id).update(**fields)
    return final
