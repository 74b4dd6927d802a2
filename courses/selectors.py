"""Read paths shared by the pages and the API, so both always show the same thing."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.contrib.postgres.search import SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from courses.models import Category, Course, Lesson, LessonProgress, Rating
from courses.search import SEARCH_CONFIG, ImmutableUnaccent, course_document, course_heading_document, name_document
from teachers.models import Teacher

NEWEST_FIRST = ("-published_at", "name")
MOST_POPULAR = ("-total_ratings", "-average_rating", "name")
BEST_RATED = ("-average_rating", "-total_ratings", "name")
BY_NAME = ("name", "-published_at")
RELEVANCE = ("-rank", "-published_at", "name")
"""Order keys for ``course_list``; ``RELEVANCE`` only makes sense together with ``search``."""

SEARCH_MAX_LENGTH = 200
TRIGRAM_MIN_SIMILARITY = 0.45


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


def _course_ids_taught_by(teachers):
    return Course.teachers.through.objects.filter(teacher__in=teachers).values("course_id")


def _postgres_search(queryset, text):
    """Full-text (Spanish, accent-insensitive) plus trigram (typo-tolerant) search, annotated with ``rank``.

    The matching ids come from a UNION of four small lookups, so each one can use its own index (migration 0002)
    instead of one OR that forces a scan computing every course's document. Typos are caught by trigram word
    similarity on the short course and teacher names, with a threshold below pg_trgm's default 0.6 because
    "pyton" is only 0.5 similar to "Python".
    """
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    unaccented = ImmutableUnaccent(Value(text))

    def name_similarity():
        return TrigramWordSimilarity(unaccented, ImmutableUnaccent("name"))

    lessons = Lesson.objects.annotate(document=name_document()).filter(document=query).order_by().values("course_id")
    teachers = (
        Teacher.objects.annotate(document=name_document(), similarity=name_similarity())
        .order_by()
        .filter(Q(document=query) | Q(similarity__gte=TRIGRAM_MIN_SIMILARITY))
    )
    course_ids_by_teacher = _course_ids_taught_by(teachers)
    matching_ids = (
        Course.all_objects.annotate(document=course_document())
        .filter(document=query)
        .order_by()
        .values("id")
        .union(
            Course.all_objects.annotate(similarity=name_similarity())
            .filter(similarity__gte=TRIGRAM_MIN_SIMILARITY)
            .order_by()
            .values("id"),
            lessons,
            course_ids_by_teacher,
        )
    )
    bonus = Value(0.2, output_field=FloatField())
    no_bonus = Value(0.0, output_field=FloatField())
    return queryset.filter(id__in=matching_ids).annotate(
        rank=SearchRank(course_heading_document(), query)
        + name_similarity()
        + Case(When(Exists(lessons.filter(course_id=OuterRef("pk"))), then=bonus), default=no_bonus)
        + Case(When(id__in=course_ids_by_teacher, then=bonus), default=no_bonus)
    )


def _simple_search(queryset, text):
    """The SQLite fallback: a case-insensitive substring match, every hit ranked alike."""
    return queryset.filter(
        Q(name__icontains=text)
        | Q(summary__icontains=text)
        | Q(description__icontains=text)
        | Q(id__in=Lesson.objects.filter(name__icontains=text).values("course_id"))
        | Q(id__in=_course_ids_taught_by(Teacher.objects.filter(name__icontains=text)))
    ).annotate(rank=Value(1.0, output_field=FloatField()))


def clean_search_text(text):
    """Whitespace collapsed, control characters (PostgreSQL refuses NUL) dropped, cut to SEARCH_MAX_LENGTH."""
    printable = "".join(char if char.isprintable() else " " for char in str(text))
    return " ".join(printable.split())[:SEARCH_MAX_LENGTH]


def course_index():
    """Published courses without the card extras, newest first: for long plain listings."""
    return Course.objects.published().order_by(*NEWEST_FIRST)


def course_search(queryset, text):
    """Courses matching a learner's search text, annotated with a relevance ``rank`` (higher is better)."""
    text = clean_search_text(text)
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, text)
    return _simple_search(queryset, text)


def course_list(*, search="", category="", level="", teacher="", order_by=NEWEST_FIRST):
    """The catalog: published course cards, filtered by slugs and level, searched and ordered.

    With ``search`` every course carries a ``rank`` annotation, so ``order_by=RELEVANCE`` is available.
    """
    courses = course_cards()
    if category:
        courses = courses.filter(category__slug=category)
    if level:
        courses = courses.filter(level=level)
    if teacher:
        courses = courses.filter(id__in=_course_ids_taught_by(Teacher.objects.filter(slug=teacher)))
    if clean_search_text(search):
        courses = course_search(courses, search)
    else:
        courses = courses.annotate(rank=Value(0.0, output_field=FloatField()))
    return courses.order_by(*order_by)


def catalog_categories():
    """Categories that have at least one published course, with ``courses_count``, in one query."""
    return category_list().filter(courses_count__gt=0)


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


def course_rating_stats(*, course):
    """The course's stored average and count with its live score distribution."""
    return {
        "average_rating": course.average_rating,
        "total_ratings": course.total_ratings,
        "rating_distribution": rating_distribution(course=course),
    }


def lesson_detail(*, course_slug, lesson_slug):
    """A lesson of a published course, with ``previous_lesson`` and ``next_lesson`` set (or None).

    Raises Lesson.DoesNotExist for unknown, deleted or unpublished lessons.
    """
    course = Course.objects.published().select_related("category").filter(slug=course_slug).first()
    if course is None:
        raise Lesson.DoesNotExist
    lessons = list(Lesson.objects.filter(course=course).order_by("position", "id"))
    for lesson in lessons:
        lesson.course = course  # so every lesson's URL is built without a query of its own
    for index, lesson in enumerate(lessons):
        if lesson.slug == lesson_slug:
            lesson.previous_lesson = lessons[index - 1] if index > 0 else None
            lesson.next_lesson = lessons[index + 1] if index + 1 < len(lessons) else None
            lesson.course_lessons = lessons
            return lesson
    raise Lesson.DoesNotExist


class _CompletionMixin:
    """``percent`` and ``is_completed`` from ``completed_lessons`` and ``total_lessons``."""

    @property
    def percent(self):
        return round(100 * self.completed_lessons / self.total_lessons) if self.total_lessons else 0

    @property
    def is_completed(self):
        return self.total_lessons > 0 and self.completed_lessons >= self.total_lessons


@dataclass(frozen=True)
class CourseProgress(_CompletionMixin):
    """How far one learner is in one course."""

    course: Course
    completed_lessons: int
    total_lessons: int
    last_lesson: Lesson | None
    next_lesson: Lesson | None
    last_activity: datetime


def lesson_progress_by_lesson(*, user, lessons):
    """The learner's progress rows for these lessons, keyed by lesson id (empty for anonymous learners)."""
    if not user.is_authenticated:
        return {}
    return {p.lesson_id: p for p in LessonProgress.objects.filter(user=user, lesson__in=lessons)}


def learner_course_progress(*, user):
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
        for lesson in lessons:
            lesson.course = course
        completed, last, continue_with = _position_in_course(lessons, completed_ids, row["lesson_id"])
        summaries.append(
            CourseProgress(
                course=course,
                completed_lessons=completed,
                total_lessons=len(lessons),
                last_lesson=last,
                next_lesson=continue_with,
                last_activity=row["updated_at"],
            )
        )
    return summaries


def _position_in_course(lessons, completed_ids, last_lesson_id):
    """For one course's ordered lessons: how many are completed, the last one watched, where to continue."""
    last = next((lesson for lesson in lessons if lesson.id == last_lesson_id), None)
    completed = sum(1 for lesson in lessons if lesson.id in completed_ids)
    return completed, last, _continue_lesson(lessons, last, completed_ids)


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
class LearnerCourseState(_CompletionMixin):
    """What the course page and the player show of one learner in one course."""

    progress_by_lesson: dict
    completed_lesson_ids: frozenset
    completed_lessons: int
    total_lessons: int
    continue_lesson: Lesson | None
    started: bool


def learner_course_state(*, user, lessons):
    """The learner's progress through these lessons of one course, in one query (none for anonymous learners).

    ``continue_lesson`` follows the same rule as ``learner_course_progress``; for a learner who has not
    started, it is the first lesson.
    """
    lessons = list(lessons)
    progress = lesson_progress_by_lesson(user=user, lessons=lessons)
    completed_ids = {lesson_id for lesson_id, p in progress.items() if p.is_completed}
    latest = max(progress.values(), key=lambda p: p.updated_at, default=None)
    completed, _last, continue_with = _position_in_course(lessons, completed_ids, latest and latest.lesson_id)
    return LearnerCourseState(
        progress_by_lesson=progress,
        completed_lesson_ids=frozenset(completed_ids),
        completed_lessons=completed,
        total_lessons=len(lessons),
        continue_lesson=continue_with,
        started=bool(progress),
    )


def learner_courses_in_progress(*, user, limit=None):
    """Continue watching: started but unfinished courses, most recently watched first."""
    in_progress = [summary for summary in learner_course_progress(user=user) if not summary.is_completed]
    return in_progress[:limit] if limit is not None else in_progress


def course_ratings(*, course):
    """The course's active ratings with their learners, newest first (paginate it)."""
    return Rating.objects.filter(course=course).select_related("course", "user").order_by("-created_at", "-id")


def learner_rating(*, user, course):
    """The learner's active rating of the course, or None."""
    if not user.is_authenticated:
        return None
    return course_ratings(course=course).filter(user=user).first()


def learner_ratings(*, user):
    """The learner's active ratings of published courses, most recently changed first."""
    return (
        Rating.objects.filter(user=user, course__in=Course.objects.published())
        .select_related("course")
        .order_by("-updated_at", "-id")
    )


def course_reviews(*, course):
    """The course's active ratings that carry a review text, newest first (paginate it)."""
    return course_ratings(course=course).exclude(review="")


def rating_distribution_rows(*, course):
    """``(score, count)`` from 5 stars down to 1, for the course page's bar chart."""
    distribution = rating_distribution(course=course)
    return [(score, distribution[str(score)]) for score in range(5, 0, -1)]


def category_list():
    """Live categories in their staff-set order, with ``courses_count``: how many published courses each has."""
    return Category.objects.annotate(
        courses_count=Count("courses", filter=Q(courses__in=Course.objects.published()), distinct=True)
    ).order_by("position", "name")
