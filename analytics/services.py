"""Keeping the daily rollups as events happen. The receivers (analytics.receivers) call these once the writing
transaction has committed, in autocommit: each row's addition is one statement, so no lock on the day's shared
rows is held for longer than that. analytics.rebuild recomputes the same numbers from the raw rows."""

import math

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone

from analytics.models import (
    CourseDay,
    LearnerDay,
    LessonDay,
    QuestionDay,
    ScoreDay,
    SearchDay,
    SiteDay,
    VideoRun,
    WatchLog,
)
from courses.models import Lesson
from learning.models import ExamAttempt, LessonProgress

# The player saves every 10 seconds; a bigger jump between two saves is a seek, not watching.
MAX_WATCH_STEP_SECONDS = 60
THRESHOLDS = (25, 50, 75, 100)
SEARCH_TERM_MAX_LENGTH = 100


def _bump(model, keys, *, defaults=None, **deltas):
    """Add ``deltas`` to the row named by ``keys`` (a unique constraint of ``model``), creating it with
    ``defaults`` when missing: one INSERT ... ON CONFLICT DO UPDATE statement, which PostgreSQL and SQLite both
    run atomically, so parallel events never lose a count."""
    deltas = {name: value for name, value in deltas.items() if value}
    if not deltas:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    defaults = {**_zeros(model, exclude={*keys, *deltas}), **(defaults or {})}
    names = [*keys, *defaults, *deltas]
    columns = [quote(model._meta.get_field(name).column) for name in names]
    key_columns = columns[: len(keys)]
    delta_columns = columns[len(names) - len(deltas) :]
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT ({', '.join(key_columns)}) DO UPDATE SET "
        + ", ".join(f"{column} = {table}.{column} + excluded.{column}" for column in delta_columns)
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*keys.values(), *defaults.values(), *deltas.values()])


def _zeros(model, *, exclude):
    """The model's counters that are not named in ``exclude``, at their default (zero)."""
    return {
        field.name: field.get_default()
        for field in model._meta.concrete_fields
        if not field.primary_key and field.name not in exclude and field.has_default()
    }


def _insert_once(model, keys):
    """Create the row named by ``keys`` with zeros unless it exists; returns whether it was created."""
    quote = connection.ops.quote_name
    keys = {**keys, **_zeros(model, exclude=set(keys))}
    columns = [quote(model._meta.get_field(name).column) for name in keys]
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, list(keys.values()))
        return cursor.rowcount == 1


def watched_seconds(*, previous_position, position):
    """Seconds watched between two saves of a lesson's position: forward steps of at most a few saves."""
    step = position - (previous_position or 0)
    return step if 0 < step <= MAX_WATCH_STEP_SECONDS else 0


def thresholds_reached(*, completed, total):
    """The completion thresholds (in %) that the ``completed``-th completed lesson of ``total`` reaches."""
    return [percent for percent in THRESHOLDS if total and completed == math.ceil(total * percent / 100)]


def _watch_log_save(*, user_id, lesson, day, seconds, position):
    """Add to the learner's log of the lesson for the day; returns the position logged before today's save, or
    None if this is the day's first."""
    log = WatchLog.objects.select_for_update().filter(user_id=user_id, lesson_id=lesson.pk, day=day).first()
    if log is None:
        try:
            with transaction.atomic():
                WatchLog.objects.create(
                    user_id=user_id,
                    lesson_id=lesson.pk,
                    course_id=lesson.course_id,
                    day=day,
                    seconds=seconds,
                    position_seconds=position,
                )
                return None
        except IntegrityError:
            log = WatchLog.objects.select_for_update().get(user_id=user_id, lesson_id=lesson.pk, day=day)
    before = log.position_seconds
    WatchLog.objects.filter(pk=log.pk).update(seconds=F("seconds") + seconds, position_seconds=position)
    return before


def lesson_progress_record(*, progress, previous_position, newly_completed):
    """A learner saved their position in a lesson (and maybe completed it)."""
    lesson = progress.lesson
    course_id = lesson.course_id
    created = previous_position is None
    day = timezone.localdate(progress.updated_at)
    seconds = watched_seconds(previous_position=previous_position, position=progress.position_seconds)
    with transaction.atomic():  # the learner's own row of the day, locked alone
        logged_before = _watch_log_save(
            user_id=progress.user_id, lesson=lesson, day=day, seconds=seconds, position=progress.position_seconds
        )
    first_today = logged_before is None
    if first_today and _insert_once(LearnerDay, {"user_id": progress.user_id, "day": day}):
        _bump(SiteDay, {"day": day}, active_learners=1)
    _bump(LearnerDay, {"user_id": progress.user_id, "day": day}, seconds_watched=seconds)
    _bump(
        LessonDay,
        {"lesson_id": lesson.pk, "day": day},
        defaults={"course_id": course_id},
        seconds_watched=seconds,
        leaves=1 if first_today else 0,
        leave_position_total=progress.position_seconds - (logged_before or 0),
    )
    _bump(CourseDay, {"course_id": course_id, "day": day}, seconds_watched=seconds)
    _bump(SiteDay, {"day": day}, seconds_watched=seconds)
    if created:
        started_day = timezone.localdate(progress.created_at)
        _bump(LessonDay, {"lesson_id": lesson.pk, "day": started_day}, defaults={"course_id": course_id}, started=1)
        enrolled = (
            not LessonProgress.objects.filter(user_id=progress.user_id, lesson__course_id=course_id)
            .exclude(pk=progress.pk)
            .exists()
        )
        if enrolled:
            _bump(CourseDay, {"course_id": course_id, "day": started_day}, enrolments=1)
    if newly_completed:
        _completion_record(progress=progress, course_id=course_id)


def _completion_record(*, progress, course_id):
    day = timezone.localdate(progress.completed_at)
    done = LessonProgress.objects.filter(
        user_id=progress.user_id,
        lesson__course_id=course_id,
        lesson__deleted_at__isnull=True,
        completed_at__isnull=False,
    ).count()
    total = Lesson.objects.filter(course_id=course_id).count()
    reached = {f"reached_{percent}": 1 for percent in thresholds_reached(completed=done, total=total)}
    _bump(LessonDay, {"lesson_id": progress.lesson_id, "day": day}, defaults={"course_id": course_id}, completed=1)
    _bump(CourseDay, {"course_id": course_id, "day": day}, lessons_completed=1, **reached)
    _bump(LearnerDay, {"user_id": progress.user_id, "day": day}, lessons_completed=1)
    _bump(SiteDay, {"day": day}, lessons_completed=1)


def rating_record(*, course_id, rated_at, before, after):
    """A learner's rating of a course was given, changed (before and after) or taken back (after is None)."""
    day = timezone.localdate(rated_at)
    count = (after is not None) - (before is not None)
    points = (after or 0) - (before or 0)
    scores = {}
    if before is not None:
        scores[f"score_{before}"] = -1
    if after is not None:
        scores[f"score_{after}"] = scores.get(f"score_{after}", 0) + 1
    _bump(CourseDay, {"course_id": course_id, "day": day}, ratings=count, rating_points=points, **scores)
    _bump(SiteDay, {"day": day}, ratings=count, rating_points=points)


def score_bucket(score_percent):
    return min(score_percent, 100) // 10


def exam_attempt_record(*, attempt, question_ids, wrong_question_ids):
    """A learner's exam attempt was scored."""
    day = timezone.localdate(attempt.created_at)
    course_id = attempt.exam.course_id
    first_pass = (
        attempt.passed
        and not ExamAttempt.objects.filter(exam_id=attempt.exam_id, user_id=attempt.user_id, passed=True)
        .exclude(pk=attempt.pk)
        .exists()
    )
    _bump(
        CourseDay,
        {"course_id": course_id, "day": day},
        exam_attempts=1,
        exam_passes=int(attempt.passed),
        exam_passers=int(first_pass),
    )
    _bump(SiteDay, {"day": day}, exam_attempts=1, exam_passes=int(attempt.passed))
    _bump(ScoreDay, {"course_id": course_id, "day": day, "bucket": score_bucket(attempt.score_percent)}, attempts=1)
    wrong = set(wrong_question_ids)
    for question_id in question_ids:
        _bump(
            QuestionDay,
            {"question_id": question_id, "day": day},
            defaults={"course_id": course_id},
            answered=1,
            right=int(question_id not in wrong),
        )


def certificate_record(*, certificate):
    """A certificate was issued (course certificates count for their course)."""
    day = timezone.localdate(certificate.issued_at)
    if certificate.course_id:
        _bump(CourseDay, {"course_id": certificate.course_id, "day": day}, certificates=1)
        _bump(SiteDay, {"day": day}, certificates=1)


def signup_record(*, user):
    _bump(SiteDay, {"day": timezone.localdate(user.date_joined)}, signups=1)


def search_record(*, text, found, now=None):
    """Count a catalog search, by its folded text; who searched is not stored."""
    term = " ".join(text.lower().split())[:SEARCH_TERM_MAX_LENGTH]
    if term:
        _bump(SearchDay, {"term": term, "day": timezone.localdate(now)}, searches=1, empty=int(not found))


def video_run_record(*, lesson_id, outcome, seconds, now=None):
    VideoRun.objects.create(day=timezone.localdate(now), lesson_id=lesson_id, outcome=outcome, seconds=seconds)
