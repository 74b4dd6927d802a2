"""Each fault ends with the video "ready" and nobody acting: a killed pool child, a killed worker, the broker away
at upload time, a staff save interleaved with the finishing worker. Real worker processes on Redis and
PostgreSQL (platziflix/tests/video_faults.py); ``benchmarks/video.py --faults`` times the same runs."""

import pytest
from django.db import connection

from courses.models import Lesson
from courses.tests.clips import make_clip
from courses.tests.factories import LessonFactory
from platziflix.celery import app as celery_app
from platziflix.tests import video_faults as faults
from platziflix.tests.test_celery_worker import BROKER_URL, broker, reset_connections  # noqa: F401 (fixture)
from platziflix.tests.worker_processes import worker_database_url

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the worker needs a database it can share"),
]
NOBODY_LISTENS = "redis://127.0.0.1:9798/0"
TIMEOUT = 240  # generous: the machine is shared; the benchmark reports the real times


@pytest.fixture
def workers(broker, settings, tmp_path):  # noqa: F811
    faults.recovery_every_second()
    started = faults.Workers(
        broker_url=BROKER_URL, database_url=worker_database_url(), media_root=settings.MEDIA_ROOT, log_folder=tmp_path
    )
    yield started
    started.stop_all()


@pytest.fixture(scope="module")
def long_clip(tmp_path_factory):
    """Long enough that FFmpeg is still running when the test kills its process."""
    return make_clip(tmp_path_factory.mktemp("faults"), seconds=30, width=1280, height=720, preset="ultrafast")


def test_a_pool_child_killed_mid_job_ends_ready_by_the_redelivered_task(workers, long_clip):
    lesson = LessonFactory(video_url="")
    worker = workers.start()
    faults.upload(lesson, long_clip)
    faults.wait_for(lesson, faults.is_mid_job, timeout=TIMEOUT, describe="never processing")

    faults.kill_pool_child(worker)

    faults.wait_for(lesson, faults.is_ready, timeout=TIMEOUT, describe=workers.logs())
    assert (lesson.video_attempts, lesson.duration_seconds) == (2, 30)


def test_a_worker_killed_mid_job_ends_ready_by_the_periodic_takeover(workers, long_clip):
    lesson = LessonFactory(video_url="")
    first = workers.start()
    faults.upload(lesson, long_clip)
    faults.wait_for(lesson, faults.is_mid_job, timeout=TIMEOUT, describe="never processing")

    faults.kill_worker(first)
    workers.start()

    faults.wait_for(lesson, faults.is_ready, timeout=TIMEOUT, describe=workers.logs())
    assert lesson.video_attempts == 2


def test_an_upload_while_the_broker_is_away_answers_202_and_ends_ready(
    workers, api_client, staff_editor, tmp_path, settings
):
    lesson = LessonFactory(video_url="")
    clip = make_clip(tmp_path, seconds=2, width=640, height=360, preset="ultrafast")
    api_client.force_authenticate(staff_editor)
    reset_connections()
    celery_app.conf.broker_url = NOBODY_LISTENS
    url = f"/api/v1/courses/{lesson.course.slug}/lessons/{lesson.slug}/video/"
    with clip.open("rb") as video:
        response = api_client.put(url, {"file": video}, format="multipart")
    reset_connections()
    celery_app.conf.broker_url = BROKER_URL

    assert response.status_code == 202
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.PENDING
    workers.start()
    faults.wait_for(lesson, faults.is_ready, timeout=TIMEOUT, describe=workers.logs())


def test_a_staff_save_of_a_form_loaded_mid_job_keeps_the_ready_video(workers, client, staff_user, tmp_path):
    lesson = LessonFactory(video_url="")
    workers.start()
    faults.upload(lesson, make_clip(tmp_path, seconds=4, width=640, height=360, preset="ultrafast"))
    faults.wait_for(
        lesson, lambda row: row.video_status == Lesson.VideoStatus.PROCESSING, timeout=TIMEOUT, describe="idle"
    )
    client.force_login(staff_user)
    url = f"/admin/courses/lesson/{lesson.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields if name != "video_file"}
    data |= {"name": "Renombrada", "course": lesson.course_id, "captions-TOTAL_FORMS": 0, "captions-INITIAL_FORMS": 0}

    faults.wait_for(lesson, faults.is_ready, timeout=TIMEOUT, describe=workers.logs())
    assert client.post(url, data).status_code == 302

    lesson.refresh_from_db()
    assert (lesson.name, lesson.video_status) == ("Renombrada", Lesson.VideoStatus.READY)
