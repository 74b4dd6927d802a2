"""Believable learner activity over the last days, written with bulk inserts, then the rollups rebuilt from it:
what seed_demo and seed_scale use so the charts have something to show, and what the tests check the numbers
against.

Learners arrive over the period, start one to three courses, watch a lesson or two on the days they come back,
drop out a little more at each lesson, rate what they watched, and those who finish take the exam (the hard
questions are missed more often) and get their certificate. Searches and video runs are added as counts."""

import math
import random
from collections import defaultdict
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from analytics import rebuild
from analytics.models import SearchDay, VideoRun, WatchLog
from core.public_cache import public_content_changed
from courses.models import Course, Lesson
from learning.models import Certificate, Choice, Exam, ExamAttempt, LessonProgress, Question, Rating
from learning.services import course_rating_stats_refresh

SEARCHES = [
    ("python", 0.9),
    ("django", 0.7),
    ("javascript", 0.6),
    ("react", 0.5),
    ("sql", 0.4),
    ("docker", 0.35),
    ("machine learning", 0.3),
    ("git", 0.3),
    ("typescript", 0.25),
    ("diseño", 0.2),
    ("excel", 0.2),
    ("kotlin", 0.15),
    ("blockchain", 0.12),
    ("rust", 0.1),
    ("unity", 0.08),
    ("figma", 0.08),
    ("power bi", 0.07),
    ("swift", 0.05),
    ("aws", 0.05),
    ("photoshop", 0.04),
    ("go", 0.04),
    ("flutter", 0.03),
]
EMPTY_SEARCHES = {"excel", "kotlin", "blockchain", "rust", "unity", "power bi", "swift", "photoshop", "flutter"}
DROP_OUT_PER_LESSON = 0.07
BATCH = 5000


def _at(day, rng):
    """A moment of the day, in the site's time zone, when learners are awake."""
    return timezone.make_aware(datetime.combine(day, time(hour=rng.randint(7, 22), minute=rng.randint(0, 59))))


def _daily_pattern(day):
    """More learning on weekdays, a little less on weekends."""
    return 0.75 if day.weekday() >= 5 else 1.0


@transaction.atomic
def activity_generate(*, courses, learners=0, learner_prefix="activo", days=90, seed=23, extra_users=(), today=None):
    """Add ``learners`` new learners (``<prefix>-<n>``) with activity on ``courses`` over the last ``days`` days,
    and activity for ``extra_users`` too (on courses they have not started); then rebuild the rollups of the
    period. Returns the number of watch-log rows written."""
    rng = random.Random(seed)
    today = today or timezone.localdate()
    first = today - timedelta(days=days - 1)
    user_model = get_user_model()
    password = make_password(None)
    new_users = [
        user_model(
            username=f"{learner_prefix}-{index}",
            email=f"{learner_prefix}{index}@example.com",
            first_name="Aprendiz",
            last_name=str(index),
            password=password,
            date_joined=_at(first + timedelta(days=int(days * rng.random() ** 0.8)), rng),
        )
        for index in range(1, learners + 1)
    ]
    user_model.objects.bulk_create(new_users, batch_size=BATCH)
    users = list(user_model.objects.filter(username__startswith=f"{learner_prefix}-").order_by("pk")) + list(
        extra_users
    )
    courses = list(courses)
    lessons = defaultdict(list)
    for lesson in Lesson.objects.filter(course__in=courses).order_by("position", "id"):
        lessons[lesson.course_id].append(lesson)
    courses = [course for course in courses if lessons[course.pk]]
    exams = {exam.course_id: exam for exam in Exam.objects.filter(course__in=courses)}
    questions = defaultdict(list)
    for question in Question.objects.filter(exam__in=exams.values()).order_by("position", "id"):
        questions[question.exam_id].append(question)
    choices = defaultdict(lambda: [None, []])
    for choice in Choice.objects.filter(question__exam__in=exams.values()):
        if choice.is_correct:
            choices[choice.question_id][0] = choice.pk
        else:
            choices[choice.question_id][1].append(choice.pk)
    taken = set(LessonProgress.objects.filter(user__in=users).values_list("user_id", "lesson__course_id"))
    rated = set(Rating.all_objects.filter(user__in=users).values_list("user_id", "course_id"))
    certified = set(Certificate.objects.filter(user__in=users).values_list("user_id", "course_id"))
    popularity = [1 / (rank + 1) ** 0.7 for rank in range(len(courses))]

    progress_rows, logs, ratings, attempts, certificates = [], [], [], [], []
    extra = {user.pk for user in extra_users}
    for user in users:
        # the named learners (the demo's) get the last two weeks, so their /me/ shows a week and a streak
        joined = max(first, today - timedelta(days=13)) if user.pk in extra else timezone.localdate(user.date_joined)
        joined = max(joined, first)
        if user.pk in extra:  # three courses they have not started, a lesson a day: a week to show and a streak
            chosen = [course for course in courses if (user.pk, course.pk) not in taken][:3]
        else:
            chosen = {*rng.choices(courses, weights=popularity, k=rng.randint(1, 3))}
        next_day = joined  # the named learners take their courses one after the other
        for course in chosen:
            if (user.pk, course.pk) in taken or joined > today:
                continue
            day = (
                next_day if user.pk in extra else joined + timedelta(days=rng.randint(0, min(6, (today - joined).days)))
            )
            completed = 0
            for lesson in lessons[course.pk]:
                dropped = user.pk not in extra and rng.random() < DROP_OUT_PER_LESSON * (1.5 if completed == 0 else 1)
                last = lesson is lessons[course.pk][-1]
                if day > today or dropped or (user.pk in extra and last):  # named learners hold no new certificate
                    break
                duration = lesson.duration_seconds or 300
                started_at = _at(day, rng)
                finishes = user.pk in extra or rng.random() < 0.88
                position = duration if finishes else rng.randint(duration // 10, duration * 8 // 10)
                watched = min(position, duration)
                logs.append(
                    WatchLog(
                        user_id=user.pk,
                        lesson_id=lesson.pk,
                        course_id=course.pk,
                        day=day,
                        seconds=watched,
                        position_seconds=position,
                    )
                )
                progress_rows.append(
                    LessonProgress(
                        user_id=user.pk,
                        lesson_id=lesson.pk,
                        position_seconds=position,
                        completed_at=started_at + timedelta(seconds=watched) if finishes else None,
                        created_at=started_at,
                        updated_at=started_at + timedelta(seconds=watched),
                    )
                )
                if not finishes:
                    break
                completed += 1
                # back the same day for another lesson, or on one of the next days
                if user.pk in extra:
                    day += timedelta(days=1)
                elif rng.random() > 0.35 * _daily_pattern(day):
                    day += timedelta(days=rng.choice([1, 1, 1, 2, 2, 3, 5]))
            next_day = day
            finished = completed == len(lessons[course.pk])
            if completed and (user.pk, course.pk) not in rated and rng.random() < (0.6 if finished else 0.25):
                score = rng.choices([5, 4, 3, 2, 1], weights=[6, 4, 2, 1, 1] if finished else [3, 4, 3, 2, 1])[0]
                when = _at(min(day, today), rng)
                ratings.append(
                    Rating(user_id=user.pk, course_id=course.pk, score=score, created_at=when, updated_at=when)
                )
            if not finished or min(day, today) > today:
                continue
            exam = exams.get(course.pk)
            passed_on = None
            if exam is not None and questions[exam.pk]:
                for attempt_number in range(3):
                    answers, right = {}, 0
                    for index, question in enumerate(questions[exam.pk]):
                        correct_id, wrong_ids = choices[question.pk]
                        difficulty = 0.55 + 0.4 * ((index * 37) % 10) / 10
                        if rng.random() < min(difficulty + 0.1 * attempt_number, 0.98) or not wrong_ids:
                            answers[str(question.pk)] = correct_id
                            right += 1
                        else:
                            answers[str(question.pk)] = rng.choice(wrong_ids)
                    total = len(questions[exam.pk])
                    score = round(100 * right / total)
                    when = _at(min(day, today), rng) + timedelta(minutes=10 * attempt_number)
                    attempts.append(
                        ExamAttempt(
                            exam=exam,
                            user_id=user.pk,
                            answers=answers,
                            correct=right,
                            total=total,
                            score_percent=score,
                            passed=score >= exam.pass_percent,
                            created_at=when,
                        )
                    )
                    if score >= exam.pass_percent:
                        passed_on = when
                        break
                if passed_on is None:
                    continue
            if (user.pk, course.pk) not in certified:
                certified.add((user.pk, course.pk))
                certificates.append(
                    Certificate(
                        kind=Certificate.Kind.COURSE,
                        user_id=user.pk,
                        course=course,
                        learner_name=user.get_full_name() or user.username,
                        title=course.name,
                        duration_seconds=sum(lesson.duration_seconds for lesson in lessons[course.pk]),
                        issued_at=(passed_on or _at(min(day, today), rng)) + timedelta(seconds=5),
                    )
                )
    WatchLog.objects.bulk_create(logs, batch_size=BATCH)
    _bulk_with_times(LessonProgress, progress_rows)
    _bulk_with_times(Rating, ratings)
    for course in {rating.course_id for rating in ratings}:  # the stored averages and counts the pages show
        course_rating_stats_refresh(course=Course.all_objects.get(pk=course))
    ExamAttempt.objects.bulk_create(attempts, batch_size=BATCH)
    Certificate.objects.bulk_create(certificates, batch_size=BATCH)
    _searches(rng, first, today, scale=max(len(users) // 20, 3))
    VideoRun.objects.bulk_create(
        VideoRun(
            day=first + timedelta(days=rng.randrange(days)),
            lesson_id=rng.choice(lessons[rng.choice(courses).pk]).pk if courses else 0,
            outcome="failed" if rng.random() < 0.06 else "ready",
            seconds=round(rng.lognormvariate(math.log(40), 0.5), 1),
        )
        for _ in range(max(days // 2, 5))
    )
    rebuild.days_rebuild(first=first, last=today)
    public_content_changed()  # rows written in bulk send no signal
    return len(logs)


def _bulk_with_times(model, rows):
    """bulk_create keeping the rows' own created_at and updated_at: the timestamps' auto_now and auto_now_add are
    switched off while it runs (a seeding command's process, never a request's)."""
    fields = [model._meta.get_field(name) for name in ("created_at", "updated_at")]
    saved = [(field.auto_now, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now = field.auto_now_add = False
        model.objects.bulk_create(rows, batch_size=BATCH)
    finally:
        for field, (auto_now, auto_now_add) in zip(fields, saved, strict=True):
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def _searches(rng, first, today, *, scale):
    rows = []
    day = first
    while day <= today:
        for term, weight in SEARCHES:
            searches = int(rng.gauss(weight * scale * _daily_pattern(day), weight * scale / 4))
            if searches > 0:
                rows.append(
                    SearchDay(term=term, day=day, searches=searches, empty=searches if term in EMPTY_SEARCHES else 0)
                )
        day += timedelta(days=1)
    SearchDay.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
