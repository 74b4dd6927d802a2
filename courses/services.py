"""Catalog writes with business rules. Pages, the API and the admin all call these."""

from django.db import transaction
from django.utils import timezone

from courses.models import Course


def course_publication_date(*, status, published_at):
    """Publishing without a date publishes now; any other date stays as given (a future one schedules)."""
    if status == Course.Status.PUBLISHED and published_at is None:
        return timezone.now()
    return published_at


@transaction.atomic
def courses_publish(*, courses):
    now = timezone.now()
    courses.filter(published_at__isnull=True).update(published_at=now)
    return courses.update(status=Course.Status.PUBLISHED, updated_at=now)


def courses_unpublish(*, courses):
    return courses.update(status=Course.Status.DRAFT, updated_at=timezone.now())
