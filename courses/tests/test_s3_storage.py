"""Media on S3-compatible object storage (django-storages), against moto's S3 server on a local port."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from courses import services
from courses.models import Lesson
from courses.tests.clips import CAPTIONS_ES, make_clip
from courses.tests.factories import LessonFactory

pytestmark = pytest.mark.django_db
S3_PORT = int(os.environ.get("TEST_S3_PORT", "8091"))
BUCKET = "platziflix-media"
PUBLIC_READ = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{BUCKET}/*"}
    ],
}


@pytest.fixture(scope="module")
def s3_endpoint():
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(S3_PORT)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", S3_PORT), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise
            time.sleep(0.2)
    yield f"http://127.0.0.1:{S3_PORT}"
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def s3_media(settings, s3_endpoint):
    import boto3

    options = {
        "bucket_name": BUCKET,
        "endpoint_url": s3_endpoint,
        "access_key": "testing",
        "secret_key": "testing",
        "region_name": "us-east-1",
        "addressing_style": "path",
        "querystring_auth": False,
        "file_overwrite": False,
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    # Learners' players fetch media directly, as from any public bucket or CDN in front of it.
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(PUBLIC_READ))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options},
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def test_a_video_uploaded_to_object_storage_is_processed_there_and_streams_from_it(
    s3_media, s3_endpoint, clip_720p, django_capture_on_commit_callbacks
):
    lesson = LessonFactory(video_url="")

    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_video_upload(lesson=lesson, file=SimpleUploadedFile("clase.mp4", Path(clip_720p).read_bytes()))

    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.READY
    keys = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert lesson.video_file.name in keys
    assert lesson.hls_playlist in keys
    assert lesson.poster.name in keys
    assert lesson.hls_url.startswith(f"{s3_endpoint}/{BUCKET}/lessons/{lesson.pk}/video/")
    master = get(lesson.hls_url).decode()
    variants = [line for line in master.splitlines() if line and not line.startswith("#")]
    rendition = lesson.hls_url.rsplit("/", 1)[0] + "/" + variants[0]
    segment = next(line for line in get(rendition).decode().splitlines() if line.endswith(".ts"))
    assert get(rendition.rsplit("/", 1)[0] + "/" + segment)[0] == 0x47


def test_captions_and_their_urls_live_in_object_storage(s3_media, s3_endpoint, api_client):
    lesson = LessonFactory()

    services.caption_save(lesson=lesson, language="es", file=SimpleUploadedFile("es.vtt", CAPTIONS_ES.encode()))

    body = api_client.get(f"/api/v1/courses/{lesson.course.slug}/lessons/{lesson.slug}/").json()
    assert re.fullmatch(rf"{s3_endpoint}/{BUCKET}/captions/[0-9a-f]{{32}}\.vtt", body["captions"][0]["url"])
    assert get(body["captions"][0]["url"]).decode() == CAPTIONS_ES


def test_a_replaced_video_leaves_the_bucket_after_the_grace_period(
    s3_media, settings, clip_720p, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_DELETE_GRACE_SECONDS = 3600
    lesson = LessonFactory(video_url="")
    second = make_clip(tmp_path, seconds=2, width=426, height=240)
    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_video_upload(lesson=lesson, file=SimpleUploadedFile("a.mp4", Path(clip_720p).read_bytes()))
    lesson.refresh_from_db()
    first_original, first_folder = lesson.video_file.name, lesson.hls_playlist.rsplit("/hls/", 1)[0] + "/"

    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_video_upload(lesson=lesson, file=SimpleUploadedFile("b.mp4", second.read_bytes()))
    lesson.refresh_from_db()
    kept = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]}
    services.superseded_media_delete(now=timezone.now() + timedelta(seconds=3601))
    keys = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]}

    assert first_original in kept and any(key.startswith(first_folder) for key in kept)
    assert first_original not in keys
    assert not any(key.startswith(first_folder) for key in keys)
    assert {lesson.video_file.name, lesson.hls_playlist, lesson.poster.name} <= keys
