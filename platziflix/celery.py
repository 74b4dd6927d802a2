"""The Celery app: ``celery -A platziflix worker``. Its settings are the CELERY_* names in settings.py."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")

app = Celery("platziflix")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
