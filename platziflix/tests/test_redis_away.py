"""Redis away (a real redis-server of the test's own, stopped): pages and reads go on uncached, sessions fall back
to the database, API throttles let requests through, and log-in, sign-up and password reset answer 503 with
Retry-After, never checking a password uncounted. Nothing answers 500, and the outage is logged once."""

import logging
import os
import shutil
import subprocess
import time

import pytest
from django.core.cache import caches

from core.cache_backends import RedisCache

REDIS_PORT = 8501  # this project's test range; never the shared Redis
PASSWORD = "learner-password-123"

pytestmark = pytest.mark.django_db


class RedisServer:
    def __init__(self, port):
        self.port, self.process = port, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            if self.process.poll() is not None:
                raise RuntimeError(f"redis-server did not start (is port {self.port} taken?)")
            ping = subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True, text=True)
            if ping.stdout.strip() == "PONG":
                return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None


@pytest.fixture
def redis_server(request, settings):
    """Its own redis-server as the cache, with the cached-database sessions production uses."""
    if not shutil.which("redis-server"):
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail("redis-server is not installed")
        pytest.skip("needs redis-server")
    server = RedisServer(REDIS_PORT)
    server.start()
    request.addfinalizer(server.stop)
    settings.CACHES = {
        "default": {"BACKEND": "core.cache_backends.RedisCache", "LOCATION": f"redis://127.0.0.1:{REDIS_PORT}/0"}
    }
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    cache.outage.forget()  # an outage seen by an earlier test is over
    yield server
    cache.outage.forget()


@pytest.fixture
def redis_away(redis_server):
    redis_server.stop()
    return redis_server


def test_a_page_is_served_uncached(redis_away, client, course):
    first, second = client.get(f"/courses/{course.slug}/"), client.get(f"/courses/{course.slug}/")

    assert (first.status_code, second.status_code) == (200, 200)
    assert second["X-Cache"] == "miss"


def test_an_api_read_goes_on_past_the_throttle(redis_away, api_client, course, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "1/minute"}

    responses = [api_client.get(f"/api/v1/courses/{course.slug}/") for _ in range(3)]

    assert [response.status_code for response in responses] == [200, 200, 200]


def test_login_answers_503_with_retry_after_and_checks_no_password(redis_away, client, learner):
    response = client.post("/accounts/login/", {"username": "learner", "password": PASSWORD})

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert b'class="error-page' in response.content
    assert "_auth_user_id" not in client.session


def test_the_token_endpoint_answers_503_json_with_retry_after(redis_away, api_client, learner):
    response = api_client.post("/api/v1/auth/token/", {"username": "learner", "password": PASSWORD}, format="json")

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert response.json()["detail"]


def test_signup_answers_503_and_makes_no_account(redis_away, client, django_user_model):
    response = client.post(
        "/accounts/signup/",
        {
            "username": "nuevo",
            "email": "nuevo@example.com",
            "password1": "un-buen-secreto-42",
            "password2": "un-buen-secreto-42",
        },
    )

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert not django_user_model.objects.filter(username="nuevo").exists()


def test_password_reset_answers_503_and_sends_nothing(redis_away, client, learner, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": learner.email})

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert mailoutbox == []


def test_a_signed_in_learner_keeps_their_session_from_the_database(redis_server, client, learner):
    assert client.post("/accounts/login/", {"username": "learner", "password": PASSWORD}).status_code == 302

    redis_server.stop()
    page = client.get("/me/")

    assert page.status_code == 200
    assert f'<span class="account-menu__name">{learner.display_name}</span>' in page.text


def test_the_outage_is_logged_once_not_per_request(course, redis_away, client, caplog):
    with caplog.at_level(logging.WARNING):
        for _ in range(5):
            client.get(f"/courses/{course.slug}/")
            client.post("/accounts/login/", {"username": "learner", "password": "wrong"})

    lines = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(lines) == 1
    assert "does not answer" in lines[0].getMessage()


def test_reads_are_cached_again_once_redis_is_back(redis_server, client, course):
    redis_server.stop()
    client.get(f"/courses/{course.slug}/")
    redis_server.start()
    caches["default"].outage.skip_until = 0.0  # as a second later

    client.get(f"/courses/{course.slug}/")
    again = client.get(f"/courses/{course.slug}/")

    assert again["X-Cache"] == "hit"
