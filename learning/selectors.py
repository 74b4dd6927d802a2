"""Learner reads shared by the pages, the API and the original-clients API: progress and ratings."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count

from courses.models import Course, Lesson
from courses.selectors import LESSON_ORDER, course_cards
from learning.models import LessonProgress, Rating


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
    for lesson in Lesson.objects.filter(course_id__in=course_ids).order_by("course_id", *LESSON_ORDER):
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


def user_rating(*, user_id, course):
    """Any learner's active rating of the course, by their id, or None (the original clients look it up so)."""
    return course_ratings(course=course).filter(user_id=user_id).first()


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


def rating_distribution_rows(*, course):
    """``(score, count)`` from 5 stars down to 1, for the course page's bar chart."""
    distribution = rating_distribution(course=course)
    return [(score, distribution[str(score)]) for score in range(5, 0, -1)]


def course_rating_stats(*, course):
    """The course's stored average and count with its live score distribution."""
    return {
        "average_rating": course.average_rating,
        "total_ratings": course.total_ratings,
        "rating_distribution": rating_distribution(course=course),
    }
