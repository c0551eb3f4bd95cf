from django.conf import settings
from django.core.management.base import BaseCommand

from api.tokens import prune_calls


class Command(BaseCommand):
    help = "Deletes logged API calls older than API_CALL_LOG_DAYS days (run it daily from cron)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None, help="Keep this many days instead.")

    def handle(self, *args, days=None, **options):
        deleted = prune_calls(older_than_days=days)
        kept = settings.API_CALL_LOG_DAYS if days is None else days
        self.stdout.write(f"{deleted} API calls older than {kept} days deleted.")
