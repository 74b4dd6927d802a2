"""The learner pages of the catalog, course and lesson, through Django's test client."""

import json
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from learning.tests.factories import RatingFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def course_names(response):
    return [course.name for course in response.context["courses"]]


# Catalog


def test_catalog_lists_published_courses_only(client):
    CourseFactory(name="Curso de Python")
    CourseFactory(name="Curso borrador", draft=True)
    CourseFactory(name="Curso futuro", published_at=timezone.now() + timedelta(days=3))
    CourseFactory(name="Curso borrado").soft_delete()

    response = client.get("/courses/")

    assert response.status_code == 200
    assert course_names(response) == ["Curso de Python"]


def test_catalog_filters_by_category_and_level(client):
    web = CategoryFactory(slug="web")
    CourseFactory(name="Web básico", category=web, level="beginner")
    CourseFactory(name="Web avanzado", category=web, level="advanced")
    CourseFactory(name="Datos avanzado", level="advanced")

    response = client.get("/courses/", {"category": "web", "level": "advanced"})

    assert course_names(response) == ["Web avanzado"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Nuevo", "Medio", "Viejo"]),
        ("popular", ["Medio", "Viejo", "Nuevo"]),
        ("rating", ["Viejo", "Nuevo", "Medio"]),
        ("name", ["Medio", "Nuevo", "Viejo"]),
    ],
)
def test_catalog_sorts_by_the_requested_order(client, sort, expected):
    now = timezone.now()
    CourseFactory(name="Viejo", published_at=now - timedelta(days=3), average_rating=5, total_ratings=10)
    CourseFactory(name="Medio", published_at=now - timedelta(days=2), average_rating=3, total_ratings=50)
    CourseFactory(name="Nuevo", published_at=now - timedelta(days=1), average_rating=4, total_ratings=1)

    response = client.get("/courses/", {"sort": sort})

    assert course_names(response) == expected


def test_catalog_searches_course_names(client):
    CourseFactory(name="Curso de Python")
    CourseFactory(name="Curso de Diseño")

    response = client.get("/courses/", {"q": "Python"})

    assert course_names(response) == ["Curso de Python"]


def test_catalog_search_finds_courses_by_lesson_and_teacher_name(client):
    by_lesson = CourseFactory(name="Curso A")
    LessonFactory(course=by_lesson, name="Introducción a Kubernetes")
    CourseFactory(name="Curso B", teachers=[TeacherFactory(name="Kubernetes Fan")])
    CourseFactory(name="Curso C")

    response = client.get("/courses/", {"q": "Kubernetes"})

    assert sorted(course_names(response)) == ["Curso A", "Curso B"]


def test_pagination_links_keep_the_other_parameters(client):
    category = CategoryFactory(slug="web")
    CourseFactory.create_batch(13, category=category, level="beginner")

    response = client.get("/courses/", {"category": "web", "level": "beginner", "sort": "name"})

    assert 'href="?category=web&amp;level=beginner&amp;sort=name&amp;page=2"' in response.text


def test_empty_search_shows_a_helpful_empty_state(client):
    CourseFactory(name="Curso de Python")

    response = client.get("/courses/", {"q": "cocina"})

    assert response.status_code == 200
    assert "No courses match your search." in response.text or "Ningún curso coincide" in response.text
    assert 'href="/courses/"' in response.text


def test_empty_search_offers_the_closest_course_name(client):
    CourseFactory(name="Curso de Kubernetes")

    response = client.get("/courses/", {"q": "kubernetis avanzadisimo"})

    assert 'href="/courses/?q=Curso+de+Kubernetes">Curso de Kubernetes</a>' in response.text


def test_empty_search_shows_popular_courses(client):
    CourseFactory(name="Curso de Python", total_ratings=40)

    response = client.get("/courses/", {"q": "zzzz"})

    assert [course.name for course in response.context["popular_courses"]] == ["Curso de Python"]


def test_empty_search_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    CourseFactory.create_batch(6)

    with django_assert_max_num_queries(12):
        client.get("/courses/", {"q": "zzzz"})


@pytest.mark.parametrize(
    "params",
    [
        {"page": "abc"},
        {"page": "999999"},
        {"page": "-1"},
        {"level": "unknown"},
        {"category": "no-such-category"},
        {"sort": "drop"},
        {"sort": "relevance"},
        {"sort": "name; DROP TABLE courses_course"},
        {"q": "x" * 5000},
        {"q": "' OR 1=1 --"},
        {"q": "\"'); DROP TABLE courses_course; --"},
        {"q": "python & | ! :* ( <-> )"},
        {"q": "   "},
        {"q": "\x00"},
    ],
)
def test_catalog_survives_nonsense_parameters(client, params):
    CourseFactory.create_batch(2)

    response = client.get("/courses/", params)

    assert response.status_code == 200


def test_unknown_filters_are_ignored_not_applied(client):
    CourseFactory(name="Curso de Python")

    response = client.get("/courses/", {"level": "unknown", "category": "nope", "sort": "drop"})

    assert course_names(response) == ["Curso de Python"]


def test_page_past_the_end_shows_the_last_page(client):
    CourseFactory.create_batch(13)

    response = client.get("/courses/", {"page": "999999"})

    assert response.context["page_obj"].number == 2


def test_html_in_the_search_text_is_escaped(client):
    response = client.get("/courses/", {"q": XSS})

    assert XSS not in response.text
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in response.text


def test_very_long_search_text_is_cut_before_it_is_echoed(client):
    response = client.get("/courses/", {"q": "a" * 5000})

    echoed = re.findall(r'name="q"[^>]*value="(a*)"', response.text) + re.findall(r"“(a*)”", response.text)
    assert echoed
    assert max(len(text) for text in echoed) == 200


# Course page


def test_course_page_shows_lessons_with_durations_and_total(client):
    course = CourseFactory(name="Curso de Python")
    LessonFactory(course=course, name="Variables", duration_seconds=45)
    LessonFactory(course=course, name="Funciones", duration_seconds=3855)

    response = client.get(course.get_absolute_url())

    assert response.status_code == 200
    assert "Variables" in response.text
    assert "45 s" in response.text
    assert "1 h 04 min" in response.text
    assert "1 h 05 min" in response.text


def test_course_page_shows_teachers_and_rating_distribution(client):
    course = CourseFactory(teachers=[TeacherFactory(name="Ana Martínez")], average_rating=4.5, total_ratings=2)
    RatingFactory(course=course, score=5, review="¡Excelente curso!")
    RatingFactory(course=course, score=4)

    response = client.get(course.get_absolute_url())

    assert "Ana Martínez" in response.text
    assert "¡Excelente curso!" in response.text
    assert '<progress class="rating-bars__bar" aria-hidden="true" max="2" value="1">' in response.text


def test_course_page_has_title_description_and_open_graph_tags(client):
    course = CourseFactory(name="Curso de Python", summary="Aprende Python desde cero.")

    response = client.get(course.get_absolute_url())

    assert "<title>Curso de Python · Platziflix</title>" in response.text
    assert '<meta name="description" content="Aprende Python desde cero.">' in response.text
    assert '<meta property="og:title" content="Curso de Python">' in response.text


def test_course_page_has_schema_org_course_json_ld(client):
    course = CourseFactory(name="Curso de Python", teachers=[TeacherFactory(name="Ana")])
    LessonFactory(course=course, duration_seconds=600)

    response = client.get(course.get_absolute_url())

    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.text, re.S).group(1)
    data = json.loads(block)
    assert (data["@type"], data["name"], data["instructor"][0]["name"]) == ("Course", "Curso de Python", "Ana")


def test_staff_text_cannot_break_out_of_the_json_ld_block(client):
    course = CourseFactory(name=f"</script>{XSS}", summary=XSS)

    response = client.get(course.get_absolute_url())

    assert XSS not in response.text
    assert "</script><script>" not in response.text


def test_course_page_escapes_everything_staff_type(client):
    course = CourseFactory(name=XSS, summary=XSS, description=XSS, teachers=[TeacherFactory(name=XSS, headline=XSS)])
    LessonFactory(course=course, name=XSS)
    RatingFactory(course=course, review=XSS)

    response = client.get(course.get_absolute_url())

    assert XSS not in response.text


def test_course_page_offers_to_start_with_the_first_lesson(client):
    course = CourseFactory()
    first = LessonFactory(course=course, position=1)
    LessonFactory(course=course, position=2)

    response = client.get(course.get_absolute_url())

    assert f'class="button button--large" href="{first.get_absolute_url()}"' in response.text


@pytest.mark.parametrize("state", ["draft", "deleted", "unknown"])
def test_course_page_is_404_for_drafts_deleted_and_unknown_courses(client, state):
    course = CourseFactory(slug="oculto", draft=state == "draft")
    if state == "deleted":
        course.soft_delete()
    url = "/courses/no-existe/" if state == "unknown" else "/courses/oculto/"

    response = client.get(url)

    assert response.status_code == 404
    assert "404" in response.text


# Lesson player


def test_lesson_page_plays_an_uploaded_or_direct_video(client):
    lesson = LessonFactory(video_url="https://cdn.example.com/clase.webm")

    response = client.get(lesson.get_absolute_url())

    assert response.status_code == 200
    assert 'id="lesson-player"' in response.text
    assert 'src="https://cdn.example.com/clase.webm"' in response.text
    assert f'data-course-slug="{lesson.course.slug}"' in response.text
    assert f'data-lesson-slug="{lesson.slug}"' in response.text


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
    ],
)
def test_lesson_page_embeds_youtube_and_vimeo_with_privacy_settings(client, url, embed):
    lesson = LessonFactory(video_url=url)

    response = client.get(lesson.get_absolute_url())

    assert f'src="{embed}' in response.text
    assert "<video" not in response.text


def test_lesson_page_marks_the_current_lesson_and_links_previous_and_next(client):
    course = CourseFactory()
    first, second, third = (LessonFactory(course=course, position=n, name=f"Clase {n}") for n in (1, 2, 3))

    response = client.get(second.get_absolute_url())

    assert f'href="{second.get_absolute_url()}" aria-current="page"' in response.text
    assert f'rel="prev" href="{first.get_absolute_url()}"' in response.text
    assert f'rel="next" href="{third.get_absolute_url()}"' in response.text


def test_lesson_page_escapes_staff_text(client):
    lesson = LessonFactory(name=XSS, description=XSS, course=CourseFactory(name=XSS))

    response = client.get(lesson.get_absolute_url())

    assert XSS not in response.text


@pytest.mark.parametrize("state", ["draft course", "deleted lesson", "unknown lesson"])
def test_lesson_page_is_404_for_hidden_or_unknown_lessons(client, state):
    lesson = LessonFactory(slug="clase", course=CourseFactory(slug="curso", draft=state == "draft course"))
    if state == "deleted lesson":
        lesson.soft_delete()
    url = "/courses/curso/lessons/otra/" if state == "unknown lesson" else "/courses/curso/lessons/clase/"

    response = client.get(url)

    assert response.status_code == 404


def test_course_of_a_soft_deleted_category_answers_404(client):
    course = CourseFactory()
    course.category.soft_delete()

    response = client.get(course.get_absolute_url())

    assert response.status_code == 404
