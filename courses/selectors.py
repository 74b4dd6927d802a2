"""Read paths shared by the pages and the API, so both always show the same thing."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from courses.models import Course, Lesson, Rating
from teachers.models import Teacher

NEWEST_FIRST = ("-published_at", "name")


def _lesson_totals(aggregate):
    lessons = Lesson.objects.filter(course=OuterRef("pk")).order_by().values("course").annotate(total=aggregate)
    return Coalesce(Subquery(lessons.values("total"), output_field=IntegerField()), 0)


def with_lesson_totals(queryset):
    """Annotate ``lessons_count`` and ``duration_seconds`` with one subquery each, no per-row query."""
    return queryset.annotate(
        lessons_count=_lesson_totals(Count("id")),
        duration_seconds=_lesson_totals(Sum("duration_seconds")),
    )


def course_cards():
    """Published courses with everything a course card shows, in a fixed number of queries."""
    return with_lesson_totals(
        Course.objects.published()
        .select_related("category")
        .prefetch_related(Prefetch("teachers", queryset=Teacher.objects.order_by("name")))
    )


def course_search(queryset, text):
    """Courses matching a learner's search text."""
    return queryset.filter(
        Q(name__icontains=text)
        | Q(summary__icontains=text)
        | Q(description__icontains=text)
        | Q(teachers__name__icontains=text)
        | Q(lessons__name__icontains=text)
    ).distinct()


def course_list(*, search="", category="", level="", teacher="", order_by=NEWEST_FIRST):
    """The catalog: published course cards, filtered by slugs and level, searched and ordered."""
    courses = course_cards()
    if category:
        courses = courses.filter(category__slug=category)
    if level:
        courses = courses.filter(level=level)
    if teacher:
        courses = courses.filter(teachers__slug=teacher, teachers__deleted_at__isnull=True)
    if search:
        courses = course_search(courses, search)
    return courses.order_by(*order_by)


def course_detail(*, slug):
    """One published course with its ordered lessons, teachers and category. Raises Course.DoesNotExist."""
    return (
        course_cards()
        .prefetch_related(Prefetch("lessons", queryset=Lesson.objects.order_by("position", "id")))
        .get(slug=slug)
    )


def rating_distribution(*, course):
    """How many active ratings the course has of each score, always with the keys "1" to "5"."""
    counts = dict(
        Rating.objects.filter(course=course)
        .order_by()
        .values_list("score")
        .annotate(total=Count("id"))
        .values_list("score", "total")
    )
    return {str(score): counts.get(score, 0) for score in range(1, 6)}


def lesson_detail(*, course_slug, lesson_slug):
    """A lesson of a published course, with ``previous_lesson`` and ``next_lesson`` set (or None).

    Raises Lesson.DoesNotExist for unknown, deleted or unpublished lessons.
    """
    course = Course.objects.published().select_related("category").filter(slug=course_slug).first()
    if course is None:
        raise Lesson.DoesNotExist
    lessons = list(Lesson.objects.filter(course=course).order_by("position", "id"))
    for index, lesson in enumerate(lessons):
        if lesson.slug == lesson_slug:
            lesson.course = course
            lesson.previous_lesson = lessons[index - 1] if index > 0 else None
            lesson.next_lesson = lessons[index + 1] if index + 1 < len(lessons) else None
            lesson.course_lessons = lessons
            return lesson
    raise Lesson.DoesNotExist
