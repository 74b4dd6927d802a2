"""Logs an operator can read and search: UTC times, one JSON object per line with LOG_FORMAT=json (Django,
gunicorn, Celery), one line per request with its id, and never a password, token or e-mail address."""

import json
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core import logging as core_logging
from core.logging import JsonFormatter, RequestIdFilter, UTCFormatter
from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parents[2]
HEX_ID = re.compile(r"[0-9a-f]{32}")
PASSWORD = "learner-password-123"
GUNICORN_PORT = 8211


def request_lines(caplog):
    return [record for record in caplog.records if record.name == "platziflix.request"]


def test_every_answer_carries_a_new_request_id_and_a_client_cannot_choose_it(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0

    first = client.get("/health/live", HTTP_X_REQUEST_ID="chosen-by-the-client")
    second = client.get("/no-such-page/")

    assert HEX_ID.fullmatch(first["X-Request-ID"])
    assert HEX_ID.fullmatch(second["X-Request-ID"])
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_the_proxys_request_id_is_kept_behind_a_trusted_proxy(client, settings, caplog):
    settings.TRUSTED_PROXY_COUNT = 1
    caplog.set_level(logging.INFO, logger="platziflix.request")

    response = client.get("/health/live", HTTP_X_REQUEST_ID="0f3c2a9be1d64c7f8a5b6c7d8e9f0a1b")

    assert response["X-Request-ID"] == "0f3c2a9be1d64c7f8a5b6c7d8e9f0a1b"
    assert request_lines(caplog)[-1].request_id == "0f3c2a9be1d64c7f8a5b6c7d8e9f0a1b"


@pytest.mark.parametrize("sent", ["short", "x" * 129, "id with spaces", 'id"}\n{"level":"CRITICAL', "ñandú-0123456"])
def test_a_malformed_request_id_from_the_proxy_is_replaced(client, settings, sent):
    settings.TRUSTED_PROXY_COUNT = 1

    response = client.get("/health/live", HTTP_X_REQUEST_ID=sent)

    assert HEX_ID.fullmatch(response["X-Request-ID"])


def test_one_line_per_request_with_its_id_method_path_status_duration_and_user(client, learner, caplog):
    caplog.set_level(logging.INFO, logger="platziflix.request")
    client.force_login(learner)

    response = client.get("/me/?page=2")

    (line,) = request_lines(caplog)
    assert line.levelname == "INFO"
    assert line.request_id == response["X-Request-ID"]
    assert (line.method, line.path, line.status, line.user_id) == ("GET", "/me/", 200, learner.pk)
    assert line.duration_ms >= 0
    assert line.getMessage().startswith("GET /me/ 200 ")


def test_an_anonymous_request_is_logged_without_a_user(client, caplog):
    caplog.set_level(logging.INFO, logger="platziflix.request")

    client.get("/health/live")

    (line,) = request_lines(caplog)
    assert line.user_id is None


def test_an_api_token_callers_user_id_is_logged(client, learner, caplog):
    token = client.post("/api/v1/auth/token/", {"username": "learner", "password": PASSWORD}).json()["token"]
    caplog.set_level(logging.INFO, logger="platziflix.request")

    client.get("/api/v1/me/progress/", HTTP_AUTHORIZATION=f"Token {token}")

    assert request_lines(caplog)[-1].user_id == learner.pk


def every_logged_text(caplog):
    formatter = JsonFormatter()
    return "\n".join(formatter.format(record) for record in caplog.records)


def test_logs_never_hold_passwords_tokens_or_email_addresses(client, learner, caplog):
    caplog.set_level(logging.INFO)
    reset_token = default_token_generator.make_token(learner)
    uid = urlsafe_base64_encode(force_bytes(learner.pk))

    client.post("/accounts/login/", {"username": learner.email, "password": PASSWORD})
    client.post("/accounts/login/", {"username": "learner", "password": "a-wrong-Secret-42"})
    api_token = client.post("/api/v1/auth/token/", {"username": "learner", "password": PASSWORD}).json()["token"]
    client.get("/api/v1/me/progress/?token=" + api_token, HTTP_AUTHORIZATION=f"Token {api_token}")
    client.get(f"/accounts/password/reset/{uid}/{reset_token}/")
    client.post("/accounts/password/reset/", {"email": learner.email})

    logged = every_logged_text(caplog)
    assert "POST /accounts/login/" in logged
    assert "/accounts/password/reset/<uidb64>/<token>/" in logged
    assert "POST /accounts/password/reset/ 302" in logged
    for secret in (PASSWORD, "a-wrong-Secret-42", api_token, reset_token, learner.email):
        assert secret not in logged


def test_plain_lines_are_in_utc_whatever_the_sites_time_zone(settings):
    settings.TIME_ZONE = "America/Bogota"
    record = logging.makeLogRecord(
        {"name": "x", "levelname": "INFO", "msg": "hola", "created": 86400.25, "msecs": 250.0}
    )
    RequestIdFilter().filter(record)

    line = UTCFormatter(core_logging.PLAIN_FORMAT, style="{").format(record)

    assert line == "1970-01-02T00:00:00.250Z INFO x [-] hola"


def test_json_lines_carry_timestamp_level_logger_message_and_the_request_id():
    record = logging.makeLogRecord({"name": "x", "levelname": "WARNING", "msg": "hola %s", "args": ("mundo",)})
    record.created, record.msecs = 86400.25, 250.0
    token = core_logging.request_id.set("0123456789abcdef")
    try:
        RequestIdFilter().filter(record)
    finally:
        core_logging.request_id.reset(token)

    line = json.loads(JsonFormatter().format(record))

    assert line == {
        "timestamp": "1970-01-02T00:00:00.250000+00:00",
        "level": "WARNING",
        "logger": "x",
        "message": "hola mundo",
        "request_id": "0123456789abcdef",
    }


def clean_env(**overrides):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "LOG_"))}
    env.pop("TIME_ZONE", None)
    return {**env, **overrides}


REQUEST_SCRIPT = """
import logging
import django
django.setup()
from django.test import Client
Client(SERVER_NAME="localhost").get("/health/live")
Client(SERVER_NAME="localhost").get("/no-such-page/")
logging.getLogger("celery.worker").warning("from Celery's logger")
"""


def test_with_log_format_json_every_line_of_django_is_a_json_object():
    result = subprocess.run(
        [sys.executable, "-c", REQUEST_SCRIPT],
        cwd=PROJECT_DIR,
        env=clean_env(DJANGO_SETTINGS_MODULE="platziflix.settings", LOG_FORMAT="json"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in (result.stdout + result.stderr).splitlines()]
    assert all({"timestamp", "level", "logger", "message"} <= line.keys() for line in lines)
    assert all(line["timestamp"].endswith("+00:00") for line in lines)
    requests = [line for line in lines if line["logger"] == "platziflix.request"]
    assert [(line["path"], line["status"]) for line in requests] == [("/health/live", 200), ("/no-such-page/", 404)]
    assert all(HEX_ID.fullmatch(line["request_id"]) and line["duration_ms"] >= 0 for line in requests)
    assert any(line["logger"] == "celery.worker" for line in lines)
    (not_found,) = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["request_id"] == requests[1]["request_id"]


def test_plain_lines_are_the_default_and_in_utc():
    result = subprocess.run(
        [sys.executable, "-c", REQUEST_SCRIPT],
        cwd=PROJECT_DIR,
        env=clean_env(DJANGO_SETTINGS_MODULE="platziflix.settings"),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    (line,) = [line for line in result.stdout.splitlines() if "platziflix.request" in line and "/health/live" in line]
    stamp, level, logger, request_id, *message = line.split(" ")
    moment = time.mktime(time.strptime(stamp[:19], "%Y-%m-%dT%H:%M:%S")) - time.timezone
    assert stamp.endswith("Z") and abs(moment - time.time()) < 120  # UTC, not the site's America/Bogota
    assert (level, logger) == ("INFO", "platziflix.request")
    assert HEX_ID.fullmatch(request_id.strip("[]"))
    assert message[:3] == ["GET", "/health/live", "200"]


def wait_for_port(port, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def test_with_log_format_json_every_line_of_gunicorn_is_a_json_object(tmp_path):
    metrics_folder = tmp_path / "prometheus"
    metrics_folder.mkdir()
    command = [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--workers", "1"]
    env = clean_env(
        LOG_FORMAT="json",
        DJANGO_SETTINGS_MODULE="platziflix.settings",
        GUNICORN_BIND=f"127.0.0.1:{GUNICORN_PORT}",
        PROMETHEUS_MULTIPROC_DIR=str(metrics_folder),  # child_exit marks the worker dead on the way out
    )
    stdout, stderr = tmp_path / "stdout", tmp_path / "stderr"
    with stdout.open("w") as out, stderr.open("w") as err:
        process = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=out, stderr=err)
        try:
            assert wait_for_port(GUNICORN_PORT, process), stderr.read_text()
            with urllib.request.urlopen(f"http://127.0.0.1:{GUNICORN_PORT}/health/live", timeout=30) as response:
                request_id = response.headers["X-Request-ID"]
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=30)

    raw = (stdout.read_text() + stderr.read_text()).splitlines()
    lines = [json.loads(line) for line in raw]
    loggers = {line["logger"] for line in lines}
    assert {"gunicorn.error", "platziflix.request"} <= loggers
    assert "gunicorn.access" not in loggers  # the request line is the access log
    assert all({"timestamp", "level", "logger", "message"} <= line.keys() for line in lines)
    (request_line,) = [line for line in lines if line["logger"] == "platziflix.request"]
    assert request_line["request_id"] == request_id


def test_answers_from_the_public_cache_carry_a_request_id_and_a_log_line(client, caplog):
    url = f"/api/v1/courses/{CourseFactory().slug}/"
    client.get(url)
    caplog.set_level(logging.INFO, logger="platziflix.request")
    caplog.clear()

    response = client.get(url)

    assert response["X-Cache"] == "hit"
    assert HEX_ID.fullmatch(response["X-Request-ID"])
    (line,) = request_lines(caplog)
    assert (line.request_id, line.path, line.status) == (response["X-Request-ID"], url, 200)
