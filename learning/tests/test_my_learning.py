import pytest

from courses.tests.factories import CourseFactory, LessonFactory
from learning import services
from learning.tests.factories import RatingFactory

# Pages in the source language, so the assertions read the English strings.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_is_the_first_language")]


def _course_with_lessons(name, count=2):
    course = CourseFactory(name=name)
    return course, [LessonFactory(course=course, position=p, duration_seconds=100) for p in range(count)]


def _section(response, heading_id):
    """The HTML of the page's section headed by ``heading_id``."""
    start = response.text.index(f'aria-labelledby="{heading_id}"')
    return response.text[start : response.text.index("</section>", start)]


def test_my_learning_sends_anonymous_learners_to_log_in_and_back(client):
    response = client.get("/me/")

    assert response.url == "/accounts/login/?next=/me/"


def test_my_learning_lists_courses_in_progress_with_their_percentage(client, learner):
    _course, lessons = _course_with_lessons("Curso de Django")
    services.lesson_progress_update(user=learner, lesson=lessons[0], position_seconds=100)
    client.force_login(learner)

    response = client.get("/me/")

    assert "Curso de Django" in _section(response, "in-progress-title")
    assert "1 of 2 lessons · 50% completed" in response.text
    assert "Courses you finish will show up here." in _section(response, "completed-title")


def test_my_learning_lists_completed_courses(client, learner):
    _course, lessons = _course_with_lessons("Curso de Git")
    for lesson in lessons:
        services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=0, completed=True)
    client.force_login(learner)

    response = client.get("/me/")

    assert "Curso de Git" in _section(response, "completed-title")
    assert "100% completed" in response.text
    assert "You have no course in progress." in _section(response, "in-progress-title")


def test_my_learning_lists_the_learners_ratings_of_published_courses(client, learner):
    RatingFactory(user=learner, course=CourseFactory(name="Curso publicado"), score=5, review="Excelente")
    RatingFactory(user=learner, course=CourseFactory(name="Curso oculto", draft=True))
    RatingFactory(course=CourseFactory(name="Curso ajeno"))
    client.force_login(learner)

    response = client.get("/me/")

    ratings = _section(response, "my-ratings-title")
    assert "Curso publicado" in ratings
    assert "Curso oculto" not in ratings and "Curso ajeno" not in ratings
    assert "Excelente" in ratings


def test_my_learning_shows_empty_states_to_a_new_learner(client, learner):
    client.force_login(learner)

    response = client.get("/me/")

    assert "You have no course in progress." in response.text
    assert "You have not rated any course yet." in response.text
