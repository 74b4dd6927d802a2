"""Error reports: with SENTRY_DSN set, errors in views and Celery tasks reach Sentry without personal data.

A local HTTP server in a thread stands in for Sentry and keeps the envelopes it receives."""

import gzip
import json
import os
import queue
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import sentry_sdk
from celery import shared_task
from django.test import Client

from core import sentry as core_sentry
from platziflix import __version__

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]
SENTRY_PORT = 8221


class EnvelopeHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "deflate":
            body = zlib.decompress(body)
        elif encoding == "br":
            import brotli

            body = brotli.decompress(body)
        self.server.envelopes.put((self.path, body.decode()))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, format, *args):
        pass


def envelope_items(raw):
    """The (item header, payload) pairs of an envelope: a header line, then each item's header and payload."""
    lines = raw.split("\n")
    items = []
    index = 1
    while index + 1 < len(lines):
        header = json.loads(lines[index])
        items.append((header, json.loads(lines[index + 1])))
        index += 2
    return items


@pytest.fixture
def sentry_server():
    server = ThreadingHTTPServer(("127.0.0.1", SENTRY_PORT), EnvelopeHandler)
    server.envelopes = queue.Queue()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    core_sentry.init(
        f"http://public-key@127.0.0.1:{SENTRY_PORT}/1", environment="test", release=f"platziflix@{__version__}"
    )
    yield server
    sentry_sdk.get_client().close()
    # No DSN and no integrations: the tests that follow send nothing and run through Django's own code.
    sentry_sdk.init(default_integrations=False, auto_enabling_integrations=False)
    server.shutdown()
    server.server_close()


def next_event(server):
    sentry_sdk.flush(timeout=10)
    while True:
        path, raw = server.envelopes.get(timeout=10)
        events = [payload for header, payload in envelope_items(raw) if header.get("type") == "event"]
        if events:
            return path, raw, events[0]


@pytest.mark.django_db(transaction=True)
def test_an_error_in_a_view_is_reported_without_personal_data(sentry_server, live_server, settings, learner):
    settings.ROOT_URLCONF = "platziflix.tests.api_error_urls"
    client = Client()
    client.force_login(learner)
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    request = urllib.request.Request(
        f"{live_server.url}/explode/?page=2",
        headers={"Cookie": f"{settings.SESSION_COOKIE_NAME}={session_cookie}", "Authorization": "Token not-for-sentry"},
    )

    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(request, timeout=30)

    assert answer.value.code == 500
    path, raw, event = next_event(sentry_server)
    assert path == "/api/1/envelope/"
    (exception,) = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("RuntimeError", "boom")
    assert event["release"] == f"platziflix@{__version__}"
    assert event["environment"] == "test"
    assert event["tags"]["request_id"] == answer.value.headers["X-Request-ID"]
    assert event["request"]["url"].endswith("/explode/")
    headers = event["request"]["headers"]
    assert (headers["Cookie"], headers["Authorization"]) == ("[Filtered]", "[Filtered]")
    assert "cookies" not in event["request"]
    assert "user" not in event
    for personal in (learner.email, session_cookie, "not-for-sentry", "REMOTE_ADDR", "ip_address"):
        assert personal not in raw


@shared_task(name="platziflix.tests.sentry_fails")
def fails():
    raise LookupError("the task's failure")


def test_a_failing_celery_task_is_reported(sentry_server):
    fails.apply()  # eagerly, in this process: the same tracer a worker runs the task with

    _path, _raw, event = next_event(sentry_server)
    (exception,) = event["exception"]["values"]
    assert (exception["type"], exception["value"]) == ("LookupError", "the task's failure")
    assert exception["mechanism"]["type"] == "celery"
    assert event["extra"]["celery-job"]["task_name"] == "platziflix.tests.sentry_fails"


def test_settings_switch_sentry_on_from_the_environment_without_personal_data():
    script = (
        "import django; django.setup(); import sentry_sdk; options = sentry_sdk.get_client().options; "
        "print(options['dsn'], options['environment'], options['release'], options['send_default_pii'], "
        "sorted(i for i in sentry_sdk.get_client().integrations if i in ('django', 'celery')))"
    )
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "SENTRY_"))}
    env |= {
        "DJANGO_SETTINGS_MODULE": "platziflix.settings",
        "SENTRY_DSN": f"http://public-key@127.0.0.1:{SENTRY_PORT}/1",
        "SENTRY_ENVIRONMENT": "staging",
    }

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        f"http://public-key@127.0.0.1:{SENTRY_PORT}/1",
        "staging",
        f"platziflix@{__version__}",
        "False",
        "['celery',",
        "'django']",
    ]
