from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import channels, circulars, evaluation, opendata, province


class Command(BaseCommand):
    help = "Loads West Azarbaijan demo data. Idempotent: a second run creates nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--without-users",
            action="store_true",
            help="Seed base data and reports but no demo logins (allowed with DEBUG off).",
        )
        parser.add_argument(
            "--scale",
            choices=["province", "national"],
            default="province",
            help="province (default): West Azarbaijan demo data; national: about a million reports "
            "for benchmarks (demo/national.py, no logins).",
        )

    def handle(self, *args, without_users=False, scale="province", **options):
        if scale == "national":
            from demo import national, national_evaluation

            counts = national.seed(stdout=self.stdout)
            counts |= national_evaluation.seed(stdout=self.stdout)
            summary = ", ".join(f"{name}: {count}" for name, count in counts.items()) or "nothing (already there)"
            self.stdout.write(self.style.SUCCESS(f"National data ready. Created {summary}."))
            return
        if not without_users and not settings.DEBUG:
            raise CommandError(
                "Demo users (password reform1404) are created only with DEBUG on. "
                "Use --without-users to seed the data alone."
            )
        result = province.seed(with_users=not without_users)
        circulars.seed(result=result)
        channels.seed(result=result)
        evaluation.seed(result=result)
        opendata.seed(result=result)
        summary = ", ".join(f"{name}: {count}" for name, count in sorted(result.created.items())) or "nothing"
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. Created {summary}."))
