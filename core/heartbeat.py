"""Celery workers' heartbeats: written by each worker (platziflix.celery.Heartbeat), read by /health/ready."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from core.models import WorkerHeartbeat

# Rows of workers gone for this long are removed (every deploy or restart may bring a new worker hostname).
FORGET_AFTER = timedelta(days=1)


def worker_heartbeat_write(*, hostname, now=None):
    now = now or timezone.now()
    WorkerHeartbeat.objects.update_or_create(hostname=hostname, defaults={"seen_at": now})
    WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_AFTER).delete()


def worker_last_seen():
    """When any worker last wrote its heartbeat, or None if none ever did."""
    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    return latest


def worker_status(*, now=None):
    """``(fresh, text)``: whether a worker wrote a heartbeat within WORKER_HEARTBEAT_MAX_AGE, and what to report:
    ``"ok"``, ``"none seen for N s"`` or ``"none seen"``."""
    seen_at = worker_last_seen()
    if seen_at is None:
        return False, "none seen"
    age = max(0, round(((now or timezone.now()) - seen_at).total_seconds()))
    if age <= settings.WORKER_HEARTBEAT_MAX_AGE:
        return True, "ok"
    return False, f"none seen for {age} s"
