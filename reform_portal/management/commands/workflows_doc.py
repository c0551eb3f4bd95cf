from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from reform_portal.review.docs import render


class Command(BaseCommand):
    help = "Writes docs/workflows.md from the review engine's tables."

    def handle(self, *args, **options):
        path = Path(settings.BASE_DIR) / "docs" / "workflows.md"
        path.write_text(render(), encoding="utf-8")
        self.stdout.write(f"Wrote {path}")
