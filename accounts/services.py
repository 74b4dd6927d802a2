from django.db import transaction

from courses.models import Course, Rating
from courses.services import course_rating_stats_refresh


@transaction.atomic
def users_delete(*, users):
    """Delete accounts for good; the courses they rated get their average and count recomputed."""
    course_ids = set(Rating.all_objects.filter(user__in=users).values_list("course_id", flat=True))
    users.delete()
    for course in Course.all_objects.select_for_update().filter(pk__in=course_ids).order_by("pk"):
        course_rating_stats_refresh(course=course)
