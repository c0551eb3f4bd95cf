"""Deadline week on the loopback: gunicorn (5 workers × 2 threads, Redis cache) under Locust.

Writers submit new progress reports of the current period through the report form (each a
report no one had written: create, save and submit, the real form's transaction); readers
are IT office reviewers of the provinces with the most agencies, reading their province
dashboard. Three bounded runs, one after the other, on the configured PostgreSQL database:

1. writers and readers together;
2. the same writers with the dashboards switched off (no readers), for the write throughput
   the readers may not cut by more than a tenth;
3. readers alone (no writes), for the cached dashboard.

The reports the runs submit, and the users and sessions made for them, are deleted at the
end, so the data set is as it was. Use a benchmark database (docs/benchmarks.md).
"""

import csv
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, OuterRef, ProtectedError
from django.test import override_settings
from django.urls import reverse

from agencies.models import Agency, User
from programs.models import Assignment, IndicatorValue, ProgressReport, ReportEvent
from programs.selectors import current_period

USER_PREFIX = "loadtest-"
LOCUSTFILE = Path(__file__).resolve().parents[2] / "loadtest" / "locustfile.py"


class Command(BaseCommand):
    help = "Writers and dashboard readers on gunicorn, measured with Locust (PostgreSQL and Redis)."

    def add_arguments(self, parser):
        parser.add_argument("--writers", type=int, default=16)
        parser.add_argument("--readers", type=int, default=4)
        parser.add_argument("--seconds", type=int, default=30, help="Length of each run (default 30).")
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (default 5, 2 threads each).")
        parser.add_argument("--cache-url", default="redis://127.0.0.1:6379/7")

    def handle(self, *args, writers, readers, seconds, port, workers, cache_url, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The load test needs PostgreSQL (DATABASE_URL=postgres://…).")
        if shutil.which("locust", path=str(Path(sys.executable).parent)) is None:
            raise CommandError("Locust is not installed: pip install -r requirements-bench.txt (make loadtest does).")
        self.session_keys = []
        period = current_period()
        if period is None:
            raise CommandError("No reporting period has opened: seed the data set first.")
        started = time.time()
        origin = f"http://127.0.0.1:{port}"
        # the sessions are signed with the key the server will check them with
        secret_key = os.environ.get("SECRET_KEY") or "loadtest-" + os.urandom(24).hex()
        with tempfile.TemporaryDirectory() as work, override_settings(SECRET_KEY=secret_key):
            plan_path = Path(work) / "plan.json"
            plan_path.write_text(json.dumps({"origin": origin, **self._plan(period, readers)}), encoding="utf-8")
            server = self._gunicorn(port, workers, cache_url, secret_key, Path(work))
            try:
                runs = [("writers + readers", writers, readers), ("writers, no dashboards", writers, 0),
                        ("readers, no writes", 0, readers)]  # fmt: skip
                rows = [
                    self._run(name, plan_path, origin, seconds, run_writers, run_readers, Path(work), index, len(runs))
                    for index, (name, run_writers, run_readers) in enumerate(runs)
                ]
            finally:
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)
                self._clean_up(period)
        self._print(rows, writers, readers, seconds, workers, time.time() - started)

    # --- preparation -------------------------------------------------------------------

    def _plan(self, period, readers: int) -> dict:
        """New reports to submit (assignments of the period without one, spread over the
        country), each with a session of a user of its agency; sessions of the readers."""
        unreported = (
            Assignment.objects.filter(is_active=True, agency__is_active=True)
            .exclude(Exists(ProgressReport.objects.filter(assignment=OuterRef("pk"), period=period)))
            .values_list("pk", "agency_id")
        )
        jobs = list(unreported)
        if len(jobs) < 500:
            raise CommandError(f"Only {len(jobs)} assignments have no report of {period}: re-seed the data set.")
        random.Random(1405).shuffle(jobs)
        sessions = {}
        for agency_id in {agency_id for _pk, agency_id in jobs}:
            user = self._user(f"{USER_PREFIX}{agency_id}", User.Role.AGENCY_STAFF, agency_id)
            sessions[agency_id] = self._session(user)
        busiest = (
            Agency.objects.filter(kind=Agency.Kind.EXECUTIVE)
            .values("province_id")
            .annotate(agencies=Count("pk"))
            .order_by("-agencies", "province_id")[:max(readers, 1)]
        )  # fmt: skip
        reader_sessions = []
        for row in busiest:
            office = Agency.objects.filter(province_id=row["province_id"], kind=Agency.Kind.IT_OFFICE).first()
            if office is not None:
                username = f"{USER_PREFIX}reviewer-{office.province_id}"
                user = self._user(username, User.Role.IT_OFFICE_REVIEWER, office.pk)
                reader_sessions.append(self._session(user))
        return {
            "jobs": [
                {
                    "url": reverse("programs:report_start", args=[pk, period.pk]),
                    "session": sessions[agency_id],
                    "percent": 10 + (index % 80),
                }
                for index, (pk, agency_id) in enumerate(jobs)
            ],
            "readers": reader_sessions,
        }

    @staticmethod
    def _user(username: str, role: str, agency_id: int) -> User:
        user, _created = User.objects.get_or_create(
            username=username, defaults={"role": role, "agency_id": agency_id, "email": f"{username}@loadtest.invalid"}
        )
        if user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    def _session(self, user: User) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        self.session_keys.append(session.session_key)
        return session.session_key

    def _gunicorn(self, port: int, workers: int, cache_url: str, secret_key: str, work: Path) -> subprocess.Popen:
        static_root = work / "static"
        env = {
            **os.environ,
            "DEBUG": "false",
            "SECRET_KEY": secret_key,
            "ALLOWED_HOSTS": "127.0.0.1",
            "CACHE_URL": cache_url,
            "STATIC_ROOT": str(static_root),
            "SECURE_COOKIES": "false",
            "SECURE_SSL_REDIRECT": "false",
            "OTP_ENFORCED": "false",
            "RATELIMIT_ENABLE": "false",
            "CELERY_BROKER_URL": "",
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_THREADS": "2",
        }
        self.stdout.write("Collecting static files and starting gunicorn…")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=settings.BASE_DIR, env=env, check=True,
        )  # fmt: skip
        log = open(work / "gunicorn.log", "w")  # noqa: SIM115 (closed with the directory)
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null",
             "reform_portal.wsgi"],
            cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        for _attempt in range(120):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                    return server
            except OSError:
                if server.poll() is not None:
                    break
                time.sleep(0.5)
        server.kill()
        raise CommandError("gunicorn did not start:\n" + (work / "gunicorn.log").read_text()[-3000:])

    # --- runs --------------------------------------------------------------------------

    def _run(self, name, plan_path, origin, seconds, writers, readers, work: Path, index: int, runs: int) -> dict:
        self.stdout.write(f"Run «{name}»: {writers} writers, {readers} readers, {seconds} s…")
        prefix = work / name.replace(" ", "_").replace(",", "").replace("+", "and")
        classes = [*(["Writer"] if writers else []), *(["Reader"] if readers else [])]
        env = {**os.environ, "LOADTEST_PLAN": str(plan_path), "LOADTEST_WRITERS": str(writers),
               "LOADTEST_READERS": str(readers), "LOADTEST_RUN": str(index), "LOADTEST_RUNS": str(runs)}  # fmt: skip
        subprocess.run(
            [str(Path(sys.executable).parent / "locust"), "-f", str(LOCUSTFILE), "--headless", "--only-summary",
             "--users", str(writers + readers), "--spawn-rate", str(writers + readers), "--run-time", f"{seconds}s",
             "--host", origin, "--csv", str(prefix), "--loglevel", "WARNING", *classes],
            env=env, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        stats = {}
        with open(f"{prefix}_stats.csv", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                stats[row["Name"]] = row
        failures = Path(f"{prefix}_failures.csv")
        if failures.exists():
            with failures.open(encoding="utf-8") as handle:
                for row in list(csv.DictReader(handle))[:3]:
                    self.stderr.write(f"  failed {row['Occurrences']}×: {row['Name']}: {row['Error'][:300]}")
        return {"name": name, "seconds": seconds, "stats": stats}

    def _clean_up(self, period) -> None:
        """Deletes the reports the writers submitted (with their events), and the load test's
        users and sessions; what cannot be deleted is left in place and said."""
        users = User.objects.filter(username__startswith=USER_PREFIX)
        written = ProgressReport.objects.filter(period=period, events__actor__in=users)
        reports = list(written.values_list("pk", flat=True).distinct())
        try:
            with transaction.atomic():
                ReportEvent.objects.filter(report_id__in=reports).delete()
                IndicatorValue.objects.filter(report_id__in=reports).delete()
                ProgressReport.objects.filter(pk__in=reports).delete()
                Session.objects.filter(session_key__in=self.session_keys).delete()
                users.delete()
        except (DatabaseError, ProtectedError) as error:
            self.stderr.write(f"The {len(reports)} submitted reports and the load test's users were kept: {error}")
        else:
            self.stdout.write(f"Deleted the {len(reports)} reports the writers submitted, and the load test's users.")

    # --- report ------------------------------------------------------------------------

    def _print(self, rows, writers, readers, seconds, workers, elapsed) -> None:
        def figure(stats, name, column):
            row = stats.get(name)
            if not row or row.get(column) in (None, "", "N/A"):
                return "—"
            return f"{float(row[column]):.1f}" if column == "Requests/s" else row[column]

        self.stdout.write("")
        self.stdout.write(
            f"{'run':<26}{'submits/s':>10}{'submit p50':>11}{'submit p95':>11}{'failed':>8}"
            f"{'dashboard/s':>12}{'dash p50':>9}{'dash p95':>9}"
        )
        for row in rows:
            stats = row["stats"]
            self.stdout.write(
                f"{row['name']:<26}{figure(stats, 'submit report', 'Requests/s'):>10}"
                f"{figure(stats, 'submit report', '50%'):>11}{figure(stats, 'submit report', '95%'):>11}"
                f"{figure(stats, 'Aggregated', 'Failure Count'):>8}"
                f"{figure(stats, 'dashboard', 'Requests/s'):>12}{figure(stats, 'dashboard', '50%'):>9}"
                f"{figure(stats, 'dashboard', '95%'):>9}"
            )
        self.stdout.write(
            f"(ms; gunicorn {workers} workers × 2 threads, {writers} writers, {readers} readers, {seconds} s per run; "
            f"{elapsed:.0f} s in all)"
        )
