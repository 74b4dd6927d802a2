"""The issue's "done when": sign up, watch part of a lesson, resume, finish the course, see it on /me/, rate it."""

import json

import pytest
from django.test import Client

from courses.tests.factories import CourseFactory, LessonFactory
from learning.models import Rating

pytestmark = pytest.mark.django_db


def _put_progress(client, course, lesson, **body):
    return client.put(
        f"/api/v1/courses/{course.slug}/lessons/{lesson.slug}/progress/",
        data=json.dumps(body),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )


def test_a_new_learner_signs_up_resumes_finishes_and_rates_a_course():
    course = CourseFactory(slug="git", name="Curso de Git")
    first = LessonFactory(course=course, slug="intro", position=1, duration_seconds=300)
    second = LessonFactory(course=course, slug="ramas", position=2, duration_seconds=300)
    client = Client(enforce_csrf_checks=True)

    client.get("/accounts/signup/")
    client.post(
        "/accounts/signup/",
        {
            "first_name": "Nueva",
            "last_name": "Aprendiz",
            "username": "nueva",
            "email": "nueva@example.com",
            "password1": "una-clave-muy-segura-1",
            "password2": "una-clave-muy-segura-1",
            "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        },
    )
    client.get("/courses/git/lessons/intro/")
    saved = _put_progress(client, course, first, position_seconds=137, completed=False)
    resumed = client.get("/courses/git/lessons/intro/")
    _put_progress(client, course, first, position_seconds=300, completed=False)
    client.get("/courses/git/lessons/ramas/")
    client.post("/courses/git/lessons/ramas/complete/", {"csrfmiddlewaretoken": client.cookies["csrftoken"].value})
    my_learning = client.get("/me/")
    client.post(
        "/courses/git/rating/",
        {"score": "5", "review": "Por fin entiendo rebase", "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
    )

    assert saved.status_code == 200
    assert 'data-start-position="137"' in resumed.text
    assert "Curso de Git" in my_learning.text.split('id="completed-title"')[1]
    assert "No tienes cursos en curso." in my_learning.text
    assert Rating.objects.get(course=course, user__username="nueva").score == 5
    assert second.progress.get().is_completed
