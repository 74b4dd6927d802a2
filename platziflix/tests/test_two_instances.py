"""Two live servers on one database and one Redis: what a learner, staff and the throttles do on one is seen on
the other. (``benchmarks/two_instances.py`` checks the same with two gunicorn processes.)"""

import http.client
import json
import os
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest
from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.cache import cache
from django.test.testcases import LiveServerThread
from rest_framework.authtoken.models import Token

from courses.tests.factories import CourseFactory
from learning.models import Rating

REDIS_URL = os.environ.get("REDIS_URL", "")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL), as several instances do")


class Browser:
    """One cookie jar for both servers, as behind a load balancer."""

    def __init__(self):
        self.cookies = {}
        self.last_headers = None

    def request(self, base_url, method, path, body=None, headers=None):
        address = urlsplit(base_url)
        connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        self.last_headers = response.msg
        for header in response.msg.get_all("Set-Cookie") or []:
            self.cookies.update({name: morsel.value for name, morsel in SimpleCookie(header).items()})
        connection.close()
        return response.status, content

    def form_token(self, base_url, path):
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.request(base_url, "GET", path)[1])[1]

    def post_form(self, base_url, path, fields, token):
        body = urlencode({**fields, "csrfmiddlewaretoken": token})
        return self.request(base_url, "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"})


@pytest.fixture
def shared_state(settings):
    settings.CACHES = {"default": {"BACKEND": "core.cache_backends.RedisCache", "LOCATION": REDIS_URL}}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    cache.clear()  # no throttle count left by an earlier run
    yield
    cache.clear()


@pytest.fixture
def servers(shared_state, transactional_db):
    threads = [LiveServerThread("127.0.0.1", StaticFilesHandler, port=0) for _ in range(2)]
    for thread in threads:
        thread.daemon = True
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
    yield [f"http://127.0.0.1:{thread.port}" for thread in threads]
    for thread in threads:
        thread.terminate()


@pytest.fixture
def signed_in_on_a(servers, learner):
    a, _b = servers
    browser = Browser()
    token = browser.form_token(a, "/accounts/login/")
    browser.post_form(a, "/accounts/login/", {"username": "learner", "password": "learner-password-123"}, token)
    return browser


@pytest.fixture
def published(transactional_db):
    return CourseFactory(name="Curso de Django", slug="django")


def test_a_session_made_on_a_is_signed_in_on_b(servers, signed_in_on_a):
    _a, b = servers

    status, page = signed_in_on_a.request(b, "GET", "/me/")

    assert status == 200
    assert "learner" in page


def test_a_csrf_token_from_a_is_accepted_by_b(servers, signed_in_on_a, published, learner):
    a, b = servers
    token = signed_in_on_a.form_token(a, "/courses/django/")

    status, _page = signed_in_on_a.post_form(b, "/courses/django/rating/", {"score": "4", "review": ""}, token)

    assert status == 302
    assert Rating.objects.get(user=learner).score == 4


def test_a_rating_written_on_a_is_read_on_b(servers, signed_in_on_a, published):
    a, b = servers
    headers = {"Content-Type": "application/json", "X-CSRFToken": signed_in_on_a.cookies["csrftoken"]}
    signed_in_on_a.request(a, "POST", "/api/v1/courses/django/ratings/", json.dumps({"score": 5}), headers)

    _status, mine = signed_in_on_a.request(b, "GET", "/api/v1/courses/django/ratings/mine/")

    assert json.loads(mine)["score"] == 5


def test_throttle_counts_are_shared_so_the_limit_trips_at_n_not_2n(servers, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "auth_token": "3/minute"}
    body = json.dumps({"username": "nobody", "password": "wrong"})
    headers = {"Content-Type": "application/json"}

    answers = [Browser().request(servers[n % 2], "POST", "/api/v1/auth/token/", body, headers)[0] for n in range(4)]

    assert answers == [400, 400, 400, 429]


def test_a_catalog_edit_on_a_is_visible_at_once_on_b(servers, published, staff_user):
    a, b = servers
    reader = Browser()
    cached = []
    for path in ("/api/platziflix/courses/django", "/courses/django/"):
        reader.request(b, "GET", path)
        reader.request(b, "GET", path)
        cached.append(reader.last_headers["X-Cache"])
    headers = {"Content-Type": "application/json", "Authorization": f"Token {Token.objects.create(user=staff_user)}"}

    status, _body = Browser().request(a, "PATCH", "/api/v1/courses/django/", json.dumps({"name": "Django 5"}), headers)

    assert cached == ["hit", "hit"]
    assert status == 200
    assert json.loads(reader.request(b, "GET", "/api/platziflix/courses/django")[1])["title"] == "Django 5"
    assert "Django 5" in reader.request(b, "GET", "/courses/django/")[1]
