import json
import os
import subprocess
import sys
from datetime import timedelta

import pytest
from django.utils import timezone

import core.health
from core.heartbeat import worker_heartbeat_write
from platziflix import __version__
from platziflix.tests.test_settings import PROJECT_DIR, clean_env

pytestmark = pytest.mark.django_db


def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "version": __version__}


def test_health_answers_503_degraded_when_the_database_does_not():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/health/', HTTP_HOST='localhost'); print('RESULT', r.status_code, r.content.decode())"
    )
    env = clean_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere", DJANGO_SETTINGS_MODULE="platziflix.settings"
    )

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )

    status, body = result.stdout.strip().splitlines()[-1].removeprefix("RESULT ").split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "degraded", "database": "unreachable", "version": __version__}


def _health_in_a_fresh_process(path, **env):
    script = (
        "import django; django.setup(); from django.test import Client; "
        f"r = Client().get('{path}', HTTP_HOST='localhost'); print('RESULT', r.status_code, r.content.decode())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=PROJECT_DIR,
        env=clean_env(DJANGO_SETTINGS_MODULE="platziflix.settings", **env),
        capture_output=True,
        text=True,
        timeout=60,
    )
    status, body = result.stdout.strip().splitlines()[-1].removeprefix("RESULT ").split(" ", 1)
    return int(status), json.loads(body)


def test_live_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/health/live")

    assert (response.status_code, response.json()) == (200, {"status": "ok"})


def test_live_answers_even_when_the_database_is_down():
    status, body = _health_in_a_fresh_process("/health/live", DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere")

    assert (status, body) == (200, {"status": "ok"})


def test_ready_checks_the_database_alone_when_nothing_else_is_configured(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "filesystem://localhost/"  # `make run`: the worker comes with the same command

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "worker": "none seen"}}
    assert response["Cache-Control"].startswith("max-age=0")


def test_ready_answers_503_when_the_database_is_down():
    status, body = _health_in_a_fresh_process("/health/ready", DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere")

    assert (status, body) == (503, {"status": "unavailable", "checks": {"database": "unreachable"}})


def test_ready_answers_503_when_redis_is_configured_but_down(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    settings.CELERY_BROKER_URL = "filesystem://localhost/"

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "redis": "unreachable", "worker": "none seen"}


def test_ready_answers_503_when_the_broker_is_configured_but_down(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "broker": "unreachable", "worker": "none seen"}


def _count_redis_pings(monkeypatch, *, reachable):
    """Stands in for the Redis ping: answers from ``reachable`` and keeps each URL it was asked about."""
    pinged = []

    def ping(url):
        pinged.append(url)
        return url in reachable

    monkeypatch.setattr(core.health, "redis_is_reachable", ping)
    return pinged


def test_ready_pings_redis_once_when_it_is_the_broker_too(client, settings, monkeypatch):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    pinged = _count_redis_pings(monkeypatch, reachable=[])

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "redis": "unreachable",
        "broker": "unreachable",
        "worker": "none seen",
    }
    assert pinged == ["redis://127.0.0.1:9/0"]


def test_ready_pings_a_broker_on_another_redis_database_on_its_own(client, settings, monkeypatch):
    settings.REDIS_URL = "redis://127.0.0.1:9/0"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/1"
    pinged = _count_redis_pings(monkeypatch, reachable=["redis://127.0.0.1:9/0"])

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "redis": "ok",
        "broker": "unreachable",
        "worker": "none seen",
    }
    assert pinged == ["redis://127.0.0.1:9/0", "redis://127.0.0.1:9/1"]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL)")
def test_ready_checks_a_live_redis_and_broker(client, settings):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = os.environ["REDIS_URL"]
    worker_heartbeat_write(hostname="celery@test")

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "broker": "ok", "worker": "ok"}


def test_ready_answers_503_when_a_broker_is_set_and_no_worker_was_ever_seen(client, settings, monkeypatch):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    _count_redis_pings(monkeypatch, reachable=["redis://127.0.0.1:9/0"])

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"database": "ok", "redis": "ok", "broker": "ok", "worker": "none seen"},
    }


def test_ready_answers_503_when_the_last_worker_heartbeat_is_too_old(client, settings, monkeypatch):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    settings.WORKER_HEARTBEAT_MAX_AGE = 60
    _count_redis_pings(monkeypatch, reachable=["redis://127.0.0.1:9/0"])
    worker_heartbeat_write(hostname="celery@gone", now=timezone.now() - timedelta(seconds=95))

    response = client.get("/health/ready")

    assert response.status_code == 503
    assert response.json()["checks"]["worker"] == "none seen for 95 s"


def test_ready_reports_a_fresh_heartbeat_of_any_worker_as_ok(client, settings, monkeypatch):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = "redis://127.0.0.1:9/0"
    _count_redis_pings(monkeypatch, reachable=["redis://127.0.0.1:9/0"])
    worker_heartbeat_write(hostname="celery@gone", now=timezone.now() - timedelta(hours=2))
    worker_heartbeat_write(hostname="celery@alive", now=timezone.now() - timedelta(seconds=5))

    response = client.get("/health/ready")

    assert (response.status_code, response.json()["checks"]["worker"]) == (200, "ok")


def test_ready_reports_a_missing_worker_without_failing_on_the_filesystem_broker(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "filesystem://localhost/"
    worker_heartbeat_write(hostname="celery@laptop", now=timezone.now() - timedelta(seconds=300))

    response = client.get("/health/ready")

    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "worker": "none seen for 300 s"}


def test_the_original_health_route_keeps_its_answer_next_to_the_new_ones(client):
    client.get("/health/ready")

    response = client.get("/health/")

    assert response.json() == {"status": "ok", "database": "ok", "version": __version__}
