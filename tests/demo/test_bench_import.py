"""`manage.py bench_import` runs the admin's preview and confirmation and leaves nothing behind."""

import io

import pytest
from django.core.management import call_command

from agencies.models import Agency, Province, User

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_bench_import_prints_the_four_steps_and_rolls_back(fmt):
    out = io.StringIO()
    call_command("bench_import", rows=30, format=fmt, stdout=out)
    lines = out.getvalue().splitlines()
    steps = [line.split("|")[1].strip() for line in lines if line.startswith("| ") and "seconds" not in line]
    assert steps == ["preview, new agencies", "confirm, new agencies", "preview, the same file again",
                     "confirm, the same file again"]  # fmt: skip
    assert not Agency.objects.exists() and not Province.objects.exists() and not User.objects.exists()
