"""Celery tasks: the jobs users ask for, and the periodic work (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task
from django.conf import settings
from django.core.management import call_command

from jobs import services


@shared_task(bind=True, acks_late=True, max_retries=None)
def run_job(self, job_id: str) -> None:
    """Tries a job JOB_MAX_ATTEMPTS times, waiting longer after each failure."""
    try:
        services.run(job_id)
    except Exception as error:
        if self.request.retries + 1 >= settings.JOB_MAX_ATTEMPTS:
            services.fail(job_id, error)
            return
        raise self.retry(exc=error, countdown=5 * 2**self.request.retries) from error


@shared_task
def run_command(name: str) -> None:
    """A management command on the beat's schedule (the outboxes, reminders, cleaning)."""
    call_command(name)
