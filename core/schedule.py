"""The periodic tasks in code (settings.PERIODIC_TASKS) written to django-celery-beat's tables, where beat reads
them and staff can change them in the admin."""

from django.conf import settings
from django.db import transaction


@transaction.atomic
def periodic_tasks_sync(*, schedule=None):
    """Add every entry of ``schedule`` (PERIODIC_TASKS by default) missing from the database; returns how many
    were added. Entries already there are left as they are, so what staff changed survives every migrate."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    added = 0
    for name, entry in (settings.PERIODIC_TASKS if schedule is None else schedule).items():
        if PeriodicTask.objects.filter(name=name).exists():
            continue
        interval, _created = IntervalSchedule.objects.get_or_create(
            every=entry["every"], period=IntervalSchedule.SECONDS
        )
        PeriodicTask.objects.create(name=name, task=entry["task"], interval=interval)
        added += 1
    return added


def sync_after_migrate(sender, using, **kwargs):
    """post_migrate: after `migrate`, the schedule in code is in the database."""
    from django.db import connections
    from django_celery_beat.models import PeriodicTask

    # Not when beat's own tables were just migrated away (`migrate django_celery_beat zero`).
    if using == "default" and PeriodicTask._meta.db_table in connections[using].introspection.table_names():
        periodic_tasks_sync()
