from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, LessonFactory
from learning import selectors, services
from learning.tests.factories import RatingFactory

pytestmark = pytest.mark.django_db


def _lessons(course, count=3):
    return [LessonFactory(course=course, position=p, duration_seconds=100) for p in range(count)]


def test_learner_page_facts_of_a_learner_who_has_not_started_start_at_the_first_lesson():
    learner, lessons = UserFactory(), _lessons(CourseFactory())

    facts = selectors.learner_page_facts(learner, course_id=lessons[0].course_id)

    assert (facts.started, facts.percent, facts.continue_lesson) == (False, 0, lessons[0])


def test_learner_page_facts_continue_the_last_unfinished_lesson_watched():
    learner, lessons = UserFactory(), _lessons(CourseFactory())
    services.lesson_progress_update(user=learner, lesson=lessons[0], position_seconds=100)
    services.lesson_progress_update(user=learner, lesson=lessons[2], position_seconds=20)

    facts = selectors.learner_page_facts(learner, course_id=lessons[0].course_id)

    assert facts.continue_lesson == lessons[2]
    assert facts.completed_lesson_ids == {lessons[0].id}
    assert (facts.completed_lessons, facts.total_lessons, facts.percent) == (1, 3, 33)


def test_learner_page_facts_have_nothing_to_continue_when_every_lesson_is_complete():
    learner, lessons = UserFactory(), _lessons(CourseFactory(), count=2)
    for lesson in lessons:
        services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=100)

    facts = selectors.learner_page_facts(learner, course_id=lessons[0].course_id)

    assert facts.is_completed
    assert facts.continue_lesson is None


def test_an_anonymous_visitors_facts_are_empty_and_their_course_page_starts_at_the_first_lesson(client):
    lessons = _lessons(CourseFactory(slug="curso"))

    facts = selectors.learner_page_facts(AnonymousUser(), course_id=lessons[0].course_id)
    page = client.get("/courses/curso/")

    assert (facts.started, facts.percent, facts.continue_lesson) == (False, 0, None)
    assert f'href="/courses/curso/lessons/{lessons[0].slug}/">▶' in page.text


def test_learner_courses_in_progress_leaves_out_finished_and_unpublished_courses():
    learner = UserFactory()
    started, finished, hidden = CourseFactory(), CourseFactory(), CourseFactory()
    services.lesson_progress_update(user=learner, lesson=_lessons(started)[0], position_seconds=10)
    [only_lesson] = _lessons(finished, count=1)
    services.lesson_progress_update(user=learner, lesson=only_lesson, position_seconds=100)
    services.lesson_progress_update(user=learner, lesson=_lessons(hidden)[0], position_seconds=10)
    hidden.soft_delete()

    in_progress = selectors.learner_courses_in_progress(user=learner)

    assert [summary.course for summary in in_progress] == [started]


def test_learner_courses_in_progress_respects_the_limit():
    learner = UserFactory()
    for _ in range(3):
        services.lesson_progress_update(user=learner, lesson=_lessons(CourseFactory())[0], position_seconds=10)

    assert len(selectors.learner_courses_in_progress(user=learner, limit=2)) == 2


def test_course_reviews_are_newest_first_and_skip_deleted_ratings():
    course = CourseFactory()
    older, newer = RatingFactory(course=course, review="Buena"), RatingFactory(course=course, review="Mejor")
    RatingFactory(course=course, review="Borrada").soft_delete()

    assert list(selectors.course_reviews(course=course)) == [newer, older]


def test_course_reviews_leave_out_ratings_without_text():
    course = CourseFactory()
    RatingFactory(course=course, review="")

    assert list(selectors.course_reviews(course=course)) == []


def test_learner_rating_is_none_for_anonymous_learners():
    assert selectors.learner_rating(user=AnonymousUser(), course=CourseFactory()) is None


def test_rating_stats_always_have_the_five_scores():
    course = CourseFactory()
    RatingFactory.create_batch(2, course=course, score=5)
    RatingFactory(course=course, score=2)
    course.refresh_from_db()

    stats = selectors.course_rating_stats(course=course)

    assert stats["rating_distribution"] == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 2}
    assert (stats["average_rating"], stats["total_ratings"]) == (Decimal("4.00"), 3)


def test_learner_course_progress_continues_after_the_last_completed_lesson():
    learner, course = UserFactory(), CourseFactory()
    first, second, _third = (LessonFactory(course=course, position=p, duration_seconds=100) for p in (1, 2, 3))
    services.lesson_progress_update(user=learner, lesson=first, position_seconds=100)

    [progress] = selectors.learner_course_progress(user=learner)

    assert (progress.completed_lessons, progress.total_lessons, progress.percent) == (1, 3, 33)
    assert progress.next_lesson == second


def test_learner_course_progress_lists_the_most_recent_course_first(django_assert_max_num_queries):
    learner = UserFactory()
    courses = [CourseFactory() for _ in range(20)]
    for course in courses:
        lessons = LessonFactory.create_batch(3, course=course)
        services.lesson_progress_update(user=learner, lesson=lessons[0], position_seconds=10)

    with django_assert_max_num_queries(5):
        progress = selectors.learner_course_progress(user=learner)
        names = [p.course.name for p in progress]

    assert names[0] == courses[-1].name
    assert len(progress) == 20
