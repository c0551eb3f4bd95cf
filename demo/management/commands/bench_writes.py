"""The write-contention probe of issue 19, with pgbench on the configured PostgreSQL database.

Each pgbench client runs, in one transaction, an update of a random progress report and 5 ms
of work (pg_sleep), the shape of a report submission whose transaction outlives its first
write. The probe runs twice in one go: with the dashboards' data-version triggers
(dashboards/cache.py), then with them dropped; it reinstalls them before it ends, even when
interrupted, and prints transactions per second for both and their ratio.

The triggers are dropped on the whole database while the second run lasts: use a benchmark
database (docs/benchmarks.md), never one people are using.
"""

import re
import shutil
import subprocess
import tempfile

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Max, Min

from dashboards.cache import drop_triggers, install_triggers
from programs.models import ProgressReport

SCRIPT = """\\set id random({low}, {high})
BEGIN;
UPDATE programs_progressreport SET percent = percent WHERE id = :id;
SELECT pg_sleep({work});
END;
"""


class Command(BaseCommand):
    help = "pgbench: report updates with and without the dashboards' data-version triggers (PostgreSQL only)."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=16, help="Concurrent clients (default 16).")
        parser.add_argument("--seconds", type=int, default=20, help="Length of each run (default 20).")
        parser.add_argument("--work-ms", type=float, default=5, help="Work inside each transaction (default 5 ms).")

    def handle(self, *args, clients, seconds, work_ms, **options):
        if connection.vendor != "postgresql":
            raise CommandError("The probe needs PostgreSQL (DATABASE_URL=postgres://…).")
        pgbench = shutil.which("pgbench")
        if pgbench is None:
            raise CommandError("pgbench is not installed (Debian: postgresql-client).")
        bounds = ProgressReport.objects.aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["low"] is None:
            raise CommandError("No progress reports: seed the data set first (seed_demo --scale national).")
        with tempfile.NamedTemporaryFile("w", suffix=".sql") as script:
            script.write(SCRIPT.format(low=bounds["low"], high=bounds["high"], work=work_ms / 1000))
            script.flush()
            command = [pgbench, "-n", "-c", str(clients), "-j", str(min(clients, 4)), "-T", str(seconds),
                       "-f", script.name, *self._connection_args()]  # fmt: skip
            with_triggers = self._tps(command)
            try:
                drop_triggers()
                without = self._tps(command)
            finally:
                install_triggers()
        ratio = with_triggers / without if without else 0
        self.stdout.write(f"{'run':<22}{'tps':>10}")
        self.stdout.write(f"{'with triggers':<22}{with_triggers:>10.0f}")
        self.stdout.write(f"{'without triggers':<22}{without:>10.0f}")
        self.stdout.write(f"{'ratio':<22}{ratio:>10.2f}   (goal ≥ 0.80; {clients} clients, {seconds} s, {work_ms} ms)")

    @staticmethod
    def _connection_args() -> list[str]:
        settings = connection.settings_dict
        args = ["-d", settings["NAME"]]
        for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
            if settings.get(key):
                args += [flag, str(settings[key])]
        return args

    @staticmethod
    def _tps(command: list[str]) -> float:
        env = {"PATH": "/usr/bin:/bin"}
        if connection.settings_dict.get("PASSWORD"):
            env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
        found = re.search(r"tps = ([\d.]+)", done.stdout)
        if done.returncode != 0 or found is None:
            raise CommandError(f"pgbench failed:\n{done.stdout}\n{done.stderr}")
        return float(found.group(1))
