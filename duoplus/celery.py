"""The Celery application: configured from Django settings (``CELERY_`` namespace).

Each area keeps the jobs its services queue in ``tasks.py`` and what beat runs in
``periodic.py`` (which calls those services): both are discovered here."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duoplus.settings.dev")

app = Celery("duoplus")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(related_name="periodic")
