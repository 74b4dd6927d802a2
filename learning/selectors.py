"""Learner reads shared by the pages, the API and the original-clients API: progress, ratings, paths, exams and
certificates."""

import copy
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, FilteredRelation, Prefetch, Q
from django.utils import timezone

from core import public_cache
from courses.models import Course, Lesson
from courses.selectors import LESSON_ORDER, course_cards
from learning.models import (
    Certificate,
    Choice,
    Exam,
    ExamAttempt,
    LearningPath,
    LessonProgress,
    Question,
    Rating,
)


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
class LessonPosition:
    """Where the learner is in one lesson."""

    position_seconds: int
    is_completed: bool


@dataclass(frozen=True)
class LearnerPageFacts(_CompletionMixin):
    """Everything personal the course and lesson pages show of one learner in one course."""

    progress_by_lesson: dict  # lesson id -> LessonPosition, for the lessons they watched
    completed_lesson_ids: frozenset
    completed_lessons: int
    total_lessons: int
    continue_lesson: Lesson | None
    started: bool
    rating: Rating | None
    certificate: Certificate | None
    lesson_progress: LessonPosition | None  # in the lesson the page is about, if any


LearnerPageFacts.NOBODY = LearnerPageFacts(
    progress_by_lesson={},
    completed_lesson_ids=frozenset(),
    completed_lessons=0,
    total_lessons=0,
    continue_lesson=None,
    started=False,
    rating=None,
    certificate=None,
    lesson_progress=None,
)


def learner_page_facts(user, *, course_id, lesson_id=None):
    """The learner's facts for a course's pages (``core.learner_pages``): which lessons they completed, their
    position in each, where to continue, their rating and their certificate. Three queries whatever the number
    of lessons (the course's lessons with the learner's progress joined, the rating, the certificate); none for
    an anonymous visitor, who has none of these."""
    if not user.is_authenticated:
        return LearnerPageFacts.NOBODY
    public_cache.depends_on(public_cache.course_key(course_id))
    lessons = list(
        Lesson.objects.filter(course_id=course_id)
        .order_by(*LESSON_ORDER)
        .only("id", "course_id", "slug", "name", "position")
        .annotate(
            mine=FilteredRelation("progress", condition=Q(progress__user=user)),
            my_position=F("mine__position_seconds"),
            my_completed_at=F("mine__completed_at"),
            my_updated_at=F("mine__updated_at"),
        )
    )
    watched = [lesson for lesson in lessons if getattr(lesson, "my_updated_at", None) is not None]
    positions = {
        lesson.id: LessonPosition(lesson.my_position, lesson.my_completed_at is not None) for lesson in watched
    }
    completed_ids = frozenset(lesson_id for lesson_id, position in positions.items() if position.is_completed)
    latest = max(watched, key=lambda lesson: lesson.my_updated_at, default=None)
    completed, _last, continue_with = _position_in_course(lessons, completed_ids, latest and latest.id)
    return LearnerPageFacts(
        progress_by_lesson=positions,
        completed_lesson_ids=completed_ids,
        completed_lessons=completed,
        total_lessons=len(lessons),
        continue_lesson=continue_with,
        started=bool(positions),
        rating=Rating.objects.filter(course_id=course_id, user=user).first(),
        certificate=Certificate.objects.filter(course_id=course_id, user=user).first(),
        lesson_progress=positions.get(lesson_id),
    )


@dataclass(frozen=True)
class LearnerHomeFacts:
    """What the home page shows of one learner: the courses to continue."""

    continue_watching: list


def learner_home_facts(user, *, limit):
    """The home page's learner facts (``core.learner_pages``): "continue watching", four queries at most."""
    return LearnerHomeFacts(continue_watching=learner_courses_in_progress(user=user, limit=limit))


@dataclass(frozen=True)
class LearnerDashboardFacts:
    """Everything /me/ shows of one learner."""

    in_progress: list
    completed: list
    ratings: list
    certificates: list


def learner_dashboard_facts(user):
    """/me/'s learner facts (``core.learner_pages``): courses in progress and completed, ratings and
    certificates, in six queries whatever their number."""
    progress = learner_course_progress(user=user)
    return LearnerDashboardFacts(
        in_progress=[summary for summary in progress if not summary.is_completed],
        completed=[summary for summary in progress if summary.is_completed],
        ratings=list(learner_ratings(user=user)),
        certificates=list(learner_certificates(user=user)),
    )


def learner_courses_in_progress(*, user, limit=None):
    """Continue watching: started but unfinished courses, most recently watched first."""
    in_progress = [summary for summary in learner_course_progress(user=user) if not summary.is_completed]
    return in_progress[:limit] if limit is not None else in_progress


def course_ratings(*, course):
    """The course's active ratings with their learners, newest first (paginate it)."""
    return Rating.objects.filter(course=course).select_related("course", "user").order_by("-created_at", "-id")


def learner_rating(*, user, course):
    """The signed-in learner's active rating of the course, or None."""
    return user_rating(user_id=user.pk, course=course) if user.is_authenticated else None


def user_rating(*, user_id, course):
    """Any learner's active rating of the course, by their id, or None (the database keeps it to one)."""
    rating = Rating.objects.filter(course=course, user_id=user_id).select_related("user").first()
    if rating is not None:
        rating.course = course
    return rating


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


def course_rating_stats_counted(*, course):
    """What the course's stored rating columns must hold, counted now from its active ratings in one query:
    ``average_rating`` (exact, rounded half up to two places), ``total_ratings`` and each score's count."""
    counts = Rating.objects.filter(course=course).aggregate(
        **{field: Count("id", filter=Q(score=score)) for score, field in Course.RATINGS_BY_SCORE.items()}
    )
    total = sum(counts.values())
    points = sum(score * counts[field] for score, field in Course.RATINGS_BY_SCORE.items())
    average = (Decimal(points) / total if total else Decimal(0)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {"average_rating": average, "total_ratings": total, **counts}


def rating_distribution_rows(*, course):
    """``(score, count)`` from 5 stars down to 1, for the course page's bar chart."""
    distribution = course.rating_distribution
    return [(score, distribution[str(score)]) for score in range(5, 0, -1)]


def course_rating_stats(*, course):
    """The course's stored average, count and distribution."""
    return {
        "average_rating": course.average_rating,
        "total_ratings": course.total_ratings,
        "rating_distribution": course.rating_distribution,
    }


# --- Learning paths -------------------------------------------------------------------------------------------


def path_list():
    """Published learning paths by name (paginate it, then pass the page to ``paths_with_courses``)."""
    return LearningPath.objects.published().order_by("name", "id")


def paths_with_courses(paths, *, courses=None):
    """The paths, each with ``course_list`` (its published courses, in order), ``courses_count`` and
    ``total_duration_seconds``.

    ``courses`` is how the courses are read: course cards by default, or any published-course queryset that
    annotates ``duration_seconds``. One query for all the paths' courses, plus what ``courses`` prefetches.
    """
    paths = list(paths)
    in_paths = (
        (course_cards() if courses is None else courses)
        .filter(path_memberships__path__in=paths)
        .annotate(membership_path_id=F("path_memberships__path_id"))
        .order_by("path_memberships__position", "path_memberships__id")
    )
    by_path = defaultdict(list)
    for course in in_paths:
        by_path[course.membership_path_id].append(course)
    for path in paths:
        path.course_list = by_path[path.id]
        path.courses_count = len(path.course_list)
        path.total_duration_seconds = sum(course.duration_seconds or 0 for course in path.course_list)
    return paths


def path_cards(*, limit):
    """The first published paths with what a path card shows (course names, count, hours), in two queries."""
    return paths_with_courses(path_list()[:limit], courses=Course.objects.published().with_lesson_totals())


def path_detail(*, slug):
    """One published path with its ordered courses. Raises LearningPath.DoesNotExist."""
    path = paths_with_courses([path_list().get(slug=slug)])[0]
    public_cache.depends_on(public_cache.path_key(path.pk), public_cache.COURSES)
    public_cache.depends_on(*(public_cache.course_key(course.pk) for course in path.course_list))
    return path


def course_paths(*, course):
    """The published paths that include the course, by name."""
    return path_list().filter(memberships__course=course).distinct()


def learner_certified_course_ids(*, user, course_ids):
    """Which of these courses the learner holds a valid (not revoked) certificate of."""
    return set(
        Certificate.objects.filter(user=user, course_id__in=course_ids, revoked_at__isnull=True).values_list(
            "course_id", flat=True
        )
    )


@dataclass(frozen=True)
class PathProgress:
    """How far a learner is in a path: courses whose certificate they hold, and the next course to take."""

    completed_courses: int
    total_courses: int
    next_course: Course | None
    completed_course_ids: frozenset

    @property
    def percent(self):
        return round(100 * self.completed_courses / self.total_courses) if self.total_courses else 0

    @property
    def is_completed(self):
        return self.total_courses > 0 and self.completed_courses >= self.total_courses


def learner_path_progress(*, user, paths):
    """``{path id: PathProgress}`` for paths from ``paths_with_courses``, in one query (empty when anonymous).

    A course counts as completed when the learner holds its valid certificate: every lesson and the exam passed.
    """
    if not user.is_authenticated:
        return {}
    course_ids = {course.id for path in paths for course in path.course_list}
    finished = learner_certified_course_ids(user=user, course_ids=course_ids)
    progress = {}
    for path in paths:
        done = [course for course in path.course_list if course.id in finished]
        progress[path.id] = PathProgress(
            completed_courses=len(done),
            total_courses=len(path.course_list),
            next_course=next((course for course in path.course_list if course.id not in finished), None),
            completed_course_ids=frozenset(course.id for course in done),
        )
    return progress


def learner_completed_lessons_by_course(*, user, courses):
    """``{course id: live lessons completed}`` for the learner in these courses, in one query (a lesson deleted
    after the learner finished it counts no more, as in ``learner_course_progress``)."""
    if not user.is_authenticated:
        return {}
    return dict(
        LessonProgress.objects.filter(
            user=user, completed_at__isnull=False, lesson__deleted_at__isnull=True, lesson__course__in=courses
        )
        .order_by()
        .values_list("lesson__course_id")
        .annotate(done=Count("id"))
        .values_list("lesson__course_id", "done")
    )


def learner_path_steps(*, user, path, progress):
    """The path page's steps: each course of a path from ``path_detail``, in order, with the learner's lessons
    completed and percent watched, whether it is finished (its certificate held) or next, and whether only its
    exam is left. ``progress`` is the learner's ``PathProgress`` of the path (None when anonymous). Two queries
    for a signed-in learner, none for an anonymous one."""
    lessons_done = learner_completed_lessons_by_course(user=user, courses=path.course_list)
    with_exam = course_ids_with_exam(courses=path.course_list) if user.is_authenticated else set()
    steps = []
    for course in path.course_list:
        done = lessons_done.get(course.id, 0)
        finished = progress is not None and course.id in progress.completed_course_ids
        steps.append(
            {
                "course": course,
                "completed_lessons": done,
                "percent": round(100 * done / course.lessons_count) if course.lessons_count else 0,
                "finished": finished,
                "is_next": progress is not None and progress.next_course == course,
                "exam_pending": course.id in with_exam and done >= course.lessons_count and not finished,
            }
        )
    return steps


# --- Exams ----------------------------------------------------------------------------------------------------

EXAM_ATTEMPTS_PER_DAY = 3
EXAM_ATTEMPT_WINDOW = timedelta(hours=24)


def exam_for_course(*, course):
    """The course's exam with its ordered questions and choices, in three queries. Raises Exam.DoesNotExist."""
    questions = Prefetch(
        "questions",
        queryset=Question.objects.order_by("position", "id").prefetch_related(
            Prefetch("choices", queryset=Choice.objects.order_by("position", "id"))
        ),
    )
    exam = Exam.objects.prefetch_related(questions).get(course=course)
    exam.course = course
    return exam


def exam_questions_in_order(*, exam, paper):
    """The exam's questions (prefetched by ``exam_for_course``) in the order of ``paper``, the
    ``[[question id, [choice id, ...]], ...]`` drawn for an attempt, each with ``choice_list`` in its drawn order.

    An attempt stored before exams were drawn has an empty paper: it shows every question in the exam's order.
    Questions staff deleted since are left out. Copies, so two orders of one exam can be shown on one page.
    """
    questions = {question.id: question for question in exam.questions.all()}
    layout = paper or [
        [question.id, [choice.id for choice in question.choices.all()]] for question in questions.values()
    ]
    ordered = []
    for question_id, choice_ids in layout:
        if question_id not in questions:
            continue
        question = copy.copy(questions[question_id])
        choices = {choice.id: choice for choice in questions[question_id].choices.all()}
        question.choice_list = [choices[choice_id] for choice_id in choice_ids if choice_id in choices]
        ordered.append(question)
    return ordered


def exam_review_visible(*, user, exam, attempt):
    """Whether the learner may see which questions they got wrong: once they have passed the exam, or always
    when staff turned that on for it (Moodle's review options). Before that, a failed attempt only says its score,
    so the right answers can't be worked out by elimination."""
    if exam.show_wrong_before_passing or attempt.passed:
        return True
    return ExamAttempt.objects.filter(user=user, exam=exam, passed=True).exists()


def course_has_exam(*, course):
    return Exam.objects.filter(course=course).exists()


def course_ids_with_exam(*, courses):
    return set(Exam.objects.filter(course__in=courses).values_list("course_id", flat=True))


def course_lessons_left(*, user, course):
    """How many live lessons of the course the learner has not completed yet (all of them when anonymous)."""
    lessons = Lesson.objects.filter(course=course)
    if not user.is_authenticated:
        return lessons.count()
    completed = LessonProgress.objects.filter(user=user, completed_at__isnull=False).values("lesson_id")
    return lessons.exclude(id__in=completed).count()


@dataclass(frozen=True)
class ExamAttemptAllowance:
    """What the learner may still try: attempts left in the 24-hour window, and when none is left, the seconds
    until their oldest attempt in it leaves the window (0 while an attempt is possible)."""

    attempts_left: int
    retry_after_seconds: int


def exam_attempt_allowance(*, user, exam, now=None):
    """The learner's ``ExamAttemptAllowance`` for the exam, from one read of their attempts in the window."""
    if not user.is_authenticated:
        return ExamAttemptAllowance(attempts_left=EXAM_ATTEMPTS_PER_DAY, retry_after_seconds=0)
    now = now or timezone.now()
    recent = list(
        ExamAttempt.objects.filter(user=user, exam=exam, created_at__gt=now - EXAM_ATTEMPT_WINDOW)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[:EXAM_ATTEMPTS_PER_DAY]
    )
    if len(recent) < EXAM_ATTEMPTS_PER_DAY:
        return ExamAttemptAllowance(attempts_left=EXAM_ATTEMPTS_PER_DAY - len(recent), retry_after_seconds=0)
    retry_after = max(1, math.ceil((recent[-1] + EXAM_ATTEMPT_WINDOW - now).total_seconds()))
    return ExamAttemptAllowance(attempts_left=0, retry_after_seconds=retry_after)


def learner_last_attempt(*, user, exam):
    if not user.is_authenticated:
        return None
    return ExamAttempt.objects.filter(user=user, exam=exam).first()


# --- Certificates ---------------------------------------------------------------------------------------------


def certificate_get(*, code):
    """A certificate by its public code, revoked ones included. Raises Certificate.DoesNotExist."""
    return Certificate.objects.get(code=code)


def learner_certificates(*, user):
    """The learner's certificates, newest first (revoked ones too, marked as such)."""
    return Certificate.objects.filter(user=user).order_by("-issued_at", "-id")


def learner_certificate(*, user, course=None, path=None):
    """The learner's certificate of this course or path, or None."""
    if not user.is_authenticated:
        return None
    lookup = {"course": course} if course is not None else {"path": path}
    return Certificate.objects.filter(user=user, **lookup).first()
