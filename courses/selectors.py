"""Read paths shared by the pages and the API, so both always show the same thing."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce

from courses.models import Course, Lesson
from teachers.models import Teacher


def _lesson_totals(field_expression, alias):
    lessons = (
        Lesson.objects.filter(course=OuterRef("pk"))
        .order_by()
        .values("course")
        .annotate(**{alias: field_expression})
        .values(alias)
    )
    return Coalesce(Subquery(lessons, output_field=IntegerField()), 0)


def with_lesson_totals(queryset):
    """Annotate ``lessons_count`` and ``duration_seconds`` with one subquery each, no per-row query."""
    return queryset.annotate(
        lessons_count=_lesson_totals(Count("id"), "total"),
        duration_seconds=_lesson_totals(Sum("duration_seconds"), "total"),
    )


def course_cards():
    """Published courses with everything a course card shows, in a fixed number of queries."""
    return with_lesson_totals(
        Course.objects.published()
        .select_related("category")
        .prefetch_related(Prefetch("teachers", queryset=Teacher.objects.order_by("name")))
    )
