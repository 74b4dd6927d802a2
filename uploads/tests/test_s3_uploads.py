"""With a bucket, the browser sends the video straight to it in presigned multipart parts (moto's S3 server)."""

import urllib.request

import pytest

from courses.models import Lesson
from courses.tests.factories import LessonFactory
from courses.tests.test_s3_storage import BUCKET
from uploads.models import UploadSession

pytestmark = pytest.mark.django_db
UPLOADS = "/api/v1/uploads/"
PART = 5 * 1024 * 1024  # S3's smallest part but the last


def put(url, data):
    request = urllib.request.Request(url, data=data, method="PUT", headers={"Content-Type": "application/octet-stream"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status


def test_a_video_sent_in_signed_parts_straight_to_the_bucket_resumes_and_becomes_the_lessons_video(
    api_client, staff_editor, s3_media, settings, django_capture_on_commit_callbacks
):
    settings.UPLOAD_S3_PART_SIZE = PART
    lesson = LessonFactory(video_url="")
    data = b"\x00\x00\x00\x18ftypmp42" + b"v" * (PART + 1000)
    api_client.force_authenticate(staff_editor)
    upload = api_client.post(
        UPLOADS, {"lesson": lesson.pk, "filename": "clase.mp4", "size": len(data)}, format="json"
    ).json()
    first = api_client.post(f"{UPLOADS}{upload['id']}/parts/", {"part_number": 1}, format="json").json()

    status = put(first["url"], data[:PART])
    early = api_client.post(f"{UPLOADS}{upload['id']}/complete/")
    resumed = api_client.get(f"{UPLOADS}{upload['id']}/").json()  # the page was reloaded: what is there?
    second = api_client.post(f"{UPLOADS}{upload['id']}/parts/", {"part_number": 2}, format="json").json()
    put(second["url"], data[PART:])
    with django_capture_on_commit_callbacks(execute=False):
        completed = api_client.post(f"{UPLOADS}{upload['id']}/complete/")

    assert upload["mode"] == "s3"
    assert upload["chunk_size"] == PART
    assert status == 200
    assert early.status_code == 409
    assert resumed["offset"] == PART
    assert [part["part_number"] for part in resumed["parts"]] == [1]
    assert completed.status_code == 202, completed.content
    lesson = Lesson.objects.get(pk=lesson.pk)
    assert lesson.video_status == Lesson.VideoStatus.PENDING
    assert lesson.video_file.name == upload_key(s3_media)
    assert s3_media.get_object(Bucket=BUCKET, Key=lesson.video_file.name)["Body"].read() == data
    assert not UploadSession.objects.exists()


def upload_key(client):
    return next(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET)["Contents"])


def test_a_part_outside_the_upload_or_a_chunk_to_an_s3_upload_is_refused(api_client, staff_editor, s3_media, settings):
    settings.UPLOAD_S3_PART_SIZE = PART
    lesson = LessonFactory(video_url="")
    api_client.force_authenticate(staff_editor)
    upload = api_client.post(UPLOADS, {"lesson": lesson.pk, "filename": "a.mp4", "size": PART}, format="json").json()

    beyond = api_client.post(f"{UPLOADS}{upload['id']}/parts/", {"part_number": 2}, format="json")
    chunk = api_client.generic(
        "PATCH", f"{UPLOADS}{upload['id']}/", b"x", content_type="application/octet-stream", HTTP_UPLOAD_OFFSET="0"
    )
    abandoned = api_client.delete(f"{UPLOADS}{upload['id']}/")

    assert beyond.status_code == 400
    assert chunk.status_code == 400
    assert abandoned.status_code == 204
    assert s3_media.list_multipart_uploads(Bucket=BUCKET).get("Uploads", []) == []
