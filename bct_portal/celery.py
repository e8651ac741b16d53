"""The Celery app. With REDIS_URL unset the settings make every task run in-process (eager)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bct_portal.settings.local")

app = Celery("bct_portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
