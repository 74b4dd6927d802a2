"""Read paths for teachers, shared by the pages and the API."""

from django.db.models import Prefetch

from courses.models import Course
from courses.selectors import NEWEST_FIRST, course_cards
from teachers.models import Teacher


def teacher_list():
    """Live teachers by name, each with their published courses (newest first) in ``published_courses``."""
    return Teacher.objects.order_by("name", "id").prefetch_related(
        Prefetch(
            "courses",
            queryset=Course.objects.published().order_by(*NEWEST_FIRST).only("id", "slug", "name"),
            to_attr="published_courses",
        )
    )


def teacher_detail(*, slug):
    """A live teacher with their published course cards in ``published_courses``. Raises Teacher.DoesNotExist."""
    return Teacher.objects.prefetch_related(
        Prefetch("courses", queryset=course_cards().order_by(*NEWEST_FIRST), to_attr="published_courses")
    ).get(slug=slug)
