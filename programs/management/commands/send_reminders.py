from django.core.management.base import BaseCommand

from programs.services import send_reminders


class Command(BaseCommand):
    help = (
        "Queues reminder emails to agencies with reports still to submit: before the due date "
        "(REMINDER_DAYS_BEFORE), on it, and weekly once overdue (then also to the liaison deputy). "
        "Run daily from cron; running it twice the same day sends nothing twice."
    )

    def handle(self, *args, **options):
        count = send_reminders()
        self.stdout.write(self.style.SUCCESS(f"{count} reminder(s) queued."))
