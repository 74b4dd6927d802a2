"""`make run`'s background work: the worker line of Procfile.dev, on kombu's filesystem broker (no server), takes
uploads off the request, runs beat's due tasks and reports its heartbeat.

The worker is another process, so it must see the committed rows of the test database: PostgreSQL only, as in
test_celery_worker.py. No Redis is involved (the worker gets neither REDIS_URL nor CELERY_BROKER_URL).
"""

import os
import shlex
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.utils import timezone

from courses.media import processing
from courses.models import Lesson
from courses.tests.factories import LessonFactory
from platziflix.celery import app as celery_app
from platziflix.tests.test_celery_worker import reset_connections, wait_for_status
from platziflix.tests.worker_processes import worker_database_url, worker_start, worker_stop

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs a database it can share"),
]
PROCFILE = Path(django_settings.BASE_DIR) / "Procfile.dev"


def procfile_command(name):
    """The command of ``name`` in Procfile.dev, run with this interpreter (the test's virtualenv)."""
    for line in PROCFILE.read_text().splitlines():
        if line.startswith(f"{name}:"):
            command = shlex.split(line.split(":", 1)[1])
            assert command[0] == ".venv/bin/celery", command
            return [sys.executable, "-m", "celery", *command[1:]]
    raise AssertionError(f"no {name} line in {PROCFILE}")


def filesystem_transport_options(folder):
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "control_folder": str(folder / "control"),
    }


@pytest.fixture
def broker_folder(tmp_path):
    """This process queues to a filesystem broker in a temporary folder, as `make run`'s runserver does."""
    folder = tmp_path / "broker"
    for name in ("queue", "control"):
        (folder / name).mkdir(parents=True)
    saved = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")}
    reset_connections()
    celery_app.conf.update(
        broker_url="filesystem://localhost/",
        task_always_eager=False,
        broker_transport_options=filesystem_transport_options(folder),
    )
    yield folder
    reset_connections()
    celery_app.conf.update(saved)


@pytest.fixture
def start_make_run_worker(broker_folder, settings, tmp_path):
    """Starts Procfile.dev's worker (with its embedded beat) on the temporary broker folder; stops it after."""
    env = {key: value for key, value in os.environ.items() if key not in ("REDIS_URL", "CELERY_BROKER_URL")}
    env |= {
        "DATABASE_URL": worker_database_url(),
        "CELERY_BROKER_FOLDER": str(broker_folder),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "VIDEO_X264_PRESET": "ultrafast",
        "WORKER_HEARTBEAT_SECONDS": "1",
    }
    log_path = tmp_path / "worker-0.log"
    workers = []

    def start():
        workers.append(worker_start(procfile_command("worker"), env=env, log_path=log_path))
        return log_path

    yield start
    for worker in workers:
        worker_stop(worker, grace_seconds=30)


def wait_until(condition, timeout, message):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, message
        time.sleep(0.2)


def test_the_admin_answers_a_95_second_upload_at_once_and_the_worker_makes_it_ready(
    client, staff_user, start_make_run_worker, tmp_path
):
    start_make_run_worker()
    clip = processing.make_test_clip(tmp_path / "clip.mp4", seconds=95, width=1280, height=720, fps=15)
    lesson = LessonFactory(video_url="", duration_seconds=60)
    client.force_login(staff_user)
    url = f"/admin/courses/lesson/{lesson.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "video_file"}
    data |= {"course": lesson.course.pk, "captions-TOTAL_FORMS": 0, "captions-INITIAL_FORMS": 0}
    video = SimpleUploadedFile("clase.mp4", clip.read_bytes(), content_type="video/mp4")
    body = encode_multipart(BOUNDARY, {**data, "video_file": video})  # what the browser sends, made beforehand

    started = time.monotonic()
    response = client.generic("POST", url, body, content_type=MULTIPART_CONTENT)
    answered_in = time.monotonic() - started

    assert response.status_code == 302
    assert answered_in < 2, f"the admin took {answered_in:.1f} s"
    lesson.refresh_from_db()
    assert lesson.video_status in (Lesson.VideoStatus.PENDING, Lesson.VideoStatus.PROCESSING)
    lesson = wait_for_status(lesson, Lesson.VideoStatus.READY, timeout=900, logs=tmp_path)
    ready_in = time.monotonic() - started
    assert lesson.duration_seconds == 95
    print(
        f"\n{len(body) / 2**20:.1f} MB upload: the admin answered in {answered_in:.2f} s; "
        f"the lesson was ready {ready_in:.0f} s after the upload"
    )


def test_the_worker_reports_its_heartbeat_to_readiness(client, settings, start_make_run_worker):
    start_make_run_worker()
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = "filesystem://localhost/"

    def worker_seen():
        return client.get("/health/ready").json()["checks"]["worker"] == "ok"

    wait_until(worker_seen, timeout=30, message="no heartbeat from the worker")


def test_beat_in_the_worker_runs_a_due_periodic_task(start_make_run_worker, django_user_model, settings):
    from django_celery_beat.models import IntervalSchedule, PeriodicTask
    from rest_framework.authtoken.models import Token

    learner = django_user_model.objects.create_user("old-token", password="x" * 12)
    token = Token.objects.create(user=learner)
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(seconds=settings.API_TOKEN_TTL + 60))
    every_second, _created = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)

    PeriodicTask.objects.update_or_create(
        name="Clear expired sessions and API tokens",
        defaults={"task": "accounts.tasks.sessions_and_tokens_clear", "interval": every_second},
    )

    log = start_make_run_worker()

    wait_until(
        lambda: not Token.objects.filter(pk=token.pk).exists(),
        timeout=90,
        message="beat did not run the due task: " + log.read_text()[-3000:],
    )
