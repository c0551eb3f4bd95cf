"""Times the dashboards through Django's test client on the configured database.

Prints, for each page: p50 and p95 in milliseconds and the number of SQL queries, once
as the first request after a change to the data (figures computed) and once as a
repeated request (figures reused from the cache, dashboards/cache.py), and the ratio of
the latter to the "floor" page (/_floor/: login required, the base template, nothing
else) measured in the same run. Two users are used (created when missing, without a usable
password): a reviewer of one province and a national reviewer (no agency).
"""

import secrets
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from agencies.models import Agency, Province, User
from dashboards.models import DataVersion
from evaluations.models import EvaluationCycle
from programs.models import Assignment, Program, ProgressReport

PLAIN_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


class Command(BaseCommand):
    help = "Measures dashboard pages (p50, p95, queries) against a floor page on the configured database."

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30, help="Timed requests per page (default 30).")
        parser.add_argument("--warmup", type=int, default=3, help="Untimed requests per page first (default 3).")
        parser.add_argument("--province", help="Province code (default: the one with the most assignments).")
        parser.add_argument("--skip-pdf", action="store_true", help="Leave the PDF out (it is slow by nature).")

    def handle(self, *args, runs, warmup, province=None, skip_pdf=False, **options):
        # The rate limits are for people; the benchmark measures the pages.
        with override_settings(STORAGES=PLAIN_STATIC, DEBUG=False, ROOT_URLCONF="demo.urls", RATELIMIT_ENABLE=False):
            self._run(runs=runs, warmup=warmup, province_code=province, skip_pdf=skip_pdf)

    def _province(self, code):
        if code:
            try:
                return Province.objects.get(code=code)
            except Province.DoesNotExist:
                raise CommandError(f"No province with code {code}.") from None
        row = (
            Assignment.objects.values("agency__province_id")
            .annotate(n=Count("pk"))
            .order_by("-n", "agency__province_id")
            .first()
        )
        if row is None:
            raise CommandError("No assignments: seed data first (manage.py seed_demo [--scale national]).")
        return Province.objects.get(pk=row["agency__province_id"])

    def _users(self, province):
        office = (
            Agency.objects.filter(province=province, kind=Agency.Kind.IT_OFFICE).first()
            or Agency.objects.filter(province=province).first()
        )
        province_user, _ = User.objects.get_or_create(
            username=f"bench_{province.code.lower()}",
            defaults={"role": User.Role.IT_OFFICE_REVIEWER, "agency": office},
        )
        national_user, _ = User.objects.get_or_create(
            username="bench_national", defaults={"role": User.Role.GOVERNORATE_REVIEWER, "agency": None}
        )
        for user in (province_user, national_user):
            if user.has_usable_password():
                user.set_unusable_password()
                user.save(update_fields=["password"])
        return province_user, national_user

    def _measure(self, client: Client, url: str, runs: int, warmup: int, *, computed: bool) -> dict:
        """Timings of `url`; `computed`: as the first request after a change to the data
        (the data version is changed before each request, outside the timing), else as a
        repeated request that finds the page cached (dashboards/cache.py)."""
        for _ in range(warmup):
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise CommandError(f"{url} answered {response.status_code}.")
        timings = []
        queries = 0
        for _ in range(runs):
            if computed:
                DataVersion.objects.update(token=secrets.token_hex(16))
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(url, secure=True)
                timings.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
        return {
            "p50": statistics.median(timings),
            "p95": percentile(timings, 0.95),
            "queries": queries,
        }

    def _measure_job(self, user, kind: str, params: dict, runs: int) -> dict:
        """Timings of a job as the task worker runs it (without a broker, submit() runs it)."""
        from jobs.models import Job
        from jobs.services import submit

        timings, queries = [], 0
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                job = submit(user, kind, title="bench", params=params)
                timings.append((time.perf_counter() - started) * 1000)
            queries = len(captured)
            job.refresh_from_db()
            if job.state != Job.State.DONE:
                raise CommandError(f"{kind}: the job ended {job.state}: {job.error}")
            job.result.delete(save=False)
            job.delete()
        return {"p50": statistics.median(timings), "p95": percentile(timings, 0.95), "queries": queries}

    def _run(self, *, runs, warmup, province_code, skip_pdf):
        province = self._province(province_code)
        province_user, national_user = self._users(province)
        agency = (
            Agency.objects.filter(province=province, assignments__isnull=False, is_active=True).order_by("code").first()
        )
        program = Program.objects.filter(owner__kind=Agency.Kind.IT_OFFICE).order_by("number").first()
        in_province = Assignment.objects.filter(agency__province=province).count()
        self.stdout.write(
            f"Database: {connection.vendor} ({connection.settings_dict['NAME']}). "
            f"Provinces: {Province.objects.count()}, agencies: {Agency.objects.count()}, "
            f"assignments: {Assignment.objects.count()}, reports: {ProgressReport.objects.count()}."
        )
        self.stdout.write(
            f"Province measured: {province.code} ({in_province} assignments); "
            f"{runs} timed requests per page after {warmup} untimed.\n"
        )

        province_client = Client(SERVER_NAME="localhost")
        province_client.force_login(province_user)
        national_client = Client(SERVER_NAME="localhost")
        national_client.force_login(national_user)
        pages = [
            ("floor (/_floor/)", province_client, reverse("floor")),
            ("dashboard", province_client, reverse("dashboards:dashboard")),
            ("dashboard, IT office's 7", province_client, reverse("dashboards:dashboard") + "?scope=it_office"),
            ("program drill-down", province_client, reverse("dashboards:program", args=[program.pk])),
            ("agency drill-down", province_client, reverse("dashboards:agency", args=[agency.pk])),
            ("export ranking.xlsx", province_client, reverse("dashboards:export", args=["ranking", "xlsx"])),
            ("export heatmap.csv", province_client, reverse("dashboards:export", args=["heatmap", "csv"])),
        ]
        pages.append(("heatmap page", province_client, reverse("dashboards:heatmap")))
        jobs = []  # PDFs: prepared by the task worker (jobs/), timed as the worker runs them
        if not skip_pdf:
            jobs.append(("province-status.pdf (task)", province_user, "dashboards.province_status_pdf", {"query": {}}))
        cycle = (
            EvaluationCycle.objects.filter(province=province)
            .exclude(state__in=[EvaluationCycle.State.SELF_ASSESSMENT, EvaluationCycle.State.UNDER_EVALUATION])
            .order_by("-fiscal_year")
            .first()
        )
        if cycle is not None:  # the evaluation's pages (not cached: they read the kept scores)
            pages += [
                ("evaluation results", province_client, reverse("evaluations:results", args=[cycle.pk])),
                ("evaluation scorecard", province_client,
                 reverse("evaluations:scorecard", args=[cycle.pk, agency.pk])),
                ("evaluation workbook.xlsx", province_client, reverse("evaluations:workbook", args=[cycle.pk])),
                ("evaluation dossier.xlsx", province_client,
                 reverse("evaluations:dossier_xlsx", args=[cycle.pk, agency.pk])),
            ]  # fmt: skip
            if not skip_pdf:
                jobs.append(("evaluation dossier.pdf (task)", province_user, "evaluations.dossier_pdf",
                             {"cycle": cycle.pk, "agency": agency.pk}))  # fmt: skip
        if Province.objects.count() > 1:
            pages += [
                ("national: floor", national_client, reverse("floor")),
                ("national overview", national_client, reverse("dashboards:national")),
                ("national: one province", national_client,
                 reverse("dashboards:dashboard") + f"?province={province.pk}"),
                ("national export provinces.xlsx", national_client,
                 reverse("dashboards:export", args=["provinces", "xlsx"])),
            ]  # fmt: skip

        results = []
        floor = None
        for name, client, url in pages:
            is_floor = name.startswith("floor") or name == "national: floor"
            slow = "pdf" in name
            computed = self._measure(client, url, min(runs, 5) if slow else runs, 0 if slow else warmup, computed=True)
            cached = computed if is_floor else self._measure(client, url, runs, warmup, computed=False)
            if is_floor:
                floor = cached
            results.append((name, computed, cached, floor))
        for name, user, kind, params in jobs:
            timed = self._measure_job(user, kind, params, min(runs, 5))
            results.append((name, timed, timed, floor))
        self.stdout.write(
            "Computed: the first request after a change to the data. Cached: a repeated request "
            "(the page's figures reused under the same data version)."
            + (" A PDF (task): the task worker's run of the job, 5 times, computed and cached alike." if jobs else "")
            + "\n"
        )
        self.stdout.write(
            f"| {'page':<32} | {'computed p50':>12} | {'p95':>7} | {'queries':>7} "
            f"| {'cached p50':>10} | {'p95':>7} | {'queries':>7} | {'cached × floor':>14} |"
        )
        self.stdout.write(
            f"|{'-' * 34}|{'-' * 13}:|{'-' * 8}:|{'-' * 8}:|{'-' * 11}:|{'-' * 8}:|{'-' * 8}:|{'-' * 15}:|"
        )
        for name, computed, cached, floor_result in results:
            ratio = cached["p50"] / floor_result["p50"] if floor_result and floor_result["p50"] else 0
            self.stdout.write(
                f"| {name:<32} | {computed['p50']:>12.1f} | {computed['p95']:>7.1f} | {computed['queries']:>7} "
                f"| {cached['p50']:>10.1f} | {cached['p95']:>7.1f} | {cached['queries']:>7} | {ratio:>13.1f}× |"
            )
