from django.core.management.base import BaseCommand

from people.services.review_reminders import send_review_reminders


class Command(BaseCommand):
    help = (
        "Reminds each province's IT office reviewers of reports and service counts waiting in review longer than "
        "REVIEW_SLA_DAYS (and the heads of review after REVIEW_HEAD_AFTER_DAYS); once a day per province."
    )

    def handle(self, *args, **options):
        self.stdout.write(f"{send_review_reminders()} province(s) reminded")
