import pytest

from courses.tests.factories import CourseFactory, LessonFactory
from learning import services

# Pages in the source language, so the assertions read the English strings.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_is_the_first_language")]


def test_home_lists_published_courses_and_hides_drafts(client):
    CourseFactory(name="Curso de Python")
    CourseFactory(name="Curso secreto", draft=True)

    response = client.get("/")

    assert response.status_code == 200
    assert "Curso de Python" in response.text
    assert "Curso secreto" not in response.text


def test_home_continues_the_learners_courses_most_recent_first(client, learner):
    older, newer = CourseFactory(name="Curso viejo"), CourseFactory(name="Curso nuevo")
    older_lessons = LessonFactory.create_batch(2, course=older, duration_seconds=100)
    newer_lessons = LessonFactory.create_batch(2, course=newer, duration_seconds=100)
    services.lesson_progress_update(user=learner, lesson=older_lessons[0], position_seconds=100)
    services.lesson_progress_update(user=learner, lesson=newer_lessons[0], position_seconds=10)
    client.force_login(learner)

    response = client.get("/")

    continuing = response.text[response.text.index("continue-watching") : response.text.index("</section>")]
    assert continuing.index("Curso nuevo") < continuing.index("Curso viejo")
    assert "Continue watching" in response.text
    assert f'href="/courses/{older.slug}/lessons/{older_lessons[1].slug}/"' in response.text
    assert f'href="/courses/{newer.slug}/lessons/{newer_lessons[0].slug}/"' in response.text


def test_home_leaves_finished_courses_out_of_continue_watching(client, learner):
    lesson = LessonFactory(course=CourseFactory(), duration_seconds=100)
    services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=100)
    client.force_login(learner)

    response = client.get("/")

    assert "Continue watching" not in response.text


def test_home_shows_no_continue_watching_to_anonymous_learners(client):
    response = client.get("/")

    assert "Continue watching" not in response.text
