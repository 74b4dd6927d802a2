"""Simultaneous rating submissions, completions and exam attempts, on PostgreSQL where rows are really locked."""

import threading
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection, connections

from accounts.tests.factories import UserFactory
from courses.models import Course
from courses.tests.factories import CourseFactory, LessonFactory
from learning import services
from learning.models import Certificate, ExamAttempt, Rating
from learning.tests.factories import exam_with_questions, right_answers

THREADS = 8


def _run_at_once(jobs):
    """Run the callables in separate threads, each with its own database connection, released at the end."""
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=10)
            job()
        except Exception as exc:  # collected and re-raised in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip(
            "SQLite serialises all writers, so it cannot show row locking; run with DATABASE_URL=postgres://..."
        )


@pytest.mark.django_db(transaction=True)
def test_simultaneous_ratings_from_one_learner_leave_exactly_one_active_rating(postgresql_only):
    course, learner = CourseFactory(), UserFactory()
    scores = [1 + index % 5 for index in range(THREADS)]

    _run_at_once(
        [lambda score=score: services.rating_submit(user=learner, course=course, score=score) for score in scores]
    )

    course = Course.objects.get(pk=course.pk)
    [rating] = Rating.objects.filter(course=course, user=learner)
    assert rating.score in scores
    assert (course.average_rating, course.total_ratings) == (Decimal(rating.score), 1)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_ratings_from_many_learners_keep_the_average_and_count_exact(postgresql_only):
    course = CourseFactory()
    learners = UserFactory.create_batch(THREADS)
    scores = [1 + index % 5 for index in range(THREADS)]

    _run_at_once(
        [
            lambda learner=learner, score=score: services.rating_submit(user=learner, course=course, score=score)
            for learner, score in zip(learners, scores, strict=True)
        ]
    )

    course = Course.objects.get(pk=course.pk)
    expected_average = (Decimal(sum(scores)) / len(scores)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    assert Rating.objects.filter(course=course).count() == THREADS
    assert (course.average_rating, course.total_ratings) == (expected_average, THREADS)


@pytest.mark.django_db(transaction=True)
def test_simultaneous_completions_of_the_last_lessons_issue_exactly_one_certificate(postgresql_only):
    learner, course = UserFactory(), CourseFactory()
    lessons = LessonFactory.create_batch(THREADS, course=course)

    _run_at_once([lambda lesson=lesson: services.lesson_complete(user=learner, lesson=lesson) for lesson in lessons])

    assert Certificate.objects.filter(user=learner, course=course).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_passing_attempts_issue_exactly_one_certificate(postgresql_only):
    learner, course = UserFactory(), CourseFactory()
    LessonFactory(course=course)
    exam = exam_with_questions(course)
    services.lesson_complete(user=learner, lesson=course.lessons.get())
    answers = right_answers(exam)

    _run_at_once(
        [lambda: services.course_certificate_issue(user=learner, course=course) for _ in range(THREADS // 2)]
        + [
            lambda: services.exam_attempt_submit(user=learner, exam=exam, answers=answers)
            for _ in range(services.EXAM_ATTEMPTS_PER_DAY)
        ]
    )

    assert Certificate.objects.filter(user=learner, course=course).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_attempts_never_exceed_the_daily_limit(postgresql_only):
    learner, course = UserFactory(), CourseFactory()
    LessonFactory(course=course)
    exam = exam_with_questions(course)
    services.lesson_complete(user=learner, lesson=course.lessons.get())
    refused = []

    def attempt():
        try:
            services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam, wrong=5))
        except services.ExamAttemptLimitReached:
            refused.append(True)

    _run_at_once([attempt for _ in range(THREADS)])

    assert ExamAttempt.objects.filter(user=learner, exam=exam).count() == services.EXAM_ATTEMPTS_PER_DAY
    assert len(refused) == THREADS - services.EXAM_ATTEMPTS_PER_DAY
