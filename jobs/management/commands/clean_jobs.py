from django.core.management.base import BaseCommand

from jobs import services


class Command(BaseCommand):
    help = "Deletes background jobs and their files: a day after the first download, or JOB_KEEP_DAYS after asking."

    def handle(self, *args, **options):
        count = services.clean()
        self.stdout.write(f"{count} job(s) deleted")
