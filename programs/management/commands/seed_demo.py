from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from programs import demo


class Command(BaseCommand):
    help = "Loads West Azarbaijan demo data. Idempotent: a second run creates nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-users",
            action="store_true",
            help="Seed base data and reports but no demo logins (allowed with DEBUG off).",
        )

    def handle(self, *args, without_users=False, **options):
        if not without_users and not settings.DEBUG:
            raise CommandError(
                "Demo users (password reform1404) are created only with DEBUG on. "
                "Use --without-users to seed the data alone."
            )
        result = demo.seed(with_users=not without_users)
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(result.created.items())) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Created {summary}."))
