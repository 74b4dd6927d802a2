"""Resumable lesson video uploads through the app: chunks at offsets, resuming, size errors, cleanup."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from courses.models import Lesson
from courses.tests.factories import LessonFactory
from uploads import services
from uploads.models import UploadSession

pytestmark = pytest.mark.django_db
UPLOADS = "/api/v1/uploads/"


@pytest.fixture(autouse=True)
def upload_temp_dir(settings, tmp_path):
    settings.UPLOAD_TEMP_DIR = tmp_path / "uploads"
    return settings.UPLOAD_TEMP_DIR


@pytest.fixture
def editor_client(api_client, staff_editor):
    api_client.force_authenticate(staff_editor)
    return api_client


@pytest.fixture
def lesson():
    return LessonFactory(video_url="")


def start(client, lesson, data, filename="Clase final (v2).MP4"):
    response = client.post(UPLOADS, {"lesson": lesson.pk, "filename": filename, "size": len(data)}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def send(client, upload, data, offset):
    return client.generic(
        "PATCH",
        f"{UPLOADS}{upload['id']}/",
        data,
        content_type="application/octet-stream",
        HTTP_UPLOAD_OFFSET=str(offset),
    )


def test_a_video_sent_in_chunks_with_a_dropped_one_resumes_from_the_offset_and_becomes_the_lessons_video(
    editor_client, lesson, clip_720p, django_capture_on_commit_callbacks, upload_temp_dir
):
    data = Path(clip_720p).read_bytes()
    third = len(data) // 3
    upload = start(editor_client, lesson, data)
    assert (upload["mode"], upload["offset"], upload["size"]) == ("chunked", 0, len(data))

    assert send(editor_client, upload, data[:third], 0).json()["offset"] == third
    resent = send(editor_client, upload, data[:third], 0)  # the answer was lost: the client sends it again
    resumed = editor_client.get(f"{UPLOADS}{upload['id']}/")
    send(editor_client, upload, data[third:], third)
    with django_capture_on_commit_callbacks(execute=True):
        completed = editor_client.post(f"{UPLOADS}{upload['id']}/complete/")

    assert resent.status_code == 409
    assert resent.json()["offset"] == third
    assert resumed.json()["offset"] == third
    assert resumed["Upload-Offset"] == str(third)
    assert completed.status_code == 202, completed.content
    lesson = Lesson.objects.get(pk=lesson.pk)
    assert lesson.video_status == Lesson.VideoStatus.READY
    assert lesson.video_file.read() == data
    assert "Clase" not in lesson.video_file.name  # a generated name, never the upload's
    assert lesson.video_file.name.endswith(".mp4")
    assert not UploadSession.objects.exists()
    assert list(upload_temp_dir.iterdir()) == []


def test_a_chunk_cut_short_keeps_what_arrived_and_the_next_one_resumes_there(editor_client, lesson):
    data = bytes(range(256)) * 40
    upload = start(editor_client, lesson, data)
    session = UploadSession.objects.get()

    class Dropped:
        """A request body whose client went away after 1000 bytes."""

        def __init__(self):
            self.sent = 0

        def read(self, size):
            if self.sent >= 1000:
                raise OSError("client disconnected")
            self.sent += 1000
            return data[:1000]

    services.upload_write_chunk(session=session, offset=0, stream=Dropped(), length=4000)
    offset = editor_client.get(f"{UPLOADS}{upload['id']}/").json()["offset"]
    send(editor_client, upload, data[offset:], offset)

    assert offset == 1000
    assert services.temp_path(session).read_bytes() == data


@pytest.mark.parametrize(
    ("size", "field"), [(0, "size"), (-5, "size"), (10**13, "size"), ("big", "size"), (None, "lesson")]
)
def test_an_upload_of_a_size_out_of_range_or_without_lesson_is_refused(editor_client, lesson, size, field):
    body = {"lesson": None if field == "lesson" else lesson.pk, "filename": "a.mp4", "size": size or 10}
    if field == "size":
        body["size"] = size

    response = editor_client.post(UPLOADS, body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not UploadSession.objects.exists()


def test_a_chunk_past_the_declared_size_or_larger_than_the_chunk_limit_is_refused(editor_client, lesson, settings):
    settings.UPLOAD_CHUNK_SIZE = 1000
    upload = start(editor_client, lesson, b"x" * 1500)

    past_the_end = send(editor_client, upload, b"x" * 2000, 0)
    send(editor_client, upload, b"x" * 1000, 0)
    past_the_size = send(editor_client, upload, b"x" * 800, 1000)
    without_offset = editor_client.generic(
        "PATCH", f"{UPLOADS}{upload['id']}/", b"x", content_type="application/octet-stream"
    )

    assert past_the_end.status_code == 413
    assert past_the_size.status_code == 400
    assert without_offset.status_code == 400
    assert UploadSession.objects.get().offset == 1000


def test_completing_before_every_byte_arrived_answers_409_and_keeps_the_upload(editor_client, lesson):
    upload = start(editor_client, lesson, b"x" * 100)
    send(editor_client, upload, b"x" * 60, 0)

    response = editor_client.post(f"{UPLOADS}{upload['id']}/complete/")

    assert response.status_code == 409
    assert UploadSession.objects.get().offset == 60
    assert Lesson.objects.get(pk=lesson.pk).video_file.name == ""


@pytest.mark.parametrize(
    ("actor", "expected"), [("anonymous", 401), ("learner", 403), ("viewer", 403)], indirect=["actor"]
)
def test_only_staff_who_may_change_lessons_start_an_upload(api_client, actor, expected, lesson):
    if actor:
        api_client.force_authenticate(actor)

    response = api_client.post(UPLOADS, {"lesson": lesson.pk, "filename": "a.mp4", "size": 10}, format="json")

    assert response.status_code == expected
    assert not UploadSession.objects.exists()


def test_an_upload_is_only_visible_to_whoever_started_it(editor_client, api_client, staff_user, lesson):
    upload = start(editor_client, lesson, b"x" * 10)
    api_client.force_authenticate(staff_user)

    assert api_client.get(f"{UPLOADS}{upload['id']}/").status_code == 404
    assert send(api_client, upload, b"x" * 10, 0).status_code == 404


def test_an_upload_to_a_lesson_deleted_meanwhile_is_gone(editor_client, lesson):
    upload = start(editor_client, lesson, b"x" * 10)
    send(editor_client, upload, b"x" * 10, 0)
    lesson.soft_delete()

    response = editor_client.post(f"{UPLOADS}{upload['id']}/complete/")

    assert response.status_code == 404
    assert Lesson.all_objects.get(pk=lesson.pk).video_file.name == ""


def test_abandoned_uploads_are_deleted_with_their_bytes_and_recent_ones_kept(editor_client, lesson, settings):
    old = start(editor_client, lesson, b"x" * 10)
    send(editor_client, old, b"x" * 5, 0)
    recent = start(editor_client, lesson, b"y" * 10)
    old_session = UploadSession.objects.get(pk=old["id"])
    UploadSession.objects.filter(pk=old["id"]).update(
        updated_at=timezone.now() - timedelta(seconds=settings.UPLOAD_ABANDON_SECONDS + 1)
    )

    deleted = services.uploads_abandoned_delete()

    assert deleted == 1
    assert not services.temp_path(old_session).exists()
    assert list(UploadSession.objects.values_list("pk", flat=True)) == [UploadSession.objects.get(pk=recent["id"]).pk]


def test_an_upload_abandoned_by_its_sender_is_deleted(editor_client, lesson):
    upload = start(editor_client, lesson, b"x" * 10)
    session = UploadSession.objects.get()

    response = editor_client.delete(f"{UPLOADS}{upload['id']}/")

    assert response.status_code == 204
    assert not UploadSession.objects.exists()
    assert not services.temp_path(session).exists()


def test_a_teacher_account_uploads_to_its_own_courses_lessons_and_never_finds_another_teachers(
    api_client, teacher_account
):
    own = LessonFactory(video_url="", course__teachers=[teacher_account.teacher])
    others = LessonFactory(video_url="")
    api_client.force_authenticate(teacher_account)

    mine = api_client.post(UPLOADS, {"lesson": own.pk, "filename": "a.mp4", "size": 10}, format="json")
    theirs = api_client.post(UPLOADS, {"lesson": others.pk, "filename": "a.mp4", "size": 10}, format="json")

    assert mine.status_code == 201, mine.content
    assert theirs.status_code == 400
    assert "lesson" in theirs.json()
    assert UploadSession.objects.filter(lesson=others).count() == 0
