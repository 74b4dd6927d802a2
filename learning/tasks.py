"""Background work of learning. Each task calls a service and is safe to run twice."""

from celery import shared_task

from learning import services

# Certificates issued per run: a run stays well inside its time limit; the next run takes the rest.
CERTIFICATES_PER_RUN = 500


@shared_task(soft_time_limit=240, time_limit=300)
def certificates_issue_due():
    """Periodic: issue the certificates learners have earned but do not hold (e.g. a lesson removed from a
    course they had otherwise finished, or progress written before certificates existed)."""
    return services.certificates_backfill(limit=CERTIFICATES_PER_RUN)
