"""Home, error pages, discoverability and languages of the learner site."""

import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from core import errors as api_errors
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def test_home_shows_newest_and_top_rated_courses_and_categories(client):
    CourseFactory(name="Curso nuevo", category=CategoryFactory(name="Programación"))
    CourseFactory(name="Curso querido", average_rating=5, total_ratings=8)

    response = client.get("/")

    assert [c.name for c in response.context["top_rated"]] == ["Curso querido"]
    assert "Curso nuevo" in response.text
    assert "Programación" in response.text


def test_home_has_an_empty_state_without_courses(client):
    response = client.get("/en/")

    assert "No courses have been published yet." in response.text


def test_every_page_has_a_skip_link_to_the_main_content(client):
    response = client.get("/")

    assert 'href="#main-content"' in response.text
    assert '<main id="main-content"' in response.text


def test_home_is_in_spanish_by_default(client):
    response = client.get("/")

    assert '<html lang="es">' in response.text
    assert "Aprende con los mejores profesores de Latinoamérica" in response.text


def test_plural_messages_use_spanish_plural_forms(client):
    LessonFactory.create_batch(3, course=CourseFactory())

    response = client.get("/")

    assert "3 clases" in response.text


def test_home_is_in_english_under_the_english_prefix(client):
    response = client.get("/en/")

    assert '<html lang="en">' in response.text
    assert "Learn from the best teachers in Latin America" in response.text


def test_spanish_pages_ignore_an_english_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert '<html lang="es">' in response.text
    assert "Accept-Language" not in response.get("Vary", "")


def test_language_switcher_links_to_the_same_page_and_query_in_each_language(client):
    response = client.get("/courses/?q=python")

    assert 'href="/courses/?q=python" hreflang="es"' in response.text
    assert 'href="/en/courses/?q=python" hreflang="en"' in response.text


def test_pages_name_their_other_language_versions_for_search_engines(client):
    response = client.get("/en/teachers/")

    alternates = [
        '<link rel="alternate" hreflang="es" href="http://testserver/teachers/">',
        '<link rel="alternate" hreflang="en" href="http://testserver/en/teachers/">',
        '<link rel="alternate" hreflang="x-default" href="http://testserver/teachers/">',
    ]
    assert [tag for tag in alternates if tag not in response.text] == []


def test_the_old_language_form_still_takes_the_learner_to_the_page_in_the_chosen_language(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/courses/?q=python"})

    assert response.status_code == 302
    assert response["Location"] == "/en/courses/?q=python"


def test_unknown_url_answers_the_styled_404_page(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert 'class="error-page__code"' in response.text
    assert 'id="main-content"' in response.text


def test_permission_denied_answers_the_styled_403_page(rf):
    response = api_errors.permission_denied(rf.get("/"), exception=None)

    assert response.status_code == 403
    assert b"error-page__code" in response.content


def test_500_page_renders_without_a_request_context_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = api_errors.server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert b"500" in response.content


def test_500_template_renders_with_no_context_at_all():
    html = render_to_string("500.html")

    assert 'id="main-content"' in html


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.text


def test_sitemap_lists_published_courses_and_teachers_only(client):
    course = CourseFactory(slug="python")
    CourseFactory(slug="borrador", draft=True)
    teacher = TeacherFactory(slug="ana")

    response = client.get("/sitemap.xml")

    locations = {el.text for el in ET.fromstring(response.content).iter() if el.tag.endswith("loc")}
    assert locations == {
        f"http://testserver{course.get_absolute_url()}",
        f"http://testserver{teacher.get_absolute_url()}",
    }


def test_rss_feed_lists_the_newest_published_courses(client):
    CourseFactory(name="Curso de Python", summary="Aprende Python.")
    CourseFactory(name="Curso borrador", draft=True)

    response = client.get("/courses/feed.xml")

    titles = [el.text for el in ET.fromstring(response.content).iter("title")]
    assert response["Content-Type"].startswith("application/rss+xml")
    assert "Curso de Python" in titles
    assert "Curso borrador" not in titles


def test_a_request_too_large_answers_the_styled_400_page(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1_000

    response = client.post("/accounts/login/", {"username": "x" * 2_000, "password": "y"})

    assert response.status_code == 400
    assert 'class="error-page__code"' in response.text


def test_a_csrf_refusal_under_api_answers_json(rf):
    response = api_errors.csrf_failure(rf.post("/api/v1/anything/"), reason="CSRF cookie not set.")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
