"""Background work: the broker `make run` uses, the periodic tasks (their effect on the real database and storage),
their schedule and their time limits. Real workers are started in test_make_run_worker.py and test_celery_worker.py.
"""

import subprocess
import sys
from datetime import timedelta
from importlib import import_module
from importlib.util import find_spec
from pathlib import Path

import pytest
from django.apps import apps as django_apps
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask
from rest_framework.authtoken.models import Token

from accounts import tasks as account_tasks
from core.schedule import periodic_tasks_sync
from courses import services
from courses import tasks as course_tasks
from courses.models import Lesson, SupersededMedia
from courses.tests.clips import CAPTIONS_ES, make_clip
from courses.tests.factories import LessonFactory
from learning import services as learning_services
from learning import tasks as learning_tasks
from learning.models import Certificate, Exam, ExamAttempt, LessonProgress
from learning.tests.factories import LessonProgressFactory
from platziflix.celery import app as celery_app
from platziflix.tests.test_settings import PROJECT_DIR, clean_env

pytestmark = pytest.mark.django_db


def _register_every_task():
    """Import each installed app's tasks module, as the worker's autodiscovery does, so every task is known."""
    for config in django_apps.get_app_configs():
        if find_spec(f"{config.name}.tasks"):
            import_module(f"{config.name}.tasks")


_register_every_task()

LATER = timedelta(days=2)


# --- the broker with nothing configured ----------------------------------------------------------------------


def _in_a_fresh_process(script, **env):
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{script}"],
        cwd=PROJECT_DIR,
        env=clean_env(DJANGO_SETTINGS_MODULE="platziflix.settings", **env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result


def test_with_no_broker_configured_tasks_go_to_a_filesystem_queue_and_kombu_warns_of_nothing(tmp_path):
    script = (
        "from platziflix.celery import app\n"
        "from courses import tasks\n"
        "print('EAGER', app.conf.task_always_eager, app.conf.broker_url)\n"
        "tasks.process_lesson_video.delay(0)\n"
    )

    result = _in_a_fresh_process(script, CELERY_BROKER_FOLDER=str(tmp_path), LOG_LEVEL="DEBUG")

    assert "EAGER False filesystem://localhost/" in result.stdout
    assert len(list((tmp_path / "queue").iterdir())) == 1, "the task waits in the queue for the worker"
    assert "No hostname was supplied" not in result.stdout + result.stderr


def test_the_eager_path_the_tests_use_hands_kombu_a_url_with_a_host(tmp_path):
    """The warning came from here: an eager task still acquires a producer, which read the empty broker URL."""
    script = (
        "from platziflix.celery import app\n"
        "from courses import tasks\n"
        "app.conf.task_always_eager = True\n"
        "tasks.process_lesson_video.delay(0)\n"
    )

    result = _in_a_fresh_process(script, CELERY_BROKER_FOLDER=str(tmp_path))

    assert "No hostname was supplied" not in result.stdout + result.stderr


# --- the schedule and the time limits ------------------------------------------------------------------------


def test_migrate_puts_every_periodic_task_of_the_code_in_the_database():
    scheduled = dict(PeriodicTask.objects.values_list("name", "task"))

    for name, entry in django_settings.PERIODIC_TASKS.items():
        assert scheduled[name] == entry["task"]
        assert entry["task"] in celery_app.tasks


def test_syncing_the_schedule_keeps_what_staff_changed_and_adds_what_is_missing():
    entry = PeriodicTask.objects.get(name="Issue due certificates")
    entry.interval, _created = IntervalSchedule.objects.get_or_create(every=7, period=IntervalSchedule.DAYS)
    entry.enabled = False
    entry.save()
    PeriodicTask.objects.filter(name="Take over stuck lesson videos").delete()

    added = periodic_tasks_sync()

    assert added == 1
    entry.refresh_from_db()
    assert (entry.interval.every, entry.interval.period, entry.enabled) == (7, IntervalSchedule.DAYS, False)
    assert PeriodicTask.objects.get(name="Take over stuck lesson videos").interval.every == 30


def test_every_task_of_the_project_has_a_soft_and_a_hard_time_limit():
    project_tasks = {name: task for name, task in celery_app.tasks.items() if not name.startswith("celery.")}

    assert set(project_tasks) >= {entry["task"] for entry in django_settings.PERIODIC_TASKS.values()}
    for name, task in project_tasks.items():
        assert task.soft_time_limit and task.time_limit, name
        assert task.soft_time_limit < task.time_limit, name


def test_the_video_task_is_killed_no_later_than_another_run_may_take_it_over():
    task = celery_app.tasks["courses.tasks.process_lesson_video"]

    assert task.time_limit == django_settings.VIDEO_TASK_TIME_LIMIT == django_settings.VIDEO_PROCESSING_TIMEOUT
    assert task.soft_time_limit == task.time_limit - 60


# --- a. videos nobody is processing --------------------------------------------------------------------------


def _lesson_with_video(**fields):
    lesson = LessonFactory(video_url="")
    lesson.video_file.save("clase.mp4", ContentFile(b"not really a video"), save=False)
    lesson.save()
    Lesson.all_objects.filter(pk=lesson.pk).update(**fields)
    return lesson


@pytest.fixture
def queued(monkeypatch):
    """The lesson ids sent to the video task (on commit), instead of processing them here."""
    sent = []
    monkeypatch.setattr(course_tasks.process_lesson_video, "delay", sent.append)
    return sent


def test_a_video_whose_run_went_silent_goes_back_to_the_queue(settings, queued, django_capture_on_commit_callbacks):
    settings.VIDEO_TAKEOVER_SECONDS = 60
    long_ago = timezone.now() - timedelta(hours=1)
    stale = _lesson_with_video(
        video_status="processing",
        video_job_started_at=long_ago,
        video_heartbeat_at=timezone.now() - timedelta(seconds=61),
        video_attempts=1,
    )
    running = _lesson_with_video(
        video_status="processing",
        video_job_started_at=long_ago,
        video_heartbeat_at=timezone.now() - timedelta(seconds=50),
        video_attempts=1,
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = course_tasks.lesson_videos_recover()

    assert result == {"requeued": 1, "failed": 0}
    assert queued == [stale.pk]
    stale.refresh_from_db()
    running.refresh_from_db()
    assert (stale.video_status, stale.video_job) == (Lesson.VideoStatus.PENDING, None)
    assert running.video_status == Lesson.VideoStatus.PROCESSING


def test_a_video_job_still_pending_after_a_minute_is_sent_again_once_a_minute(
    settings, queued, django_capture_on_commit_callbacks
):
    settings.VIDEO_ENQUEUE_AFTER_SECONDS = 60
    lost = _lesson_with_video(video_status="pending", updated_at=timezone.now() - timedelta(seconds=61))

    with django_capture_on_commit_callbacks(execute=True):
        first = course_tasks.lesson_videos_recover()
    with django_capture_on_commit_callbacks(execute=True):
        second = course_tasks.lesson_videos_recover()

    assert (first, second) == ({"requeued": 1, "failed": 0}, {"requeued": 0, "failed": 0})
    assert queued == [lost.pk]


def test_a_video_that_keeps_stopping_its_worker_ends_failed_with_a_message_for_staff(settings, queued):
    settings.VIDEO_TAKEOVER_SECONDS = 60
    lesson = _lesson_with_video(
        video_status="processing",
        video_job_started_at=timezone.now() - timedelta(hours=2),
        video_attempts=services.VIDEO_MAX_ATTEMPTS,
    )

    result = course_tasks.lesson_videos_recover()

    assert result == {"requeued": 0, "failed": 1}
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.FAILED
    assert "interrumpió" in lesson.video_error
    assert queued == []


def test_a_requeued_video_is_processed_by_the_next_run(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.VIDEO_TAKEOVER_SECONDS = 60
    clip = make_clip(tmp_path, seconds=3, width=320, height=180)
    lesson = LessonFactory(video_url="")
    lesson.video_file.save("clase.mp4", ContentFile(Path(clip).read_bytes()), save=False)
    lesson.video_status = Lesson.VideoStatus.PROCESSING
    lesson.video_job_started_at = timezone.now() - timedelta(hours=1)
    lesson.save(update_fields=["video_file", "video_status", "video_job_started_at"])

    with django_capture_on_commit_callbacks(execute=True):  # the tests run queued tasks in process
        course_tasks.lesson_videos_recover()

    lesson.refresh_from_db()
    assert (lesson.video_status, lesson.video_attempts, lesson.duration_seconds) == ("ready", 1, 3)


# --- b. superseded media -------------------------------------------------------------------------------------


def test_a_replaced_caption_file_stays_until_its_grace_period_ends(settings):
    settings.MEDIA_DELETE_GRACE_SECONDS = 3600
    lesson = LessonFactory()
    first = services.caption_save(lesson=lesson, language="es", file=ContentFile(CAPTIONS_ES.encode()))
    old_name = first.file.name

    second = services.caption_save(lesson=lesson, language="es", file=ContentFile(CAPTIONS_ES.encode()))

    assert second.file.name != old_name
    assert default_storage.exists(old_name), "a player that loaded the old track still reads it"
    assert services.superseded_media_delete(now=timezone.now() + timedelta(seconds=3599)) == 0
    assert default_storage.exists(old_name)
    assert services.superseded_media_delete(now=timezone.now() + timedelta(seconds=3601)) == 1
    assert not default_storage.exists(old_name)
    assert default_storage.exists(second.file.name)


def test_a_deleted_caption_file_is_deleted_by_the_periodic_task_once_due(settings):
    settings.MEDIA_DELETE_GRACE_SECONDS = 0
    caption = services.caption_save(lesson=LessonFactory(), language="es", file=ContentFile(CAPTIONS_ES.encode()))
    name = caption.file.name

    services.caption_delete(caption=caption)

    assert default_storage.exists(name)
    assert course_tasks.superseded_media_delete() == 1
    assert not default_storage.exists(name)
    assert not SupersededMedia.objects.exists()


def test_a_removed_video_stream_is_kept_until_due_then_its_whole_folder_goes(settings):
    settings.MEDIA_DELETE_GRACE_SECONDS = 60
    lesson = LessonFactory(video_url="")
    folder = f"lessons/{lesson.pk}/video/{'a' * 32}"
    for name in ("hls/master.m3u8", "hls/360p/segment-000.ts", "poster.jpg"):
        default_storage.save(f"{folder}/{name}", ContentFile(b"x"))
    Lesson.all_objects.filter(pk=lesson.pk).update(
        hls_playlist=f"{folder}/hls/master.m3u8", poster=f"{folder}/poster.jpg", video_status="ready"
    )
    lesson.refresh_from_db()

    services.lesson_video_changed(lesson=lesson)  # staff cleared the file in the admin

    assert Path(default_storage.path(folder)).is_dir()
    services.superseded_media_delete(now=timezone.now() + timedelta(seconds=61))
    assert not Path(default_storage.path(folder)).exists()


def test_superseded_media_in_use_again_is_forgotten_not_deleted(settings):
    settings.MEDIA_DELETE_GRACE_SECONDS = 0
    caption = services.caption_save(lesson=LessonFactory(), language="es", file=ContentFile(CAPTIONS_ES.encode()))
    services.media_supersede(name=caption.file.name)

    assert services.superseded_media_delete() == 1

    assert default_storage.exists(caption.file.name)
    assert not SupersededMedia.objects.exists()


def test_deleting_superseded_media_twice_is_harmless(settings):
    settings.MEDIA_DELETE_GRACE_SECONDS = 0
    name = default_storage.save("captions/old.vtt", ContentFile(b"WEBVTT\n"))
    services.media_supersede(name=name)
    SupersededMedia.objects.create(name=name, delete_after=timezone.now())  # recorded twice, e.g. by a retry

    assert services.superseded_media_delete() == 2
    assert services.superseded_media_delete() == 0
    assert not default_storage.exists(name)


# --- c. due certificates -------------------------------------------------------------------------------------


def _finish(user, course):
    for lesson in course.lessons.all():
        LessonProgressFactory(user=user, lesson=lesson, completed_at=timezone.now())


def test_the_periodic_task_issues_the_certificates_learners_earned_but_do_not_hold(learner, course_with_lessons):
    course, _lessons = course_with_lessons
    _finish(learner, course)  # progress written directly: no certificate was issued on the way

    issued = learning_tasks.certificates_issue_due()

    assert issued == 1
    assert Certificate.objects.filter(user=learner, course=course).count() == 1
    assert learning_tasks.certificates_issue_due() == 0


def test_no_certificate_is_due_for_an_unfinished_course_or_an_exam_not_passed(
    learner, django_user_model, course_with_lessons
):
    course, lessons = course_with_lessons
    LessonProgressFactory(user=learner, lesson=lessons[0], completed_at=timezone.now())
    examinee = django_user_model.objects.create_user("examinee", password="x" * 12)
    _finish(examinee, course)
    exam = Exam.objects.create(course=course)
    ExamAttempt.objects.create(user=examinee, exam=exam, correct=0, total=1, score_percent=0, passed=False)

    assert learning_services.certificates_due() == []


def test_due_certificates_are_issued_in_bounded_batches(django_user_model, course_with_lessons):
    course, _lessons = course_with_lessons
    learners = [django_user_model.objects.create_user(f"learner-{index}", password="x" * 12) for index in range(5)]
    for learner in learners:
        _finish(learner, course)

    assert learning_services.certificates_backfill(limit=2) == 2
    assert learning_services.certificates_backfill(limit=2) == 2
    assert learning_services.certificates_backfill(limit=2) == 1
    assert Certificate.objects.filter(course=course).count() == 5


def test_finding_due_certificates_takes_a_fixed_number_of_queries(
    django_user_model, course_with_lessons, django_assert_max_num_queries
):
    course, _lessons = course_with_lessons
    for index in range(20):
        _finish(django_user_model.objects.create_user(f"learner-{index}", password="x" * 12), course)

    with django_assert_max_num_queries(1):
        due = learning_services.certificates_due(limit=50)

    assert len(due) == 20
    assert LessonProgress.objects.count() == 60


# --- d. expired sessions and API tokens ----------------------------------------------------------------------


def test_the_periodic_task_deletes_expired_sessions_and_tokens_and_keeps_the_rest(settings, django_user_model):
    settings.API_TOKEN_TTL = 3600
    store = import_module(settings.SESSION_ENGINE).SessionStore
    expired, current = store(), store()
    expired.set_expiry(-1)
    expired["x"] = 1
    expired.save()
    current["x"] = 1
    current.save()
    old = Token.objects.create(user=django_user_model.objects.create_user("old", password="x" * 12))
    Token.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(seconds=3601))
    fresh = Token.objects.create(user=django_user_model.objects.create_user("fresh", password="x" * 12))

    result = account_tasks.sessions_and_tokens_clear()

    assert result == {"tokens": 1}
    assert list(Token.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert not store().exists(expired.session_key)
    assert store().exists(current.session_key)


def test_a_replaced_original_that_another_lesson_still_uses_is_kept(settings):
    settings.MEDIA_DELETE_GRACE_SECONDS = 0
    name = default_storage.save("originals/shared.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"))
    sharing = LessonFactory(video_url="")
    Lesson.all_objects.filter(pk=sharing.pk).update(video_file=name)
    services.media_supersede(name=name)

    assert services.superseded_media_delete() == 1

    assert default_storage.exists(name)
