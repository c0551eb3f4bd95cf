"""Heavy work goes to the task queue (issue 19): asked for, run with retries, handed over once,
forgotten later; a job is its asker's alone."""

import datetime
import os

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import get_commands
from django.urls import reverse
from django.utils import timezone

from jobs import registry, services
from jobs.models import Job
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def flaky():
    """A kind of job that fails its first `failures` attempts."""
    calls = {"count": 0, "failures": 0}

    def build(job, progress):
        calls["count"] += 1
        progress(50)
        if calls["count"] <= calls["failures"]:
            raise RuntimeError("the printer caught fire")
        return registry.Result(b"a,b\n1,2\n", "figures.csv", "text/csv")

    registry.register("test.flaky", build)
    return calls


def _ask(user, django_capture_on_commit_callbacks) -> Job:
    with django_capture_on_commit_callbacks(execute=True):
        job = services.submit(user, "test.flaky", title="ارقام", params={})
    job.refresh_from_db()
    return job


def test_a_job_is_retried_until_it_works(flaky, settings, django_capture_on_commit_callbacks):
    settings.JOB_MAX_ATTEMPTS = 3
    flaky["failures"] = 2
    job = _ask(factories.UserFactory(), django_capture_on_commit_callbacks)
    assert (job.state, job.attempts, job.progress, job.error) == ("done", 3, 100, "")
    assert job.result.read() == b"a,b\n1,2\n" and job.result_name == "figures.csv"


def test_a_job_that_keeps_failing_says_so_in_persian(client, flaky, settings, django_capture_on_commit_callbacks):
    settings.JOB_MAX_ATTEMPTS = 2
    flaky["failures"] = 5
    user = factories.UserFactory()
    job = _ask(user, django_capture_on_commit_callbacks)
    assert (job.state, job.attempts, flaky["count"]) == ("failed", 2, 2)
    assert "printer caught fire" in job.error
    client.force_login(user)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "حتی پس از چند بار تلاش" in page and "printer" not in page
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404


def test_progress_is_shown_and_the_file_handed_over_to_its_asker_only(client, flaky):
    user, other = factories.UserFactory(), factories.UserFactory()
    job = services.submit(user, "test.flaky", title="ارقام", params={})  # queued: no commit in this test
    client.force_login(user)
    Job.objects.filter(pk=job.pk).update(state="running", progress=45)
    status = client.get(reverse("jobs:status", args=[job.pk])).json()
    assert status == {
        "state": "running", "state_label": "در حال آماده‌سازی", "progress": 45, "progress_label": "۴۵٪",
        "finished": False,
    }  # fmt: skip
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-progress" max="100" value="45"' in page and "js/jobs.js" in page
    services.run(job.pk)
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'id="job-download"' in page and "js/jobs.js" not in page
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"a,b\n1,2\n"
    assert download["Content-Disposition"].startswith("attachment")
    job.refresh_from_db()
    assert job.fetched_at is not None
    client.force_login(other)
    for name in ("jobs:detail", "jobs:status", "jobs:download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404


def test_clean_jobs_forgets_fetched_and_stale_files(settings):
    settings.JOB_KEEP_DAYS = 7
    now = timezone.now()
    user = factories.UserFactory()

    def job(**times):
        made = Job.objects.create(user=user, kind="test", title="t", state="done")
        made.result.save("x.csv", ContentFile(b"1"), save=True)
        Job.objects.filter(pk=made.pk).update(**times)
        return made

    fetched_long_ago = job(fetched_at=now - datetime.timedelta(days=2))
    stale = job(created_at=now - datetime.timedelta(days=8))
    fresh = job(fetched_at=now - datetime.timedelta(hours=2))
    waiting = job()
    paths = [fetched_long_ago.result.path, stale.result.path]
    assert services.clean(now) == 2
    assert set(Job.objects.values_list("pk", flat=True)) == {fresh.pk, waiting.pk}
    assert not any(os.path.exists(path) for path in paths)


def test_the_pdf_job_checks_the_askers_rights_again_when_it_runs(django_capture_on_commit_callbacks):
    from dashboards import jobs as dashboard_jobs

    user = factories.UserFactory(role="it_office_reviewer", agency=factories.AgencyFactory(kind="it_office"))
    job = services.submit(user, dashboard_jobs.PROVINCE_STATUS_PDF, title="PDF", params={"query": {}})
    user.role = "agency_staff"
    user.save()
    with pytest.raises(PermissionDenied):
        dashboard_jobs.province_status_pdf(job, lambda percent: None)


def test_every_scheduled_command_exists(settings):
    commands = get_commands()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] == "jobs.tasks.run_command"
        assert entry["args"][0] in commands
