"""Background work of uploads."""

from celery import shared_task

from uploads import services


@shared_task(soft_time_limit=240, time_limit=300)
def uploads_abandoned_delete():
    """Periodic: delete uploads nobody touched for UPLOAD_ABANDON_SECONDS, with the bytes they left."""
    return services.uploads_abandoned_delete()
