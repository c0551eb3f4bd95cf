"""Times an agency import through the admin on the configured database (`make bench-import`).

Builds a CSV or XLSX file of ``--rows`` new agencies (default 10,000: the default
IMPORT_MAX_ROWS) in a new province with 20 counties, then, as a superuser through Django's
test client, posts it to the admin's import page (the preview: a dry run, rendered with
every row) and confirms it (the import proper); then previews and confirms the same file
again, when every row is stored and unchanged. Prints each step's seconds and SQL queries.

The whole run is one transaction, rolled back at the end: nothing it creates (province,
counties, agencies, audit log, its user) is left behind. The confirmation therefore ends
in a savepoint, not a commit; a commit adds one fsync. docs/benchmarks.md has the figures.
"""

import csv
import io
import re
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import reverse

from agencies.models import Agency, County, Province, User

PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
HEADERS = ["code", "name_fa", "name_en", "province", "county", "kind", "group", "is_active"]
GROUPS = [choice for choice, _label in Agency.Group.choices]


class _Rollback(Exception):
    pass


def agency_rows(rows: int, province: str, counties: list[str]) -> list[list[str]]:
    return [
        [f"BENCH-{number:05d}", f"اداره کل آزمایشی شماره {number}", f"Bench agency {number}", province,
         counties[number % len(counties)], "executive", GROUPS[number % len(GROUPS)], "1"]
        for number in range(rows)
    ]  # fmt: skip


def csv_file(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def xlsx_file(rows: list[list[str]]) -> bytes:
    """A normal (not write-only) workbook: the sheet declares its size, as spreadsheet programs write it."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def confirm_fields(preview) -> dict:
    """The hidden fields of the preview's confirmation form (the test client keeps no context here)."""
    page = preview.content.decode()
    form = re.search(r"<form[^>]*process_import.*?</form>", page, re.S)
    if preview.status_code != 200 or form is None:
        raise CommandError("The preview offered no confirmation: the file has errors.")
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(0)))


class Command(BaseCommand):
    help = "Times the admin's preview and confirmation of an agency import (rolled back afterwards)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000, help="Agencies in the file (default 10,000).")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv", help="File format (default csv).")

    def handle(self, *args, rows, format, **options):
        # The confirmation of a large file is a job of the task worker (jobs/admin_imports.py),
        # which runs the same import; here it runs in the request, inside the rolled-back
        # transaction, to time that work.
        with override_settings(STORAGES=PLAIN_STATIC, DEBUG=False, IMPORT_JOB_ROWS=10**9):
            try:
                with transaction.atomic():
                    self._run(rows, format)
                    raise _Rollback
            except _Rollback:
                pass

    def _run(self, rows: int, fmt: str):
        province = Province.objects.create(code="BENCH-P", name_fa="استان آزمایشی")
        counties = [
            County.objects.create(province=province, code=f"BENCH-C{number}", name_fa=f"شهرستان {number}").code
            for number in range(20)
        ]
        user = User.objects.create(username="bench_import", is_staff=True, is_superuser=True)
        client = Client(SERVER_NAME="localhost")
        client.force_login(user)
        data = agency_rows(rows, province.code, counties)
        content = csv_file(data) if fmt == "csv" else xlsx_file(data)
        format_index = "0" if fmt == "csv" else "1"
        self.stdout.write(
            f"Database: {connection.vendor} ({connection.settings_dict['NAME']}). "
            f"File: {rows:,} agencies, {fmt.upper()}, {len(content) / 1024:,.0f} KiB."
        )
        self.stdout.write(f"| {'step':<34} | {'seconds':>7} | {'queries':>7} |")
        self.stdout.write(f"|{'-' * 36}|{'-' * 8}:|{'-' * 8}:|")
        for label in ("new agencies", "the same file again"):
            upload = SimpleUploadedFile(f"agencies.{fmt}", content)
            preview, seconds, queries = self._timed(
                client, reverse("admin:agencies_agency_import"), {"import_file": upload, "format": format_index}
            )
            self._row(f"preview, {label}", seconds, queries)
            confirm = confirm_fields(preview)
            response, seconds, queries = self._timed(client, reverse("admin:agencies_agency_process_import"), confirm)
            self._row(f"confirm, {label}", seconds, queries)
            if response.status_code != 302:
                raise CommandError(f"The confirmation answered {response.status_code}.")
        if Agency.objects.filter(code__startswith="BENCH-").count() != rows:
            raise CommandError("The import did not create every agency.")

    def _timed(self, client: Client, url: str, data: dict):
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *args: queries.append(1) or execute(sql, *args)):
            started = time.perf_counter()
            response = client.post(url, data, secure=True)
            seconds = time.perf_counter() - started
        return response, seconds, len(queries)

    def _row(self, label: str, seconds: float, queries: int):
        self.stdout.write(f"| {label:<34} | {seconds:>7.1f} | {queries:>7,} |")
