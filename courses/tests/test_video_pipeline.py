"""Uploads through the API and the admin become HLS streams; bad files end failed; runs can be taken over."""

import itertools
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from courses import services
from courses.models import Lesson
from courses.tests.clips import truncated_copy
from courses.tests.factories import LessonFactory

pytestmark = pytest.mark.django_db


def upload(path, name=None):
    return SimpleUploadedFile(name or Path(path).name, Path(path).read_bytes(), content_type="video/mp4")


def video_url(lesson):
    return f"/api/v1/courses/{lesson.course.slug}/lessons/{lesson.slug}/video/"


def playlist_entries(text):
    """(attributes line, URI) pairs of a master playlist, or the segment URIs of a media playlist."""
    lines = [line for line in text.splitlines() if line]
    assert lines[0] == "#EXTM3U"
    return [(previous, line) for previous, line in itertools.pairwise(lines) if not line.startswith("#")]


def lesson_video(api_client, lesson):
    return api_client.get(f"/api/v1/courses/{lesson.course.slug}/lessons/{lesson.slug}/").json()


def fetch(client, url):
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Processing is queued on commit; tests run in a transaction, so run the callbacks on leaving the block."""
    return django_capture_on_commit_callbacks


@pytest.fixture
def lesson():
    return LessonFactory(video_url="", duration_seconds=840)


def test_video_uploaded_through_the_api_becomes_a_playable_hls_stream(
    client, api_client, staff_editor, lesson, clip_720p, committed
):
    api_client.force_authenticate(staff_editor)

    with committed(execute=True):
        response = api_client.put(video_url(lesson), {"file": upload(clip_720p)}, format="multipart")

    assert response.status_code == 202
    body = lesson_video(api_client, lesson)
    assert body["video_status"] == "ready"
    assert body["duration_seconds"] == 3
    master = fetch(client, body["hls_url"]).decode()
    variants = playlist_entries(master)
    assert [attributes.split("RESOLUTION=")[1].split(",")[0] for attributes, _uri in variants] == [
        "640x360",
        "1280x720",
    ]
    rendition_url = body["hls_url"].rsplit("/", 1)[0] + "/" + variants[0][1]
    segments = playlist_entries(fetch(client, rendition_url).decode())
    segment = fetch(client, rendition_url.rsplit("/", 1)[0] + "/" + segments[0][1])
    assert segment[0] == 0x47  # MPEG-TS sync byte
    assert fetch(client, body["poster_url"]).startswith(b"\xff\xd8")  # JPEG


def test_uploaded_original_is_kept(api_client, staff_editor, lesson, clip_720p):
    api_client.force_authenticate(staff_editor)

    response = api_client.put(video_url(lesson), {"file": upload(clip_720p)}, format="multipart")

    assert response.json()["video_status"] == "pending"
    lesson.refresh_from_db()
    assert lesson.video_file.read() == Path(clip_720p).read_bytes()


def test_small_video_is_not_upscaled(api_client, staff_editor, lesson, clip_240p, committed):
    api_client.force_authenticate(staff_editor)

    with committed(execute=True):
        api_client.put(video_url(lesson), {"file": upload(clip_240p)}, format="multipart")

    lesson.refresh_from_db()
    master = lesson.video_file.storage.open(lesson.hls_playlist).read().decode()
    assert [attributes.split("RESOLUTION=")[1].split(",")[0] for attributes, _ in playlist_entries(master)] == [
        "426x240"
    ]


@pytest.mark.parametrize("role", ["anonymous", "learner", "viewer"])
def test_only_staff_who_may_change_lessons_upload_videos(api_client, learner, staff_viewer, lesson, role):
    caller = {"anonymous": None, "learner": learner, "viewer": staff_viewer}[role]
    api_client.force_authenticate(caller)

    response = api_client.put(video_url(lesson), {"file": SimpleUploadedFile("a.mp4", b"x")}, format="multipart")

    assert response.status_code == (401 if caller is None else 403)


def test_upload_without_a_file_is_a_field_error(api_client, staff_editor, lesson):
    api_client.force_authenticate(staff_editor)

    response = api_client.put(video_url(lesson), {}, format="multipart")

    assert response.status_code == 400
    assert "file" in response.json()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("clase.mp4", b"just some notes, not a video\n" * 20),
        ("evil.html", b"<!doctype html><script>alert(document.cookie)</script>"),
        ("evil.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'),
        ("evil.js", b"fetch('/api/v1/me/').then(r => r.text()).then(alert)"),
    ],
)
def test_a_file_that_is_not_a_video_is_refused_and_stored_nowhere(
    api_client, staff_editor, lesson, settings, name, content
):
    api_client.force_authenticate(staff_editor)

    response = api_client.put(video_url(lesson), {"file": SimpleUploadedFile(name, content)}, format="multipart")

    assert response.status_code == 400
    assert response.json()["file"][0].startswith("El archivo ")
    lesson.refresh_from_db()
    assert (lesson.video_file.name, lesson.video_status) == ("", Lesson.VideoStatus.NONE)
    assert not any(path.is_file() for path in Path(settings.MEDIA_ROOT).rglob("*") if content in path.read_bytes())


def test_a_file_the_upload_check_cannot_tell_ends_failed_with_a_message(api_client, staff_editor, lesson, committed):
    api_client.force_authenticate(staff_editor)
    notes = SimpleUploadedFile("clase.mp4", b"just some notes, not a video\n" * 20)

    with mock.patch("courses.media.processing.check_video"), committed(execute=True):  # e.g. it took too long
        response = api_client.put(video_url(lesson), {"file": notes}, format="multipart")

    assert response.status_code == 202
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.FAILED
    assert lesson.video_error == "El archivo no es un video, o su formato no es compatible."
    assert lesson.video_file.name.startswith("originals/")
    assert lesson_video(api_client, lesson)["hls_url"] is None


def test_an_empty_upload_is_refused_by_the_api(api_client, staff_editor, lesson):
    api_client.force_authenticate(staff_editor)

    response = api_client.put(video_url(lesson), {"file": SimpleUploadedFile("a.mp4", b"")}, format="multipart")

    assert response.status_code == 400
    assert list(response.json()) == ["file"]


def test_an_empty_file_is_refused(lesson):
    with pytest.raises(ValidationError, match="El archivo está vacío"):
        services.lesson_video_upload(lesson=lesson, file=ContentFile(b"", name="vacio.mp4"))


def test_a_truncated_upload_ends_failed_and_serves_nothing(
    api_client, staff_editor, lesson, clip_720p, tmp_path, committed
):
    api_client.force_authenticate(staff_editor)

    with committed(execute=True):
        api_client.put(video_url(lesson), {"file": upload(truncated_copy(clip_720p, tmp_path))}, format="multipart")

    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.FAILED
    assert "incompleto" in lesson.video_error
    assert lesson.hls_playlist == ""
    assert lesson.duration_seconds == 840
    assert not Path(lesson.video_file.storage.path(f"lessons/{lesson.pk}/video")).exists()


def test_audio_only_file_is_refused(api_client, staff_editor, lesson, tmp_path):
    from courses.media import processing

    audio = tmp_path / "tone.m4a"
    processing._run_checked(
        ["-y", "-f", "lavfi", "-i", "sine=duration=2", "-c:a", "aac", audio], timeout=60, message="tone"
    )
    api_client.force_authenticate(staff_editor)

    response = api_client.put(video_url(lesson), {"file": upload(audio)}, format="multipart")

    assert response.status_code == 400
    assert "pista de video" in response.json()["file"][0]


def test_video_uploaded_in_the_lesson_admin_becomes_ready(client, staff_user, lesson, clip_720p, committed):
    client.force_login(staff_user)
    url = f"/admin/courses/lesson/{lesson.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {key: value for key, value in form.initial.items() if value is not None and key != "video_file"}
    data |= {"course": lesson.course.pk, "captions-TOTAL_FORMS": 0, "captions-INITIAL_FORMS": 0}

    with committed(execute=True):
        response = client.post(url, {**data, "video_file": upload(clip_720p)})

    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.READY
    assert lesson.duration_seconds == 3
    assert lesson.poster.name.endswith("poster.jpg")


def test_admin_lists_lessons_by_video_state_with_the_failure_message(client, staff_user):
    LessonFactory(name="Lista", video_status=Lesson.VideoStatus.READY, hls_playlist="lessons/1/video/a/hls/m.m3u8")
    LessonFactory(name="Rota", video_status=Lesson.VideoStatus.FAILED, video_error="El archivo está vacío.")
    client.force_login(staff_user)

    response = client.get("/admin/courses/lesson/?video_status__exact=failed")

    assert [lesson.name for lesson in response.context["cl"].result_list] == ["Rota"]
    assert (
        "El archivo está vacío."
        in client.get(f"/admin/courses/lesson/{Lesson.objects.get(name='Rota').pk}/change/").content.decode()
    )


def test_process_again_action_requeues_and_processes_the_video(client, staff_user, lesson, clip_720p, committed):
    lesson.video_file.save("clase.mp4", ContentFile(Path(clip_720p).read_bytes()), save=False)
    lesson.video_status = Lesson.VideoStatus.FAILED
    lesson.video_error = "Se cortó."
    lesson.save(update_fields=["video_file", "video_status", "video_error"])
    client.force_login(staff_user)

    with committed(execute=True):
        client.post("/admin/courses/lesson/", {"action": "process_again", "_selected_action": [lesson.pk]})

    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.READY
    assert lesson.video_error == ""


def test_processing_twice_does_the_work_once(lesson, clip_720p, committed):
    with committed(execute=True):
        services.lesson_video_upload(lesson=lesson, file=upload(clip_720p))
    lesson.refresh_from_db()
    playlist = lesson.hls_playlist

    assert services.lesson_video_process(lesson_id=lesson.pk) is None

    lesson.refresh_from_db()
    assert lesson.hls_playlist == playlist


def test_a_new_upload_replaces_the_previous_stream_and_its_files_after_the_grace_period(
    settings, lesson, clip_720p, clip_240p, committed
):
    settings.MEDIA_DELETE_GRACE_SECONDS = 3600
    with committed(execute=True):
        services.lesson_video_upload(lesson=lesson, file=upload(clip_720p))
    lesson.refresh_from_db()
    first_folder = Path(lesson.video_file.storage.path(lesson.hls_playlist)).parent.parent
    first_original = Path(lesson.video_file.path)

    with committed(execute=True):
        services.lesson_video_upload(lesson=lesson, file=upload(clip_240p))
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.READY
    assert first_folder.is_dir(), "a learner mid-stream still fetches the old segments"

    services.superseded_media_delete(now=timezone.now() + timedelta(seconds=3601))

    assert not first_folder.exists()
    assert not first_original.exists()
    assert Path(lesson.video_file.storage.path(lesson.hls_playlist)).is_file()
    assert Path(lesson.video_file.path).is_file()


def test_an_upload_while_the_broker_is_away_answers_202_and_is_processed_once_it_is_back(
    settings, api_client, staff_editor, lesson, clip_720p, committed
):
    from kombu.exceptions import OperationalError

    from courses import tasks

    settings.VIDEO_ENQUEUE_AFTER_SECONDS = 60
    api_client.force_authenticate(staff_editor)
    refused = OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    with mock.patch.object(tasks.process_lesson_video, "delay", side_effect=refused), committed(execute=True):
        response = api_client.put(video_url(lesson), {"file": upload(clip_720p)}, format="multipart")

    assert response.status_code == 202
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.PENDING

    with committed(execute=True):  # the periodic task, a minute later, with the broker back
        tasks_result = services.lesson_videos_recover(now=timezone.now() + timedelta(seconds=61))

    assert tasks_result == (1, 0)
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.READY


def _processing(lesson, clip, *, started_ago, heard_ago=None):
    """A lesson whose run started ``started_ago`` and last renewed its heartbeat ``heard_ago``."""
    lesson.video_file.save("clase.mp4", ContentFile(Path(clip).read_bytes()), save=False)
    lesson.video_status = Lesson.VideoStatus.PROCESSING
    lesson.video_job_started_at = timezone.now() - started_ago
    lesson.video_heartbeat_at = timezone.now() - (heard_ago if heard_ago is not None else started_ago)
    lesson.save(update_fields=[*services.VIDEO_STATE_FIELDS, "video_file"])
    return lesson


def test_a_run_whose_heartbeat_went_silent_is_taken_over(settings, lesson, clip_720p, committed):
    settings.VIDEO_TAKEOVER_SECONDS = 60
    _processing(lesson, clip_720p, started_ago=timedelta(minutes=5), heard_ago=timedelta(seconds=61))

    with committed(execute=True):
        services.lesson_video_process(lesson_id=lesson.pk)

    lesson.refresh_from_db()
    assert (lesson.video_status, lesson.video_attempts) == (Lesson.VideoStatus.READY, 1)


def test_a_long_run_that_keeps_its_heartbeat_is_left_alone_and_asked_again_later(settings, lesson, clip_720p):
    settings.VIDEO_TAKEOVER_SECONDS = 60
    _processing(lesson, clip_720p, started_ago=timedelta(hours=2), heard_ago=timedelta(seconds=20))

    with pytest.raises(services.VideoJobBusy) as busy:
        services.lesson_video_process(lesson_id=lesson.pk)

    assert 39 <= busy.value.retry_in <= 41
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.PROCESSING


def test_the_redelivered_task_of_a_killed_run_sends_itself_again_for_the_takeover(settings, lesson, clip_720p):
    from courses import tasks

    settings.VIDEO_TAKEOVER_SECONDS = 60
    _processing(lesson, clip_720p, started_ago=timedelta(seconds=5))

    with mock.patch.object(tasks.process_lesson_video, "apply_async") as sent:
        result = tasks.process_lesson_video.apply(args=[lesson.pk])

    assert result.get() == "busy"
    sent.assert_called_once_with(args=[lesson.pk], countdown=55)


@pytest.mark.django_db(transaction=True)  # the heartbeat thread has a connection of its own
def test_a_run_renews_its_heartbeat_while_ffmpeg_runs(settings):
    settings.VIDEO_HEARTBEAT_SECONDS = 0.05
    job = services.uuid.uuid4()
    long_ago = timezone.now() - timedelta(hours=1)
    lesson = LessonFactory(video_status=Lesson.VideoStatus.PROCESSING, video_job=job, video_heartbeat_at=long_ago)

    with services._job_heartbeat(lesson.pk, job):
        deadline = time.monotonic() + 10
        while lesson.video_heartbeat_at == long_ago and time.monotonic() < deadline:
            time.sleep(0.05)
            lesson.refresh_from_db()

    assert lesson.video_heartbeat_at > long_ago


def test_a_save_loaded_before_the_worker_finished_keeps_the_ready_video(client, staff_user, lesson, clip_720p):
    lesson.video_file.save("clase.mp4", ContentFile(Path(clip_720p).read_bytes()), save=False)
    lesson.video_status = Lesson.VideoStatus.PENDING
    lesson.save(update_fields=["video_file", "video_status"])
    client.force_login(staff_user)
    url = f"/admin/courses/lesson/{lesson.pk}/change/"
    form = client.get(url).context["adminform"].form  # staff opened the form while it was processing
    data = {name: form[name].value() or "" for name in form.fields if name != "video_file"}
    data |= {"name": "Clase renombrada", "course": lesson.course_id}
    data |= {f"captions-{key}": value for key, value in {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0}.items()}

    services.lesson_video_process(lesson_id=lesson.pk)  # the worker finishes
    response = client.post(url, data)  # then staff save the form they loaded before

    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    lesson.refresh_from_db()
    assert (lesson.name, lesson.video_status) == ("Clase renombrada", Lesson.VideoStatus.READY)
    assert lesson.hls_playlist


def test_a_lesson_saved_from_a_stale_copy_keeps_the_video_state(lesson):
    stale = Lesson.objects.get(pk=lesson.pk)  # loaded before the worker wrote "ready"
    Lesson.all_objects.filter(pk=lesson.pk).update(
        video_status=Lesson.VideoStatus.READY, hls_playlist="lessons/1/video/a/hls/master.m3u8"
    )

    stale.name = "Otra"
    stale.save()

    lesson.refresh_from_db()
    assert (lesson.name, lesson.video_status) == ("Otra", Lesson.VideoStatus.READY)


def test_a_storage_hiccup_hands_the_video_back_to_the_queue(lesson, clip_720p):
    lesson.video_file.save("clase.mp4", ContentFile(Path(clip_720p).read_bytes()), save=False)
    lesson.video_status = Lesson.VideoStatus.PENDING
    lesson.save(update_fields=["video_file", "video_status"])

    with (
        mock.patch.object(FileSystemStorage, "save", side_effect=ConnectionResetError),
        pytest.raises(ConnectionResetError),
    ):
        services.lesson_video_process(lesson_id=lesson.pk)

    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.PENDING
    assert services.lesson_video_process(lesson_id=lesson.pk).video_status == Lesson.VideoStatus.READY


def test_the_task_retries_transient_errors_then_gives_up_with_a_message(lesson, clip_720p):
    from courses import tasks

    lesson.video_file.save("clase.mp4", ContentFile(Path(clip_720p).read_bytes()), save=False)
    lesson.video_status = Lesson.VideoStatus.PENDING
    lesson.save(update_fields=["video_file", "video_status"])

    with mock.patch.object(FileSystemStorage, "save", side_effect=ConnectionResetError) as saving:
        result = tasks.process_lesson_video.apply(args=[lesson.pk])

    assert saving.call_count == 1 + len(tasks.RETRY_DELAYS)
    assert result.failed()
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.FAILED
    assert lesson.video_error
