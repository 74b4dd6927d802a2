"""Search that finds the moment: caption cues in the catalog search and GET /api/v1/moments/."""

from decimal import Decimal

import pytest
from django.db import connection

from courses.models import Caption, CaptionCue
from courses.tests.factories import CourseFactory, LessonFactory, hidden_course

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL")


def cue(lesson, text, start, position=0, language="es"):
    caption, _ = Caption.objects.get_or_create(lesson=lesson, language=language, defaults={"file": "captions/x.vtt"})
    return CaptionCue.objects.create(
        caption=caption,
        position=position,
        start_seconds=Decimal(start),
        end_seconds=Decimal(start) + 3,
        text=text,
    )


@pytest.fixture
def lesson():
    course = CourseFactory(name="Curso de Python", slug="python")
    return LessonFactory(course=course, name="Decoradores", slug="decoradores")


@postgres_only
def test_moments_are_found_in_spanish_without_accents_and_by_word_stem(api_client, lesson):
    cue(lesson, "Hoy aprendemos programación funcional.", "12.400")

    body = api_client.get("/api/v1/moments/", {"q": "programacion"}).json()

    assert body["count"] == 1
    assert body["results"][0] == {
        "course": "python",
        "course_name": "Curso de Python",
        "lesson": "decoradores",
        "lesson_name": "Decoradores",
        "language": "es",
        "start_seconds": 12.4,
        "text": "Hoy aprendemos programación funcional.",
        "url": "http://testserver/courses/python/lessons/decoradores/?t=12",
    }


def test_moments_match_case_insensitively(api_client, lesson):
    cue(lesson, "Los DECORADORES envuelven funciones.", "5")

    body = api_client.get("/api/v1/moments/", {"q": "decoradores"}).json()

    assert [moment["start_seconds"] for moment in body["results"]] == [5.0]


@pytest.mark.parametrize("kind", ["draft", "scheduled", "hidden_category"])
def test_moments_of_hidden_courses_are_not_found(api_client, kind):
    cue(LessonFactory(course=hidden_course(kind)), "Decoradores ocultos", "1")

    assert api_client.get("/api/v1/moments/", {"q": "decoradores"}).json()["count"] == 0


def test_moments_of_deleted_lessons_are_not_found(api_client, lesson):
    cue(lesson, "Decoradores borrados", "1")
    lesson.soft_delete()

    assert api_client.get("/api/v1/moments/", {"q": "decoradores"}).json()["count"] == 0


def test_without_a_query_there_are_no_moments(api_client, lesson):
    cue(lesson, "Decoradores", "1")

    assert api_client.get("/api/v1/moments/").json() == {"count": 0, "next": None, "previous": None, "results": []}


def test_moments_are_paginated_in_a_fixed_number_of_queries(api_client, lesson, django_assert_max_num_queries):
    for position in range(30):
        cue(lesson, f"Decoradores, parte {position}", str(position * 4), position=position)

    with django_assert_max_num_queries(3):
        body = api_client.get("/api/v1/moments/", {"q": "decoradores", "page_size": 10}).json()

    assert body["count"] == 30
    assert len(body["results"]) == 10
    assert body["next"]


def test_catalog_results_show_moments_with_highlighted_words_and_a_link_to_the_second(client, lesson):
    cue(lesson, "Un decorador <b>envuelve</b> una función", "75.5")

    page = client.get("/courses/", {"q": "decorador"}).content.decode()

    assert 'href="/courses/python/lessons/decoradores/?t=75"' in page
    assert "1:15" in page
    assert "<mark>" in page
    assert "&lt;b&gt;envuelve&lt;/b&gt;" in page


def test_catalog_without_a_search_shows_no_moments(client, lesson):
    cue(lesson, "Decoradores", "1")

    assert "moments-heading" not in client.get("/courses/").content.decode()
