"""Asking for a job, running one attempt of it, handing its file over, and forgetting it."""

import datetime
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation

from jobs.models import Job
from jobs.registry import builder_for

logger = logging.getLogger(__name__)


def submit(user, kind: str, *, title: str, params: dict) -> Job:
    """Queues a job for `user`; the task worker starts it once this transaction has committed
    (without a broker, CELERY_TASK_ALWAYS_EAGER runs it in-process right then)."""
    from jobs.tasks import run_job

    job = Job.objects.create(
        user=user, kind=kind, title=title, params=params,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )  # fmt: skip
    transaction.on_commit(lambda: run_job.delay(str(job.pk)))
    return job


def request_page(request, *, title: str, explanation: str, back_url: str):
    """The page that asks for a job: its button POSTs back to the same address."""
    from django.shortcuts import render

    return render(request, "jobs/request.html", {"title": title, "explanation": explanation, "back_url": back_url})


def _record_progress(job_id) -> Callable[[float], None]:
    def progress(percent: float) -> None:
        Job.objects.filter(pk=job_id, state=Job.State.RUNNING).update(progress=max(0, min(99, int(percent))))

    return progress


def run(job_id: str) -> None:
    """One attempt. Raises when the work fails, so that the task queue tries again."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        if job.is_finished:
            return
        job.state, job.attempts, job.started_at, job.progress = Job.State.RUNNING, job.attempts + 1, timezone.now(), 0
        job.save(update_fields=["state", "attempts", "started_at", "progress"])
    with translation.override(job.language):
        result = builder_for(job.kind)(job, _record_progress(job.pk))
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        job.result.save(result.filename, ContentFile(result.content), save=False)
        job.result_name, job.result_type = result.filename, result.content_type
        job.state, job.progress, job.finished_at, job.error = Job.State.DONE, 100, timezone.now(), ""
        job.save()


def fail(job_id: str, error: BaseException) -> None:
    """The last attempt failed: the user is told so; the error is kept for the administrator."""
    logger.error("job %s failed for good: %r", job_id, error)
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job_id)
        job.state, job.finished_at, job.error = Job.State.FAILED, timezone.now(), repr(error)[:2000]
        job.save(update_fields=["state", "finished_at", "error"])


def record_fetch(job: Job) -> None:
    """The first download starts the short keeping time of a fetched file (clean_jobs)."""
    if job.fetched_at is None:
        Job.objects.filter(pk=job.pk, fetched_at__isnull=True).update(fetched_at=timezone.now())


def clean(now: datetime.datetime | None = None) -> int:
    """Deletes jobs, and their files, fetched a day ago or asked for JOB_KEEP_DAYS ago."""
    now = now or timezone.now()
    old = Job.objects.filter(fetched_at__lt=now - datetime.timedelta(days=1)) | Job.objects.filter(
        created_at__lt=now - datetime.timedelta(days=settings.JOB_KEEP_DAYS)
    )
    count = 0
    for job in old:
        if job.result:
            job.result.delete(save=False)
        job.delete()
        count += 1
    return count
