"""A real `celery -A platziflix worker` logs through Django's LOGGING: with LOG_FORMAT=json every line is one JSON
object, and a task queued while serving a request logs that request's id.

Needs Redis (TEST_CELERY_BROKER_URL) and PostgreSQL, as the other worker tests do."""

import json
import os
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from core import logging as core_logging
from courses.models import Lesson
from courses.tests.clips import make_clip, truncated_copy
from courses.tests.factories import LessonFactory
from platziflix.celery import receive_request_id, send_request_id
from platziflix.tests.test_celery_worker import WORKER_COMMAND, broker  # noqa: F401 (fixture)
from platziflix.tests.worker_processes import worker_database_url, worker_start, worker_stop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs a database it can share"),
]
QUIET_WORKER_COMMAND = [*WORKER_COMMAND[:5], "--quiet", *WORKER_COMMAND[5:]]
BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")


@pytest.fixture
def json_worker(broker, settings, tmp_path):  # noqa: F811 (the fixture imported above)
    env = os.environ | {
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "LOG_FORMAT": "json",
        "VIDEO_X264_PRESET": "ultrafast",
        # Celery warns a worker running as root (as CI does) before any logging is set up, in plain text; a
        # deployment runs it as another user.
        "PYTHONWARNINGS": "ignore:You're running the worker with superuser privileges",
    }
    log_path = tmp_path / "worker.log"
    # --quiet: no start-up banner, which Celery prints to stdout as plain text whatever the log format.
    command = [*QUIET_WORKER_COMMAND, "--pool=solo", "--loglevel=INFO", "--without-mingle", "--without-gossip"]
    worker = worker_start(command, env=env, log_path=log_path)
    yield log_path
    worker_stop(worker)


def wait_for_status(lesson, status, timeout, log_path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lesson.refresh_from_db()
        if lesson.video_status == status:
            return
        time.sleep(0.2)
    raise AssertionError(f"lesson still {lesson.video_status!r}\n{log_path.read_text()[-3000:]}")


def test_a_worker_writes_json_lines_and_a_task_logs_the_id_of_the_request_that_queued_it(
    json_worker, staff_user, tmp_path
):
    lesson = LessonFactory(video_url="")
    broken = truncated_copy(make_clip(tmp_path, seconds=1, width=320, height=180), tmp_path)
    client = Client()
    client.force_login(staff_user)

    with broken.open("rb") as file:
        response = client.put(
            f"/api/v1/courses/{lesson.course.slug}/lessons/{lesson.slug}/video/",
            data=encode_multipart(BOUNDARY, {"file": file}),
            content_type=MULTIPART_CONTENT,
        )

    assert response.status_code == 202, response.content
    wait_for_status(lesson, Lesson.VideoStatus.FAILED, timeout=120, log_path=json_worker)
    time.sleep(0.5)  # the line written after the status change
    lines = [json.loads(line) for line in json_worker.read_text().splitlines()]
    assert all({"timestamp", "level", "logger", "message"} <= line.keys() for line in lines)
    failed = [line for line in lines if line["message"].startswith(f"Lesson {lesson.pk} video failed")]
    assert failed, json_worker.read_text()[-3000:]
    assert failed[0]["request_id"] == response["X-Request-ID"]


def test_a_task_queued_outside_any_request_carries_no_request_id():
    headers = {}

    send_request_id(headers=headers)

    assert headers == {}


def test_a_malformed_request_id_in_a_message_is_not_logged():
    class Forged:
        class request:
            request_id = 'x"}\n{"level": "CRITICAL"'

    receive_request_id(task_id="t1", task=Forged)

    assert core_logging.request_id.get() is None
