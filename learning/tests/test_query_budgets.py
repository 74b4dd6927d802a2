"""Pages with a learner's progress and ratings run a fixed number of queries, whatever the catalog size."""

import pytest

from accounts.tests.factories import UserFactory
from courses.models import Lesson
from courses.tests.factories import CourseFactory, LessonFactory
from learning import services
from learning.tests.factories import RatingFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

COURSES = 64
STARTED = 20


@pytest.fixture
def catalog(learner):
    """64 courses with lessons, teachers and ratings; the learner has progress in 20 and rated 10."""
    teachers = TeacherFactory.create_batch(4)
    raters = UserFactory.create_batch(3)
    courses = []
    for index in range(COURSES):
        course = CourseFactory(teachers=teachers[index % 4 : index % 4 + 2])
        LessonFactory.create_batch(4, course=course, duration_seconds=100)
        for rater in raters:
            RatingFactory(course=course, user=rater, score=1 + index % 5, review="Reseña")
        courses.append(course)
    for index, course in enumerate(courses[:STARTED]):
        lessons = list(Lesson.objects.filter(course=course))
        finished = lessons if index % 5 == 0 else lessons[: 1 + index % 3]
        for lesson in finished:
            services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=100)
        if index < 10:
            services.rating_submit(user=learner, course=course, score=4, review="Me gustó")
    return courses


def test_home_with_continue_watching_runs_a_fixed_number_of_queries(
    client, learner, catalog, django_assert_max_num_queries
):
    client.force_login(learner)

    # Budget 15, on a first view (a repeated one is served from the cache: test_learner_pages): session + user
    # (2), newest and top-rated courses + their teachers (4), categories (1), paths + their courses (2), the next
    # scheduled publication (1); the learner's parts: progress rows, started courses + their teachers, their
    # lessons (4), the unread notifications count while it is not cached (1).
    with django_assert_max_num_queries(15):
        response = client.get("/")

    continuing = response.text[response.text.index("continue-watching") : response.text.index("</section>")]
    assert continuing.count('<article class="progress-card">') == 6


def test_course_page_with_the_learners_progress_and_rating_runs_a_fixed_number_of_queries(
    client, learner, catalog, django_assert_max_num_queries
):
    client.force_login(learner)
    course = catalog[1]

    # Budget 16, on a first view: session + user (2), course + teachers + lessons (3), rating distribution (1),
    # reviews count + page with their learners (2), its paths and whether it has an exam (2), the next scheduled
    # publication (1); the learner's parts: their facts (lessons with their progress, rating, certificate: 3),
    # the courses they saved (1) and the bell's unread count (1, cached afterwards).
    with django_assert_max_num_queries(16):
        response = client.get(course.get_absolute_url())

    assert "/rating/delete/" in response.text
    assert 'class="learner-progress"' in response.text


def test_lesson_page_with_the_learners_progress_runs_a_fixed_number_of_queries(
    client, learner, catalog, django_assert_max_num_queries
):
    client.force_login(learner)
    lesson = catalog[1].lessons.first()

    # Budget 12, on a first view: session + user (2), course and its lessons (2), caption tracks and their cues
    # for the transcript (2), the discussion's page of threads with their total (1), the next scheduled
    # publication (1); the learner's parts: their facts (3), their notes on it (1), the unread notifications
    # count while it is not cached (1); with threads, the learner's votes (1).
    with django_assert_max_num_queries(12):
        response = client.get(lesson.get_absolute_url())

    assert 'data-start-position="100"' in response.text


def test_my_learning_runs_a_fixed_number_of_queries(client, learner, catalog, django_assert_max_num_queries):
    client.force_login(learner)

    # Budget 7: session + user (2), progress rows, started courses + their teachers, their lessons (4),
    # the learner's ratings with their courses (1), their certificates (1); the saved courses' cards with their
    # teachers (2), which of them are saved (1), the bell's unread count (1, cached afterwards).
    with django_assert_max_num_queries(12):
        response = client.get("/me/")

    assert response.text.count('<article class="progress-card">') == STARTED
