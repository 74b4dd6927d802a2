"""Read paths shared by the pages and the API, so both always show the same thing."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Now

from courses.models import Category, Course, Lesson, LessonProgress, Rating
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


@dataclass(frozen=True)
class CourseProgress:
    """How far one learner is in one course."""

    course: Course
    completed_lessons: int
    total_lessons: int
    last_lesson: Lesson | None
    next_lesson: Lesson | None
    last_activity: datetime

    @property
    def percent(self):
        return round(100 * self.completed_lessons / self.total_lessons) if self.total_lessons else 0

    @property
    def is_completed(self):
        return self.total_lessons > 0 and self.completed_lessons >= self.total_lessons


def lesson_progress_by_lesson(*, user, lessons):
    """The learner's progress rows for these lessons, keyed by lesson id (empty for anonymous learners)."""
    if not user.is_authenticated:
        return {}
    return {p.lesson_id: p for p in LessonProgress.objects.filter(user=user, lesson__in=lessons)}


def learner_course_progress(*, user, limit=None):
    """Every published course the learner has started, most recently watched first, in four queries.

    ``next_lesson`` is where "continue" leads: the last lesson watched if it is unfinished, otherwise the
    first unfinished lesson after it, otherwise the first unfinished one; None when the course is complete.
    """
    if not user.is_authenticated:
        return []
    progress_rows = list(
        LessonProgress.objects.filter(
            user=user,
            lesson__deleted_at__isnull=True,
            lesson__course__in=Course.objects.published(),
        )
        .order_by("-updated_at")
        .values("lesson_id", "lesson__course_id", "completed_at", "updated_at")
    )
    if not progress_rows:
        return []
    course_ids = list(dict.fromkeys(row["lesson__course_id"] for row in progress_rows))
    if limit is not None:
        course_ids = course_ids[:limit]
    courses = course_cards().in_bulk(course_ids)
    lessons_by_course = defaultdict(list)
    for lesson in Lesson.objects.filter(course_id__in=course_ids).order_by("course_id", "position", "id"):
        lessons_by_course[lesson.course_id].append(lesson)

    completed_ids = {row["lesson_id"] for row in progress_rows if row["completed_at"]}
    latest_row = {}
    for row in progress_rows:
        latest_row.setdefault(row["lesson__course_id"], row)

    summaries = []
    for course_id in course_ids:
        lessons, row = lessons_by_course[course_id], latest_row[course_id]
        course = courses[course_id]
        last = next((lesson for lesson in lessons if lesson.id == row["lesson_id"]), None)
        for lesson in lessons:
            lesson.course = course
        summaries.append(
            CourseProgress(
                course=course,
                completed_lessons=sum(1 for lesson in lessons if lesson.id in completed_ids),
                total_lessons=len(lessons),
                last_lesson=last,
                next_lesson=_continue_lesson(lessons, last, completed_ids),
                last_activity=row["updated_at"],
            )
        )
    return summaries


def _continue_lesson(lessons, last, completed_ids):
    unfinished = [lesson for lesson in lessons if lesson.id not in completed_ids]
    if not unfinished:
        return None
    if last is not None:
        if last.id not in completed_ids:
            return last
        after_last = [lesson for lesson in unfinished if (lesson.position, lesson.id) > (last.position, last.id)]
        if after_last:
            return after_last[0]
    return unfinished[0]


@dataclass(frozen=True)
class LearnerCourseState:
    """What the course page and the player show of one learner in one course."""

    progress_by_lesson: dict
    completed_lesson_ids: frozenset
    completed_lessons: int
    total_lessons: int
    continue_lesson: Lesson | None
    started: bool

    @property
    def percent(self):
        return round(100 * self.completed_lessons / self.total_lessons) if self.total_lessons else 0

    @property
    def is_completed(self):
        return self.total_lessons > 0 and self.completed_lessons >= self.total_lessons


def learner_course_state(*, user, lessons):
    """The learner's progress through these lessons of one course, in one query (none for anonymous learners).

    ``continue_lesson`` follows the same rule as ``learner_course_progress``; for a learner who has not
    started, it is the first lesson.
    """
    lessons = list(lessons)
    progress = lesson_progress_by_lesson(user=user, lessons=lessons)
    completed_ids = {lesson_id for lesson_id, p in progress.items() if p.is_completed}
    latest = max(progress.values(), key=lambda p: p.updated_at, default=None)
    last = next((lesson for lesson in lessons if latest and lesson.id == latest.lesson_id), None)
    return LearnerCourseState(
        progress_by_lesson=progress,
        completed_lesson_ids=frozenset(completed_ids),
        completed_lessons=sum(1 for lesson in lessons if lesson.id in completed_ids),
        total_lessons=len(lessons),
        continue_lesson=_continue_lesson(lessons, last, completed_ids),
        started=bool(progress),
    )


def learner_courses_in_progress(*, user, limit=None):
    """Continue watching: started but unfinished courses, most recently watched first."""
    in_progress = [summary for summary in learner_course_progress(user=user) if not summary.is_completed]
    return in_progress[:limit] if limit is not None else in_progress


def learner_rating(*, user, course):
    """The learner's active rating of the course, or None."""
    if not user.is_authenticated:
        return None
    return Rating.objects.filter(user=user, course=course).first()


def learner_ratings(*, user):
    """The learner's active ratings of published courses, most recently changed first."""
    return (
        Rating.objects.filter(user=user, course__in=Course.objects.published())
        .select_related("course")
        .order_by("-updated_at", "-id")
    )


def course_reviews(*, course):
    """The course's active ratings with their learners, newest first (paginate it)."""
    return Rating.objects.filter(course=course).select_related("user").order_by("-created_at", "-id")


def rating_distribution_rows(*, course):
    """``(score, count)`` from 5 stars down to 1, for the course page's bar chart."""
    distribution = rating_distribution(course=course)
    return [(score, distribution[str(score)]) for score in range(5, 0, -1)]


def category_list():
    """Live categories in their staff-set order, with ``courses_count``: how many published courses each has."""
    published = Q(
        courses__status=Course.Status.PUBLISHED,
        courses__deleted_at__isnull=True,
        courses__published_at__lte=Now(),
    )
    return Category.objects.annotate(courses_count=Count("courses", filter=published)).order_by("position", "name")
