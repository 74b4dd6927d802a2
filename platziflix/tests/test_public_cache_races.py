"""A read that started before a write committed is never kept as fresh (core/public_cache.py, the argument in its
docstring). Each test fixes one interleaving with events, over the whole middleware stack and PostgreSQL with real
commits (``transaction=True``): a reader and a writer in two threads, each with its own connection."""

import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from core.middleware import PublicResponseCacheMiddleware
from courses import services
from courses.models import Course

pytestmark = pytest.mark.django_db(transaction=True)

WAIT = 10  # seconds: generous on a loaded machine, never reached when the code is right
PAGE = "/courses/django/"


def _unpublish_in_the_admin(staff_user, course):
    client = Client()
    client.force_login(staff_user)
    data = {"action": "unpublish", "_selected_action": [course.pk]}
    assert client.post(reverse("admin:courses_course_changelist"), data).status_code == 302


def _soft_delete_in_the_admin(staff_user, course):
    client = Client()
    client.force_login(staff_user)
    data = {"action": "soft_delete_selected", "_selected_action": [course.pk]}
    assert client.post(reverse("admin:courses_course_changelist"), data).status_code == 302


def _unpublish_with_the_service(staff_user, course):
    services.courses_unpublish(courses=Course.objects.filter(pk=course.pk))


def _delete_through_the_api(staff_user, course):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=staff_user)}")
    assert client.delete(f"/api/v1/courses/{course.slug}/").status_code == 204


WRITES = [_unpublish_in_the_admin, _soft_delete_in_the_admin, _unpublish_with_the_service, _delete_through_the_api]


def _in_thread(target):
    """Runs ``target`` in a thread with its own database connection; returns a function that joins it and
    re-raises what it raised."""
    failure = []

    def run():
        try:
            target()
        except BaseException as error:
            failure.append(error)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()

    def join():
        thread.join(WAIT)
        assert not thread.is_alive(), "the thread never finished"
        if failure:
            raise failure[0]

    return join


def _pause_before_the_course_update(reached, go):
    """An execute wrapper (this thread's connection only) that holds the writer just before its UPDATE of the
    course row runs: on the code before this work, the admin actions had moved the generation by then."""

    def wrapper(execute, sql, params, many, context):
        if sql.startswith('UPDATE "courses_course"') and not reached.is_set():
            reached.set()
            assert go.wait(WAIT)
        return execute(sql, params, many, context)

    return wrapper


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__.strip("_"))
def test_a_read_during_a_write_that_has_not_committed_is_not_served_after_it(course, staff_user, write):
    assert Client().get(PAGE).status_code == 200
    reached, go = threading.Event(), threading.Event()

    def writer():
        with connection.execute_wrapper(_pause_before_the_course_update(reached, go)):
            write(staff_user, course)

    join_writer = _in_thread(writer)
    assert reached.wait(WAIT)
    during = Client().get(PAGE)  # reads the generation and the rows while the write is in flight
    go.set()
    join_writer()

    after = Client().get(PAGE)

    assert during.status_code == 200  # the old page: the write had not happened yet
    assert after.status_code == 404


@pytest.fixture
def store_paused(monkeypatch):
    """Holds a render between reading its rows and storing them: ``rendered`` is set once it has its answer,
    and it stores only once ``go`` is set."""
    rendered, go = threading.Event(), threading.Event()
    store = PublicResponseCacheMiddleware._store

    def paused_store(self, *args, **kwargs):
        if threading.current_thread() is not threading.main_thread():
            rendered.set()
            assert go.wait(WAIT)
        return store(self, *args, **kwargs)

    monkeypatch.setattr(PublicResponseCacheMiddleware, "_store", paused_store)
    return rendered, go


@pytest.mark.parametrize("write", WRITES, ids=lambda write: write.__name__.strip("_"))
def test_a_read_rendered_before_a_commit_and_stored_after_it_is_not_stored(course, staff_user, store_paused, write):
    rendered, go = store_paused
    answers = []
    join_reader = _in_thread(lambda: answers.append(Client().get(PAGE)))
    assert rendered.wait(WAIT)

    write(staff_user, course)  # commits and invalidates while the reader holds the old page
    go.set()
    join_reader()
    stored = _stored(PAGE)
    after = Client().get(PAGE)

    assert answers[0].status_code == 200
    assert stored == {}  # compare-and-store: the old page was not even written
    assert after.status_code == 404


def test_a_rating_through_the_api_during_a_paused_read_shows_on_the_next_read(course, learner, store_paused):
    rendered, go = store_paused
    join_reader = _in_thread(lambda: Client().get("/api/v1/courses/django/ratings/stats/"))
    assert rendered.wait(WAIT)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=learner)}")

    assert api.post("/api/v1/courses/django/ratings/", {"score": 5}, format="json").status_code == 201
    go.set()
    join_reader()

    assert Client().get("/api/v1/courses/django/ratings/stats/").json()["total_ratings"] == 1


def _stored(path):
    """The answers stored for an anonymous GET of ``path`` (plain and gzipped)."""
    keys = PublicResponseCacheMiddleware(lambda request: None)._keys(RequestFactory().get(path))
    return cache.get_many(keys)
