"""Course, category and lesson texts in the learner's language, with Spanish where no translation exists."""

import pytest
from django.utils import translation

from courses.models import Course
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def course():
    category = CategoryFactory(name="Programación", name_en="Programming")
    course = CourseFactory(
        slug="python",
        name="Curso de Python",
        name_en="Python course",
        summary="Tu primer lenguaje.",
        summary_en="Your first language.",
        category=category,
    )
    LessonFactory(course=course, slug="bucles", name="Bucles", name_en="Loops", description="Repite.")
    return course


def test_course_page_in_english_shows_the_english_texts(client, course):
    response = client.get("/en/courses/python/")

    missing = [
        text for text in ("Python course", "Your first language.", "Programming", "Loops") if text not in response.text
    ]
    assert missing == []


def test_course_page_in_spanish_shows_the_spanish_texts(client, course):
    response = client.get("/courses/python/")

    assert "Curso de Python" in response.text
    assert "Python course" not in response.text


def test_an_untranslated_text_falls_back_to_spanish(client, course):
    response = client.get("/en/courses/python/lessons/bucles/")

    assert "Repite." in response.text


def test_api_answers_in_the_callers_language(api_client, course):
    response = api_client.get("/api/v1/courses/python/", HTTP_ACCEPT_LANGUAGE="en")

    body = response.json()
    assert (body["name"], body["category"]["name"], body["lessons"][0]["name"]) == (
        "Python course",
        "Programming",
        "Loops",
    )


def test_catalog_search_in_english_finds_the_english_name(client, course):
    response = client.get("/en/courses/", {"q": "loops"})

    assert [item.name for item in response.context["courses"]] == ["Python course"]


def test_saving_while_english_is_active_keeps_the_spanish_name(course):
    with translation.override("en"):
        course.full_clean()
        course.save()

    assert Course.objects.values_list("name", flat=True).get(pk=course.pk) == "Curso de Python"


def test_admin_form_edits_the_spanish_name_even_for_an_english_speaking_staff(admin_client, course):
    response = admin_client.get(f"/admin/courses/course/{course.pk}/change/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.context["adminform"].form["name"].value() == "Curso de Python"
    assert response.context["adminform"].form["name_en"].value() == "Python course"


def test_only_brings_the_english_columns_of_the_translated_fields_it_names(course, django_assert_num_queries):
    with translation.override("en"), django_assert_num_queries(1):
        rows = list(Course.objects.select_related("category").only("slug", "name", "category__name"))
        texts = [(row.name, row.category.name) for row in rows]

    assert texts == [("Python course", "Programming")]


def test_only_leaves_the_english_columns_of_fields_it_does_not_name_deferred(course):
    row = Course.objects.only("slug", "name").get()

    assert row.get_deferred_fields() >= {"summary", "summary_en", "description_en"}
    assert "name_en" not in row.get_deferred_fields()
