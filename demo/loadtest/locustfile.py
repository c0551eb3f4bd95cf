"""The deadline-week load of issue 19, for `manage.py loadtest` (which prepares the plan and
starts gunicorn): writers submit new progress reports through the report form, readers
(reviewers of several provinces) read the province dashboard. Not for use on its own."""

import itertools
import json
import os
import re
import threading
from pathlib import Path

from locust import HttpUser, constant, task
from locust.exception import StopUser

PLAN = json.loads(Path(os.environ["LOADTEST_PLAN"]).read_text(encoding="utf-8"))
# each run (a new locust process) takes its own share of the reports to submit
_jobs = iter(PLAN["jobs"][int(os.environ.get("LOADTEST_RUN", "0")) :: int(os.environ.get("LOADTEST_RUNS", "1"))])
_jobs_lock = threading.Lock()
_readers = itertools.cycle(PLAN["readers"])
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
INDICATOR_INPUT = re.compile(r'<input[^>]*name="(indicator_\d+_(?:value|numerator|denominator))"')
INDICATOR_SELECT = re.compile(r'<select[^>]*name="(indicator_\d+_value)"[^>]*>(.*?)</select>', re.S)
OPTION = re.compile(r'<option value="([^"]+)"')


def next_job():
    with _jobs_lock:
        return next(_jobs, None)


def indicator_values(page: str) -> dict[str, str]:
    """What a staff member types for the program's indicators: a value of 1 (of 2 for a
    ratio), the first level or «yes» of a choice."""
    values = {}
    for name in INDICATOR_INPUT.findall(page):
        values[name] = "2" if name.endswith("_denominator") else "1"
    for name, options in INDICATOR_SELECT.findall(page):
        choices = OPTION.findall(options)
        if choices:
            values[name] = choices[0]
    return values


class Writer(HttpUser):
    """An agency's staff member submitting a report of the current period (a new one each time)."""

    fixed_count = int(os.environ.get("LOADTEST_WRITERS", "16"))
    wait_time = constant(0)

    @task
    def submit(self):
        job = next_job()
        if job is None:
            raise StopUser
        self.client.cookies.clear()
        self.client.cookies.set("sessionid", job["session"])
        with self.client.get(job["url"], name="report form", allow_redirects=False, catch_response=True) as form:
            token = CSRF.search(form.text)
            if form.status_code != 200 or token is None:
                form.failure(f"no report form: {form.status_code}")
                return
        data = {
            "csrfmiddlewaretoken": token.group(1),
            "percent": str(job["percent"]),
            "status": "on_track",
            "work_done": "گزارش آزمون بار",
            "decrease_reason": "آزمون بار",
            "submit": "1",
            **indicator_values(form.text),
        }
        headers = {"Referer": PLAN["origin"] + job["url"]}
        with self.client.post(
            job["url"], data=data, headers=headers, name="submit report", allow_redirects=False, catch_response=True
        ) as answer:
            if answer.status_code != 302 or "/reports/" not in answer.headers.get("Location", ""):
                message = re.search(r'class="invalid-feedback[^>]*>([^<]+)', answer.text)
                answer.failure(f"not submitted: {answer.status_code} {message.group(1) if message else ''}")


class Reader(HttpUser):
    """A reviewer reading their province's dashboard."""

    fixed_count = int(os.environ.get("LOADTEST_READERS", "4"))
    wait_time = constant(0)

    def on_start(self):
        self.client.cookies.set("sessionid", next(_readers))

    @task
    def dashboard(self):
        with self.client.get("/dashboard/", name="dashboard", allow_redirects=False, catch_response=True) as page:
            if page.status_code != 200:
                page.failure(f"no dashboard: {page.status_code}")
