"""The lesson page offers every caption track to the player and shows the transcript in the page's language."""

import pytest
from django.core.files.base import ContentFile

from courses import services
from courses.tests.factories import CourseFactory, LessonFactory

pytestmark = pytest.mark.django_db


def _caption(lesson, language, text):
    vtt = f"WEBVTT\n\n00:00.000 --> 00:04.000\n{text}\n"
    services.caption_save(lesson=lesson, language=language, file=ContentFile(vtt.encode(), name=f"{language}.vtt"))


@pytest.fixture
def lesson():
    lesson = LessonFactory(course=CourseFactory(slug="python"), slug="intro")
    _caption(lesson, "es", "Bienvenido a la clase.")
    return lesson


def _page(client, lesson, prefix=""):
    return client.get(f"{prefix}/courses/{lesson.course.slug}/lessons/{lesson.slug}/")


def test_english_page_shows_the_english_transcript_and_offers_both_tracks(client, lesson):
    _caption(lesson, "en", "Welcome to the lesson.")

    response = _page(client, lesson, "/en")

    page = response.content.decode()
    assert response.context["transcript"].language == "en"
    assert ("Welcome to the lesson." in page, "Bienvenido a la clase." in page) == (True, False)
    assert page.count("<track ") == 2
    assert 'srclang="en" label="English" default' in page


def test_spanish_page_shows_the_spanish_transcript_with_the_english_track_on_offer(client, lesson):
    _caption(lesson, "en", "Welcome to the lesson.")

    response = _page(client, lesson)

    assert response.context["transcript"].language == "es"
    assert response.content.decode().count("<track ") == 2


def test_english_page_falls_back_to_the_spanish_transcript_when_there_is_no_english_one(client, lesson):
    response = _page(client, lesson, "/en")

    assert response.context["transcript"].language == "es"
    assert "Bienvenido a la clase." in response.content.decode()
