"""Teachers' headlines and biographies in the page's language: English on the English site, where staff wrote it."""

import pytest

from courses.tests.factories import CourseFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return TeacherFactory(
        name="Facundo García Martoni",
        headline="Profesor de Python",
        headline_en="Python teacher",
        bio="Explica lo difícil con ejemplos sencillos.",
        bio_en="He explains hard things with simple examples.",
    )


def test_english_teacher_directory_shows_the_english_headline(client, teacher):
    CourseFactory(teachers=[teacher])

    page = client.get("/en/teachers/").text

    assert ("Python teacher" in page, "Profesor de Python" in page) == (True, False)


def test_english_teacher_page_shows_the_english_headline_and_bio(client, teacher):
    page = client.get(f"/en{teacher.get_absolute_url()}").text

    assert "He explains hard things with simple examples." in page
    assert ("Python teacher" in page, "Explica lo difícil" in page) == (True, False)


def test_english_course_page_teacher_card_shows_the_english_headline(client, teacher):
    course = CourseFactory(teachers=[teacher])

    page = client.get(f"/en{course.get_absolute_url()}").text

    assert ("Python teacher" in page, "Profesor de Python" in page) == (True, False)


def test_spanish_pages_keep_the_spanish_headline(client, teacher):
    course = CourseFactory(teachers=[teacher])

    pages = client.get(teacher.get_absolute_url()).text + client.get(course.get_absolute_url()).text

    assert ("Profesor de Python" in pages, "Python teacher" in pages) == (True, False)


def test_english_page_falls_back_to_the_spanish_headline_when_none_was_written(client):
    teacher = TeacherFactory(headline="Profesora de SQL", headline_en="")

    page = client.get(f"/en{teacher.get_absolute_url()}").text

    assert "Profesora de SQL" in page


def test_teacher_api_answers_in_english_when_asked(api_client, teacher):
    body = api_client.get(f"/api/v1/teachers/{teacher.slug}/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert (body["headline"], body["bio"]) == ("Python teacher", "He explains hard things with simple examples.")


def test_staff_write_the_english_headline_through_the_api(api_client, staff_editor, teacher):
    api_client.force_authenticate(staff_editor)

    response = api_client.patch(
        f"/api/v1/teachers/{teacher.slug}/", {"headline_en": "Python and Django teacher"}, format="json"
    )

    teacher.refresh_from_db()
    assert response.status_code == 200
    assert (response.json()["headline"], teacher.headline_en) == ("Profesor de Python", "Python and Django teacher")
