"""Anonymous reads come from the cache (core/public_cache.py), and every change anyone may see ends them at once:
staff edits in the admin and the API, ratings, scheduled publication. Languages and learners never mix."""

import gzip
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token

from core import public_cache
from core.apps import page_source_changed
from core.middleware import PublicResponseCacheMiddleware
from courses.models import Course
from courses.tests.factories import CourseFactory, LessonFactory
from courses.tests.test_admin import _course_form_data
from learning.tests.factories import LessonProgressFactory, RatingFactory

pytestmark = pytest.mark.django_db

ANONYMOUS_READS = [
    "/",
    "/en/",
    "/courses/",
    "/courses/django/",
    "/courses/django/lessons/a/",
    "/teachers/",
    "/paths/",
    "/api/v1/courses/",
    "/api/v1/courses/django/",
    "/api/v1/courses/django/lessons/a/",
    "/api/v1/courses/django/ratings/stats/",
    "/api/platziflix/courses",
    "/api/platziflix/courses/django",
]


def _staff_token_client(api_client, staff_user):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff_user)}")
    return api_client


@pytest.mark.parametrize("url", ANONYMOUS_READS)
def test_a_second_anonymous_read_is_answered_from_the_cache_without_a_query(
    client, course, url, django_assert_num_queries
):
    first = client.get(url)

    with django_assert_num_queries(0):
        second = client.get(url)

    assert (first.status_code, first["X-Cache"]) == (200, "miss")
    assert (second.status_code, second["X-Cache"]) == (200, "hit")
    assert second.content == first.content


def test_a_cached_answer_keeps_the_headers_of_the_first(client, course):
    first = client.get("/courses/django/lessons/a/")

    second = client.get("/courses/django/lessons/a/")

    for header in ("Content-Type", "Content-Language", "Content-Security-Policy", "X-Frame-Options"):
        assert second[header] == first[header]


def test_a_course_edited_in_the_admin_shows_on_the_next_page_and_api_read(client, staff_user, course):
    client.get("/courses/django/")
    client.get("/api/v1/courses/django/")
    client.force_login(staff_user)
    lessons = [
        {"id": lesson.pk, "position": lesson.position, "name": lesson.name, "slug": lesson.slug}
        for lesson in course.lessons.all()
    ]
    data = _course_form_data(course, lessons, name="Django a fondo")
    assert client.post(reverse("admin:courses_course_change", args=[course.pk]), data).status_code == 302
    client.logout()

    page = client.get("/courses/django/")
    api = client.get("/api/v1/courses/django/")

    assert "Django a fondo" in page.text
    assert api.json()["name"] == "Django a fondo"


def test_a_course_unpublished_by_an_admin_action_is_gone_from_the_next_read(client, staff_user, course):
    client.get("/courses/")
    client.force_login(staff_user)
    client.post(reverse("admin:courses_course_changelist"), {"action": "unpublish", "_selected_action": [course.pk]})
    client.logout()

    assert client.get("/courses/django/").status_code == 404
    assert "Curso de Django" not in client.get("/courses/").text


def test_a_course_edited_through_the_api_shows_on_the_next_read(client, api_client, staff_user, course):
    client.get("/api/platziflix/courses/django")
    client.get("/courses/django/")

    response = _staff_token_client(api_client, staff_user).patch(
        "/api/v1/courses/django/", {"description": "Nueva descripción."}, format="json"
    )

    assert response.status_code == 200
    assert client.get("/api/platziflix/courses/django").json()["description"] == "Nueva descripción."
    assert "Nueva descripción." in client.get("/courses/django/").text


def test_a_teacher_renamed_shows_on_the_next_course_read(client, course):
    client.get("/api/v1/courses/django/")
    teacher = course.teachers.get()

    teacher.name = "Ana María"
    teacher.save()

    assert client.get("/api/v1/courses/django/").json()["teachers"][0]["name"] == "Ana María"


def test_a_reviewer_renaming_themselves_shows_on_the_next_course_read(client, learner, course):
    RatingFactory(course=course, user=learner, review="Muy claro.")
    client.get("/courses/django/")
    reviewer = Client()
    reviewer.force_login(learner)

    reviewer.post("/me/profile/", {"first_name": "Begoña", "last_name": "Muñoz", "email": learner.email})

    page = client.get("/courses/django/")
    assert page["X-Cache"] == "miss"
    assert "Begoña Muñoz" in page.text


def test_staff_renaming_a_reviewer_in_the_admin_shows_on_the_next_course_read(client, admin_client, learner, course):
    RatingFactory(course=course, user=learner, review="Muy claro.")
    client.get("/courses/django/")
    form = {"username": "begona", "email": learner.email, "is_active": "on"}
    form |= {"date_joined_0": "2026-01-01", "date_joined_1": "10:00:00"}

    response = admin_client.post(f"/admin/accounts/user/{learner.pk}/change/", form)

    assert response.status_code == 302
    assert "begona" in client.get("/courses/django/").text


def _sign_up(client, learner):
    form = {
        "first_name": "Ana",
        "last_name": "Ruiz",
        "username": "ana",
        "email": "ana@example.com",
        "password1": "secreto-42",
        "password2": "secreto-42",
    }
    return client.post("/accounts/signup/", form)


def _log_in(client, learner):
    return client.post("/accounts/login/", {"username": "learner", "password": "learner-password-123"})


def _change_password(client, learner):
    client.force_login(learner)
    form = {"old_password": "learner-password-123", "new_password1": "otra-clave-9", "new_password2": "otra-clave-9"}
    return client.post("/accounts/password/change/", form)


def _change_email(client, learner):
    client.force_login(learner)
    return client.post("/me/profile/", {"first_name": "", "last_name": "", "email": "nuevo@example.com"})


@pytest.mark.parametrize("account_change", [_sign_up, _log_in, _change_password, _change_email])
def test_account_changes_nobody_else_sees_keep_the_cached_reads(client, learner, course, account_change):
    RatingFactory(course=course, user=learner, review="Muy claro.")
    client.get("/courses/django/")

    response = account_change(Client(), learner)

    assert response.status_code == 302  # done: each form redirects on success
    assert client.get("/courses/django/")["X-Cache"] == "hit"


def test_a_lesson_added_shows_on_the_next_read(client, course):
    client.get("/api/platziflix/courses/django")

    LessonFactory(course=course, slug="d", name="Clase nueva")

    assert "Clase nueva" in [item["name"] for item in client.get("/api/platziflix/courses/django").json()["classes"]]


def test_a_new_rating_changes_the_average_on_the_next_read(client, signed_in, course):
    before = client.get("/api/v1/courses/django/ratings/stats/").json()
    client.get("/courses/django/")

    signed_in.post("/api/v1/courses/django/ratings/", {"score": 4}, format="json")

    after = client.get("/api/v1/courses/django/ratings/stats/").json()
    assert (before["total_ratings"], after["total_ratings"], after["average_rating"]) == (0, 1, 4.0)
    assert '"ratingValue": "4.00"' in client.get("/courses/django/").text


def test_a_scheduled_course_appears_when_its_publication_time_comes(client, db):
    CourseFactory(name="Curso visible", slug="visible")
    publication = timezone.now() + timedelta(seconds=2)  # room for two requests on a busy machine
    CourseFactory(name="Curso programado", slug="programado", published_at=publication)
    before = client.get("/api/platziflix/courses").json()
    assert client.get("/api/platziflix/courses")["X-Cache"] == "hit"

    time.sleep(max(0, (publication - timezone.now()).total_seconds()) + 0.05)
    after = client.get("/api/platziflix/courses")

    assert [item["slug"] for item in before] == ["visible"]
    assert {item["slug"] for item in after.json()} == {"visible", "programado"}


def test_spanish_and_english_answers_never_mix(client, api_client, course):
    Course.objects.filter(pk=course.pk).update(name_en="Django course")
    client.get("/courses/django/")
    api_client.get("/api/v1/courses/django/", HTTP_ACCEPT_LANGUAGE="es")

    spanish_page, english_page = client.get("/courses/django/"), client.get("/en/courses/django/")
    spanish_api = api_client.get("/api/v1/courses/django/", HTTP_ACCEPT_LANGUAGE="es")
    english_api = api_client.get("/api/v1/courses/django/", HTTP_ACCEPT_LANGUAGE="en")

    assert "Curso de Django" in spanish_page.text and "Django course" not in spanish_page.text
    assert "Django course" in english_page.text and '<html lang="en">' in english_page.text
    assert (spanish_api.json()["name"], english_api.json()["name"]) == ("Curso de Django", "Django course")
    assert english_api["Content-Language"] == "en"


def test_a_learners_own_parts_never_reach_another_visitor(client, learner, django_user_model, course):
    other = django_user_model.objects.create_user("otra", "otra@example.com", "otra-password-123")
    RatingFactory(course=course, user=learner, score=5, review="Mi reseña privada no, pública.")
    LessonProgressFactory(user=learner, lesson=course.lessons.first(), completed_at=timezone.now())
    client.force_login(learner)
    own = client.get("/courses/django/")

    client.logout()
    anonymous = client.get("/courses/django/")
    client.force_login(other)
    others = client.get("/courses/django/")

    assert "X-Cache" not in own and "is-completed" in own.text
    assert "is-completed" not in anonymous.text and "is-completed" not in others.text
    assert "csrfmiddlewaretoken" not in anonymous.text
    assert "/courses/django/rating/delete/" in own.text
    assert "/courses/django/rating/delete/" not in others.text


def test_signed_in_requests_and_api_callers_with_credentials_are_never_served_from_the_cache(
    client, api_client, learner, staff_user, course
):
    client.get("/courses/django/")
    client.force_login(learner)

    page = client.get("/courses/django/")
    api = _staff_token_client(api_client, staff_user).get("/api/v1/courses/django/")

    assert "X-Cache" not in page and "csrfmiddlewaretoken" in page.text
    assert "X-Cache" not in api


def test_an_unknown_course_is_not_stored(client, course):
    client.get("/courses/nope/")

    response = client.get("/courses/nope/")

    assert (response.status_code, response["X-Cache"]) == (404, "miss")


def test_reads_answered_from_the_cache_are_not_counted_by_the_anonymous_throttle(client, settings, course):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "2/minute"}

    statuses = [client.get("/api/v1/categories/").status_code for _ in range(5)]
    uncached = [client.get("/api/v1/categories/", {"page": page}).status_code for page in ("1", "2")]

    assert statuses == [200] * 5
    assert uncached[-1] == 429


def test_a_large_cached_answer_is_sent_gzipped_to_clients_that_accept_it(client, course):
    CourseFactory.create_batch(10)
    first = client.get("/api/platziflix/courses")

    gzipped = client.get("/api/platziflix/courses", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = client.get("/api/platziflix/courses")

    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == first.content == plain.content
    assert int(gzipped["Content-Length"]) == len(gzipped.content) < len(plain.content)
    assert "Accept-Encoding" in gzipped["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert not plain.has_header("Content-Encoding")


@pytest.fixture
def local_copies_of_every_answer(monkeypatch):
    """Every answer is large enough to be kept in the process, as the whole course list is."""
    monkeypatch.setattr(PublicResponseCacheMiddleware, "LOCAL_COPY_FROM_BYTES", 0)


@pytest.fixture
def cache_keys_read(monkeypatch):
    keys = []
    get_many, get = cache.get_many, cache.get
    monkeypatch.setattr(cache, "get_many", lambda wanted, *args, **kw: keys.extend(wanted) or get_many(wanted, *args))
    monkeypatch.setattr(cache, "get", lambda key, *args, **kw: keys.append(key) or get(key, *args, **kw))
    return keys


def test_a_hit_on_an_answer_kept_in_the_process_reads_only_the_generation_from_the_cache(
    client, course, local_copies_of_every_answer, cache_keys_read
):
    first = client.get("/api/platziflix/courses")
    client.get("/api/platziflix/courses")
    cache_keys_read.clear()

    again = client.get("/api/platziflix/courses")

    assert (again["X-Cache"], again.content) == ("hit", first.content)
    assert public_cache.GENERATION_KEY in cache_keys_read
    assert not [key for key in cache_keys_read if key.startswith("public-response:")]


def test_an_edit_ends_the_answers_kept_in_the_process(client, course, local_copies_of_every_answer):
    client.get("/api/platziflix/courses")
    client.get("/api/platziflix/courses")

    course.name = "Curso de Django, segunda edición"
    course.save()
    after = client.get("/api/platziflix/courses")

    assert after["X-Cache"] == "miss"
    assert [item["name"] for item in after.json()] == ["Curso de Django, segunda edición"]


def test_a_process_takes_the_new_answer_another_one_stored_without_rendering_it(
    client, course, local_copies_of_every_answer, django_assert_num_queries
):
    client.get("/api/platziflix/courses")
    client.get("/api/platziflix/courses")
    course.name = "Curso de Django, segunda edición"
    course.save()
    Client().get("/api/platziflix/courses")  # another process: its own middleware and copies

    with django_assert_num_queries(0):
        after = client.get("/api/platziflix/courses")

    assert after["X-Cache"] == "hit"
    assert [item["name"] for item in after.json()] == ["Curso de Django, segunda edición"]


def test_a_signed_in_course_page_reads_the_parts_every_visitor_sees_from_the_cache(client, learner, course):
    RatingFactory.create_batch(3, course=course, review="Muy bueno.")
    client.force_login(learner)
    with CaptureQueriesContext(connection) as first:
        client.get("/courses/django/")

    with CaptureQueriesContext(connection) as second:
        again = client.get("/courses/django/")

    assert len(second) <= len(first) - 3  # the reviews (count and page) and the paths
    assert again.text.count("Muy bueno.") == 3


def test_a_review_written_by_one_learner_reaches_the_cached_page_of_another(client, learner, course):
    client.force_login(learner)
    client.get("/courses/django/")
    RatingFactory(course=course, review="Lo recomiendo a todo el mundo.")

    page = client.get("/courses/django/")

    assert "Lo recomiendo a todo el mundo." in page.text


@pytest.mark.django_db(transaction=True)
def test_with_the_cache_in_the_database_a_write_touches_the_cache_and_counter_tables_only_after_its_commit(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "platziflix_cache"}
    }
    before = public_cache.start_generation()

    with transaction.atomic(), CaptureQueriesContext(connection) as inside:
        CourseFactory(slug="nuevo")

    touched = [
        query
        for query in inside.captured_queries
        if "platziflix_cache" in query["sql"] or "core_counter" in query["sql"]
    ]
    assert touched == []
    assert public_cache.start_generation() > before


def test_a_read_is_answered_uncached_while_the_cache_is_down(client, settings, course, caplog):
    settings.CACHES = {"default": {"BACKEND": "core.cache_backends.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}

    response = client.get("/courses/")

    assert response.status_code == 200
    assert "Curso de Django" in response.text
    assert "does not answer" in caplog.text  # one line from the cache backend, once per interval


def test_editing_a_template_in_development_ends_the_cached_pages(client, course):
    client.get("/courses/django/")

    page_source_changed(sender=None, file_path=Path("templates/courses/course_detail.html"))

    assert client.get("/courses/django/")["X-Cache"] == "miss"
