"""Indicator targets (and indicators) imported from XLSX/CSV with the admin's preview: a dry
run first, then the confirmation; bad rows write nothing; importing again changes nothing."""

import io
from decimal import Decimal

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from programs.models import IndicatorTarget
from programs.resources import IndicatorTargetResource
from tests import factories

pytestmark = pytest.mark.django_db

HEADERS = ["indicator", "fiscal_year", "quarter", "agency", "agency_group", "target"]


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _run(rows, *, dry_run=False):
    dataset = tablib.Dataset(*rows, headers=HEADERS)
    return IndicatorTargetResource().import_data(
        dataset, dry_run=dry_run, raise_errors=False, use_transactions=True, rollback_on_validation_errors=True
    )


ROWS = [
    ["I1", "۱۴۰۳", "", "", "", "۱۰۰"],  # the program's default for the year
    ["I1", "1403", "", "", "تولیدی", "80"],  # the production group's (by its Persian label)
    ["I1", "1403", "", "EV-A", "", "120"],  # agency A's own
    ["I1", "1403", "2", "", "", "50"],  # the second quarter's default
]


def test_targets_import_with_a_preview_and_again_change_nothing(world):
    IndicatorTarget.objects.all().delete()
    preview = _run(ROWS, dry_run=True)
    assert not preview.has_errors() and not preview.has_validation_errors()
    assert not IndicatorTarget.objects.exists()  # a preview writes nothing
    result = _run(ROWS)
    assert result.totals["new"] == 4
    stored = {(t.quarter, t.agency_id, t.agency_group): t.value for t in IndicatorTarget.objects.all()}
    assert stored == {
        (0, None, ""): Decimal(100), (0, None, "production"): Decimal(80), (0, world.a.pk, ""): Decimal(120),
        (2, None, ""): Decimal(50),
    }  # fmt: skip
    again = _run(ROWS)
    assert (again.totals["new"], again.totals["update"]) == (0, 0)
    changed = [row[:] for row in ROWS]
    changed[0][5] = "110"
    assert _run(changed).totals["update"] == 1
    assert IndicatorTarget.objects.get(agency=None, agency_group="", quarter=0).value == Decimal(110)


def test_bad_target_rows_are_reported_and_nothing_is_written(world):
    IndicatorTarget.objects.all().delete()
    rows = [
        ROWS[0],
        ["NOPE", "1403", "", "", "", "10"],  # unknown indicator
        ["I1", "1403", "", "EV-A", "production", "10"],  # an agency and a group
        ["I1", "1403", "", "", "", "20"],  # the same key as the first row
    ]
    result = _run(rows)
    assert result.has_validation_errors()
    messages = " ".join(str(error.error) for error in result.invalid_rows)
    assert "NOPE" in messages
    assert not IndicatorTarget.objects.exists()


def test_the_admin_previews_then_confirms(client, world):
    IndicatorTarget.objects.all().delete()
    client.force_login(factories.UserFactory(username="ev_root", is_staff=True, is_superuser=True))
    upload = SimpleUploadedFile("targets.xlsx", _xlsx(ROWS))
    response = client.post(reverse("admin:programs_indicatortarget_import"), {"import_file": upload, "format": "1"})
    assert response.status_code == 200
    assert not IndicatorTarget.objects.exists()
    response = client.post(
        reverse("admin:programs_indicatortarget_process_import"), response.context["confirm_form"].initial
    )
    assert response.status_code == 302
    assert IndicatorTarget.objects.count() == 4
