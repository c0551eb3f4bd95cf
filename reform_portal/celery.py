"""The task queue: Celery with Redis as broker (CELERY_BROKER_URL). Without a broker (make run,
the tests) every task runs in-process when it is queued (CELERY_TASK_ALWAYS_EAGER)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reform_portal.settings")

app = Celery("reform_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
