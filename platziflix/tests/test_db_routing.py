"""The read replica: anonymous catalog reads go to a second database alias, everything else to the primary."""

import json
import subprocess
import sys

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token

from accounts.services import api_key_create
from core.db_routing import PRIMARY, REPLICA, ReplicaRouter, ReplicaRoutingMiddleware
from courses import selectors
from courses.models import Course
from courses.tests.factories import CourseFactory, LessonFactory
from platziflix.tests.test_settings import PROJECT_DIR, clean_env

ROUTING_MIDDLEWARE = "core.db_routing.ReplicaRoutingMiddleware"


@pytest.fixture
def replica(settings, transactional_db):
    """A second alias, "replica", on its own connection to the test database (committed data, so it sees it)."""
    connections.settings[REPLICA] = dict(connections[PRIMARY].settings_dict)
    settings.DATABASE_ROUTERS = ["core.db_routing.ReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1, ROUTING_MIDDLEWARE
    )
    settings.MIDDLEWARE = middleware
    connections[REPLICA].connect()  # opened here: the test case only lets known aliases connect on demand
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def catalog(replica):
    course = CourseFactory(slug="django")
    LessonFactory(course=course, slug="intro")
    return course


def _queries_per_database(client, method, path, **extra):
    with CaptureQueriesContext(connections[PRIMARY]) as primary, CaptureQueriesContext(connections[REPLICA]) as copy:
        response = getattr(client, method)(path, **extra)
    return response, len(primary), len(copy)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/courses/",
        "/courses/django/",
        "/teachers/",
        "/en/",
        "/en/courses/",
        "/en/courses/django/",
        "/en/teachers/",
        "/api/v1/courses/",
        "/api/v1/courses/django/",
        "/api/v1/courses/django/ratings/stats/",
    ],
)
def test_anonymous_catalog_reads_go_to_the_replica(client, catalog, path, without_public_cache):
    response, on_primary, on_replica = _queries_per_database(client, "get", path)

    assert response.status_code == 200
    assert (on_primary, on_replica > 0) == (0, True)


def test_a_server_client_with_an_api_key_reads_from_the_replica(client, catalog):
    _api_key, raw_key = api_key_create(name="Next.js site")

    response, on_primary, on_replica = _queries_per_database(
        client, "get", "/api/v1/courses/", HTTP_AUTHORIZATION=f"Api-Key {raw_key}"
    )

    assert response.status_code == 200
    assert (on_primary, on_replica > 0) == (0, True)


def test_a_signed_in_learner_reads_from_the_primary(client, learner, catalog):
    client.force_login(learner)

    response, _on_primary, on_replica = _queries_per_database(client, "get", "/courses/django/")

    assert response.status_code == 200
    assert on_replica == 0


def test_a_token_caller_reads_from_the_primary(client, learner, catalog):
    token = Token.objects.create(user=learner)

    response, _on_primary, on_replica = _queries_per_database(
        client, "get", "/api/v1/courses/", HTTP_AUTHORIZATION=f"Token {token.key}"
    )

    assert response.status_code == 200
    assert on_replica == 0


@pytest.mark.parametrize("path", ["/me/", "/api/v1/me/progress/", "/health/", "/api/platziflix/courses"])
def test_reads_outside_the_catalog_go_to_the_primary(client, catalog, path):
    _response, _on_primary, on_replica = _queries_per_database(client, "get", path)

    assert on_replica == 0


def test_writes_go_to_the_primary(client, learner, catalog):
    client.force_login(learner)

    response, on_primary, on_replica = _queries_per_database(
        client, "post", "/api/v1/courses/django/ratings/", data={"score": 4}, content_type="application/json"
    )

    assert response.status_code == 201
    assert (on_primary > 0, on_replica) == (True, 0)


@pytest.mark.skipif(
    connections["default"].vendor == "sqlite",
    reason="SQLite's in-memory test database, mirrored as the replica, locks the table a write needs while the "
    "replica connection has read it; PostgreSQL (CI) runs this",
)
def test_every_read_after_a_write_in_the_same_request_goes_to_the_primary(catalog):
    seen = []

    def view(request):
        seen.append(Course.objects.all().db)
        Course.objects.filter(pk=catalog.pk).update(summary="Cambiado")
        seen.append(Course.objects.all().db)
        return None

    request = RequestFactory().get("/courses/")
    request.user = AnonymousUser()
    ReplicaRoutingMiddleware(view)(request)

    assert seen == [REPLICA, PRIMARY]


def test_reads_outside_any_request_go_to_the_primary(replica):
    assert Course.objects.all().db == PRIMARY


def test_migrations_run_on_the_primary_only():
    router = ReplicaRouter()

    assert (router.allow_migrate(PRIMARY, "courses"), router.allow_migrate(REPLICA, "courses")) == (True, False)


def test_database_replica_url_adds_the_alias_router_and_middleware():
    script = (
        "from django.conf import settings as s; import json; print(json.dumps([s.DATABASES['replica']['NAME'], "
        "s.DATABASES['replica']['TEST'], s.DATABASE_ROUTERS, "
        "s.MIDDLEWARE[s.MIDDLEWARE.index('django.contrib.auth.middleware.AuthenticationMiddleware') + 1]]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=clean_env(
            DJANGO_SETTINGS_MODULE="platziflix.settings",
            DATABASE_URL="postgres://app@primary:5432/platziflix",
            DATABASE_REPLICA_URL="postgres://app@replica:5432/platziflix",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert json.loads(result.stdout) == [
        "platziflix",
        {"MIRROR": "default"},
        ["core.db_routing.ReplicaRouter"],
        ROUTING_MIDDLEWARE,
    ]


def test_counters_in_the_database_cache_are_read_from_the_primary_even_in_a_catalog_read(catalog):
    from django.core.cache.backends.db import DatabaseCache

    seen = []

    def view(request):
        cache_table = DatabaseCache("platziflix_cache", {}).cache_model_class
        seen.append((ReplicaRouter().db_for_read(cache_table), Course.objects.all().db))
        return None

    request = RequestFactory().get("/courses/")
    request.user = AnonymousUser()
    ReplicaRoutingMiddleware(view)(request)

    assert seen == [(PRIMARY, REPLICA)]


@pytest.mark.skipif(
    connections["default"].vendor == "sqlite",
    reason="SQLite's in-memory test database, mirrored as the replica, locks the table a write needs while the "
    "replica connection has read it; PostgreSQL (CI) runs this",
)
def test_the_hand_written_catalog_reads_follow_the_router_and_read_their_own_writes(catalog):
    lesson = catalog.lessons.get()
    counts = []

    def view(request):
        for _ in range(2):
            with (
                CaptureQueriesContext(connections[PRIMARY]) as primary,
                CaptureQueriesContext(connections[REPLICA]) as copy,
            ):
                selectors.course_detail_rows(slug="django")
                selectors.course_get_published(pk=catalog.pk)
                selectors.lesson_get_published(pk=lesson.pk)
            counts.append((len(primary), len(copy)))
            Course.objects.filter(pk=catalog.pk).update(summary="Cambiado")
        return None

    request = RequestFactory().get("/api/v1/courses/django/")
    request.user = AnonymousUser()
    ReplicaRoutingMiddleware(view)(request)

    assert counts == [(0, 5), (5, 0)]
