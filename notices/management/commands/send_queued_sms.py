from django.core.management.base import BaseCommand

from notices import sms


class Command(BaseCommand):
    help = (
        "Sends the queued text messages that are due through the SMS gateway (SMS_URL), retrying failures, and "
        "records the delivery status the gateway reports. Run it from cron every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=1000, help="Most messages sent in one run.")

    def handle(self, *args, limit, **options):
        outcome = sms.send_queued(limit=limit)
        delivered = sms.check_delivery()
        self.stdout.write(
            f"sent {outcome['sent']}, to retry {outcome['retry']}, failed {outcome['failed']}; "
            f"delivery status known for {delivered} more"
        )
