"""A real `celery -A platziflix worker` against Redis processes uploads, and a killed worker loses nothing.

Needs Redis (TEST_CELERY_BROKER_URL, by default database 9 of the local server) and PostgreSQL: the worker is
another process, so it must see the committed rows of the test database. `.ci/run` starts Redis.
"""

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import connection

from courses import services
from courses.models import Lesson
from courses.tests.clips import make_clip
from courses.tests.factories import LessonFactory
from platziflix.celery import app as celery_app
from platziflix.tests.worker_processes import worker_database_url, worker_start, worker_stop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs a database it can share"),
]
BROKER_URL = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/9")
TAKE_OVER_AFTER = 4
WORKER_COMMAND = [sys.executable, "-m", "celery", "-A", "platziflix", "worker", "--without-heartbeat"]


def reset_connections():
    """Forget the app's broker connections and producers, so the next message goes to the broker now set."""
    celery_app.close()
    celery_app.amqp._producer_pool = None
    celery_app.conf.pop("broker_write_url", None)
    celery_app.conf.pop("broker_read_url", None)


@pytest.fixture
def broker():
    import redis

    client = redis.Redis.from_url(BROKER_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail(f"Redis is not answering at {BROKER_URL}")
        pytest.skip(f"Redis is not answering at {BROKER_URL}")
    client.flushdb()
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")}
    reset_connections()
    celery_app.conf.update(
        broker_url=BROKER_URL,
        task_always_eager=False,
        broker_transport_options={"visibility_timeout": TAKE_OVER_AFTER},
    )
    yield client
    reset_connections()
    celery_app.conf.update(saved)
    client.flushdb()


@pytest.fixture
def start_worker(broker, settings, tmp_path):
    """Starts workers (each in its own process group, so FFmpeg children die with it) and stops them after."""
    started = []
    env = os.environ | {
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_URL": BROKER_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VIDEO_PROCESSING_TIMEOUT": str(TAKE_OVER_AFTER),
        "VIDEO_HEARTBEAT_SECONDS": "1",
        "VIDEO_TAKEOVER_SECONDS": str(TAKE_OVER_AFTER),
        "VIDEO_TASK_TIME_LIMIT": "600",  # the takeover comes after 4 s; the run itself may take longer
        "VIDEO_X264_PRESET": "ultrafast",
        "WORKER_HEARTBEAT_SECONDS": "1",
    }

    def start():
        worker = worker_start(
            [*WORKER_COMMAND, "--pool=solo", "--loglevel=INFO", "--without-mingle", "--without-gossip"],
            env=env,
            log_path=tmp_path / f"worker-{len(started)}.log",
        )
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker_stop(worker)


def wait_for_status(lesson, status, timeout, logs):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        lesson.refresh_from_db()
        if lesson.video_status == status:
            return lesson
        time.sleep(0.2)
    worker_logs = "\n".join(log.read_text()[-3000:] for log in sorted(logs.glob("worker-*.log")))
    raise AssertionError(f"lesson still {lesson.video_status!r} after {timeout} s, expected {status!r}\n{worker_logs}")


def upload(lesson, clip):
    services.lesson_video_upload(lesson=lesson, file=ContentFile(Path(clip).read_bytes(), name="clase.mp4"))


def test_a_worker_processes_an_uploaded_video(start_worker, tmp_path):
    lesson = LessonFactory(video_url="")
    start_worker()

    upload(lesson, make_clip(tmp_path, seconds=2, width=640, height=360))

    lesson = wait_for_status(lesson, Lesson.VideoStatus.READY, timeout=120, logs=tmp_path)
    assert lesson.duration_seconds == 2
    assert Path(lesson.video_file.storage.path(lesson.hls_playlist)).is_file()


def test_a_worker_killed_mid_job_leaves_the_video_to_the_next_worker(start_worker, tmp_path):
    lesson = LessonFactory(video_url="")
    first = start_worker()
    upload(lesson, make_clip(tmp_path, seconds=40, width=1280, height=720))
    wait_for_status(lesson, Lesson.VideoStatus.PROCESSING, timeout=120, logs=tmp_path)

    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.PROCESSING
    start_worker()

    lesson = wait_for_status(lesson, Lesson.VideoStatus.READY, timeout=300, logs=tmp_path)
    assert lesson.duration_seconds == 40
    video_folders = list(Path(lesson.video_file.storage.path(f"lessons/{lesson.pk}/video")).iterdir())
    assert [folder.name for folder in video_folders] == [lesson.hls_playlist.split("/")[3]]


def test_readiness_follows_the_heartbeat_of_a_real_worker(start_worker, client, settings):
    settings.REDIS_URL = settings.CELERY_BROKER_URL = BROKER_URL
    settings.WORKER_HEARTBEAT_MAX_AGE = 3
    assert client.get("/health/ready").json()["checks"]["worker"] == "none seen"
    worker = start_worker()

    deadline = time.monotonic() + 30
    while (response := client.get("/health/ready")).status_code != 200:
        assert time.monotonic() < deadline, response.json()
        time.sleep(0.2)
    assert response.json()["checks"] == {"database": "ok", "redis": "ok", "broker": "ok", "worker": "ok"}

    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    deadline = time.monotonic() + 30
    while (response := client.get("/health/ready")).status_code != 503:
        assert time.monotonic() < deadline, response.json()
        time.sleep(0.2)
    assert response.json()["checks"]["worker"].startswith("none seen for ")
