"""Background work of analytics. Each task calls a service and is safe to run twice."""

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from analytics import rebuild

# Days rebuilt each night: yesterday, and the day before in case the last run was missed.
DAYS_REBUILT = 2


@shared_task(soft_time_limit=240, time_limit=300)
def rollups_rebuild_recent():
    """Nightly: recount the last days' rollups from the raw rows (moderated ratings, deleted accounts and any
    event a running rollup missed end up right)."""
    yesterday = timezone.localdate() - timedelta(days=1)
    return rebuild.days_rebuild(first=yesterday - timedelta(days=DAYS_REBUILT - 1), last=yesterday)
