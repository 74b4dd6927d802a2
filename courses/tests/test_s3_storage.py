"""Media on S3-compatible object storage (django-storages), against moto's S3 server on a local port.

The bucket is private: moto's server refuses an unsigned GET of an object of a bucket with no public policy (403),
so a player only gets there through the app's /media/ route, which checks who may read the file and hands out
presigned URLs. Moto does not check a presigned URL's expiry, so the tests read the lifetime in the URL."""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.tests.browser import wait_for
from courses import services
from courses.models import Lesson
from courses.tests.clips import CAPTIONS_ES, make_clip
from courses.tests.factories import CourseFactory, LessonFactory

pytestmark = pytest.mark.django_db
S3_PORT = int(os.environ.get("TEST_S3_PORT", "8091"))
BUCKET = "platziflix-media"


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
        "signature_version": "s3v4",
        "querystring_expire": 300,
        "file_overwrite": False,
    }
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)  # private: no bucket policy, no public ACL
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "core.storage.CheckedS3Storage", "OPTIONS": options},
    }
    settings.SERVE_MEDIA = False
    settings.MEDIA_PRIVATE_URL_SECONDS = 300
    settings.MEDIA_PUBLIC_URL_SECONDS = 21600
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def uris(playlist):
    return [line for line in playlist.splitlines() if line and not line.startswith("#")]


def query(url):
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_a_video_uploaded_to_object_storage_is_processed_there_and_streams_through_the_app(
    s3_media, s3_endpoint, client, clip_720p, django_capture_on_commit_callbacks
):
    lesson = LessonFactory(video_url="")

    with django_capture_on_commit_callbacks(execute=True):
        services.lesson_video_upload(lesson=lesson, file=SimpleUploadedFile("clase.mp4", Path(clip_720p).read_bytes()))

    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.READY
    keys = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET)["Contents"]}
    assert {lesson.video_file.name, lesson.hls_playlist, lesson.poster.name} <= keys
    grants = s3_media.get_object_acl(Bucket=BUCKET, Key=lesson.hls_playlist)["Grants"]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]  # the worker wrote it private
    assert lesson.hls_url == f"/media/{lesson.hls_playlist}"
    master = client.get(lesson.hls_url)
    variant = client.get(uris(master.content.decode())[0])
    segment_url = uris(variant.content.decode())[0]
    assert master["Content-Type"] == variant["Content-Type"] == "application/vnd.apple.mpegurl"
    assert master["X-Content-Type-Options"] == "nosniff"
    assert uris(master.content.decode())[0].startswith(f"/media/lessons/{lesson.pk}/video/")
    assert segment_url.startswith(f"{s3_endpoint}/{BUCKET}/lessons/{lesson.pk}/video/")
    assert "X-Amz-Signature" in query(segment_url)
    assert get(segment_url)[0] == 0x47  # an MPEG-TS packet, straight from the bucket


def test_the_bucket_is_private_so_an_unsigned_object_url_is_refused(s3_media, s3_endpoint):
    name = default_storage.save("lessons/1/video/" + "a" * 32 + "/poster.jpg", ContentFile(b"\xff\xd8"))

    answer = status_of(f"{s3_endpoint}/{BUCKET}/{name}")

    assert answer == 403
    grants = s3_media.get_object_acl(Bucket=BUCKET, Key=name)["Grants"]
    assert [grant["Grantee"]["Type"] for grant in grants] == ["CanonicalUser"]  # the owner only, no AllUsers
    with pytest.raises(s3_media.exceptions.ClientError, match="NoSuchBucketPolicy"):
        s3_media.get_bucket_policy(Bucket=BUCKET)


def test_captions_are_answered_by_the_app_from_object_storage(s3_media, api_client):
    lesson = LessonFactory()

    services.caption_save(lesson=lesson, language="es", file=SimpleUploadedFile("es.vtt", CAPTIONS_ES.encode()))

    body = api_client.get(f"/api/v1/courses/{lesson.course.slug}/lessons/{lesson.slug}/").json()
    url = body["captions"][0]["url"]
    assert re.fullmatch(r"http://testserver/media/captions/[0-9a-f]{32}\.vtt", url)
    answer = api_client.get(url)
    assert answer.content.decode() == CAPTIONS_ES
    assert answer["Content-Type"] == "text/vtt; charset=utf-8"


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


def test_with_a_bucket_media_urls_name_the_apps_route_and_only_public_media_may_use_the_cdn():
    script = (
        "import django, json; django.setup(); from django.core.files.storage import default_storage, storages; "
        "print(json.dumps([default_storage.url('captions/a.vtt'), default_storage.querystring_expire, "
        "default_storage.custom_domain, storages['media_cdn'].url('lessons/a.jpg')]))"
    )
    bucket = {"AWS_STORAGE_BUCKET_NAME": BUCKET, "AWS_S3_CUSTOM_DOMAIN": "cdn.example.com"}
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "platziflix.settings", **bucket}

    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)

    assert json.loads(result.stdout) == ["/media/captions/a.vtt", 300, None, "https://cdn.example.com/lessons/a.jpg"]


MASTER = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=640x360\n360p/index.m3u8\n"
VARIANT = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg_000.ts\n#EXTINF:2.5,\nseg_001.ts\n#EXT-X-ENDLIST\n"
TRACK = "WEBVTT\n\n00:00:00.000 --> 00:00:05.000\nsprite.jpg#xywh=0,0,160,90\n"


def ready_lesson(course=None):
    """A lesson whose processing run (playlists, a segment, poster, thumbnails) is in the bucket, without FFmpeg."""
    lesson = LessonFactory(video_url="", **({"course": course} if course else {}))
    run = f"lessons/{lesson.pk}/video/{'c' * 32}"
    files = {
        "hls/master.m3u8": MASTER,
        "hls/360p/index.m3u8": VARIANT,
        "hls/360p/seg_000.ts": b"\x47" + bytes(187),
        "poster.jpg": b"\xff\xd8\xff",
        "thumbnails/thumbnails.vtt": TRACK,
        "thumbnails/sprite.jpg": b"\xff\xd8\xff",
    }
    for name, body in files.items():
        default_storage.save(f"{run}/{name}", ContentFile(body.encode() if isinstance(body, str) else body))
    Lesson.objects.filter(pk=lesson.pk).update(
        video_status=Lesson.VideoStatus.READY, hls_playlist=f"{run}/hls/master.m3u8", poster=f"{run}/poster.jpg"
    )
    lesson.refresh_from_db()
    services.caption_save(lesson=lesson, language="es", file=ContentFile(CAPTIONS_ES.encode()))
    return lesson


def media_urls(lesson):
    return [
        lesson.hls_url,
        f"{lesson.hls_url.rsplit('/', 1)[0]}/360p/index.m3u8",
        lesson.poster_url,
        lesson.captions.get().file.url,
        lesson.thumbnails_url,
    ]


def test_a_draft_lessons_media_answer_404_anonymously_and_short_lived_signed_urls_to_staff(
    s3_media, s3_endpoint, client, staff_user
):
    lesson = ready_lesson(CourseFactory(draft=True))
    urls = media_urls(lesson)

    anonymous = [client.get(url).status_code for url in urls]
    client.force_login(staff_user)
    master, variant, poster, caption, track = (client.get(url) for url in urls)

    assert anonymous == [404] * 5
    assert [master.status_code, variant.status_code, poster.status_code, caption.status_code] == [200, 200, 302, 200]
    assert {answer["Cache-Control"] for answer in (master, variant, poster, caption, track)} == {"private, no-store"}
    segment = uris(variant.content.decode())[0]
    assert query(segment)["X-Amz-Expires"] == str(300 + 7)  # the short lifetime, plus the 6.5 s it plays
    assert query(segment)["response-cache-control"].startswith("private")
    assert query(poster["Location"])["X-Amz-Expires"] == "300"
    assert get(segment)[0] == 0x47
    assert get(poster["Location"]) == b"\xff\xd8\xff"
    sprite = track.content.decode().splitlines()[-1]
    assert sprite.startswith(f"{s3_endpoint}/{BUCKET}/{lesson.hls_playlist.split('/hls/')[0]}/thumbnails/sprite.jpg?")
    assert sprite.endswith("#xywh=0,0,160,90")


def test_a_public_lessons_media_get_longer_lived_signed_urls_and_a_bounded_cache(s3_media, client):
    lesson = ready_lesson()
    master, variant, poster, caption, track = (client.get(url) for url in media_urls(lesson))

    assert query(poster["Location"])["X-Amz-Expires"] == "21600"
    assert query(uris(variant.content.decode())[0])["X-Amz-Expires"] == str(21600 + 7)
    assert poster["Cache-Control"] == variant["Cache-Control"] == "public, max-age=3600"
    assert caption["Cache-Control"] == track["Cache-Control"] == "public, max-age=3600"
    assert master["X-Content-Type-Options"] == poster["X-Content-Type-Options"] == "nosniff"


def test_public_media_come_from_the_cdn_when_one_is_set_and_private_ones_still_from_signed_urls(
    s3_media, client, staff_user, settings
):
    cdn = {**settings.STORAGES["default"]["OPTIONS"], "custom_domain": "cdn.example.com", "querystring_auth": False}
    settings.STORAGES = {
        **settings.STORAGES,
        "media_cdn": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": cdn},
    }
    public, draft = ready_lesson(), ready_lesson(CourseFactory(draft=True))

    public_poster = client.get(public.poster_url)
    public_variant = client.get(media_urls(public)[1])
    client.force_login(staff_user)
    draft_poster = client.get(draft.poster_url)

    assert public_poster["Location"] == f"https://cdn.example.com/{public.poster.name}"
    assert uris(public_variant.content.decode())[0].startswith("https://cdn.example.com/lessons/")
    # CDN URLs do not expire: the run's files keep the immutable caching they have from MEDIA_ROOT.
    assert public_poster["Cache-Control"] == public_variant["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "X-Amz-Signature" in query(draft_poster["Location"])


def test_originals_answer_404_even_to_staff(s3_media, client, staff_user):
    name = default_storage.save("originals/" + "d" * 32 + ".mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"))
    client.force_login(staff_user)

    answers = [client.get(f"/media/{name}").status_code, client.get(f"/media/{name[:-4]}.jpg").status_code]

    assert answers == [404, 404]


def test_a_playlist_missing_from_the_bucket_answers_404(s3_media, client):
    lesson = ready_lesson()

    answer = client.get(lesson.hls_url.replace("master.m3u8", "720p/index.m3u8"))

    assert answer.status_code == 404


def test_only_references_inside_the_playlists_folder_are_signed(s3_media, s3_endpoint, client):
    lesson = ready_lesson()
    run = lesson.hls_playlist.rsplit("/hls/", 1)[0]
    playlist = (
        '#EXTM3U\n#EXT-X-MAP:URI="init.mp4"\n#EXTINF:4.0,\npart_0.m4s\n'
        "#EXTINF:4.0,\n../../../../../originals/x.mp4\n#EXTINF:4.0,\nhttps://elsewhere.example/x.ts\n"
    )
    default_storage.delete(f"{run}/hls/360p/index.m3u8")
    default_storage.save(f"{run}/hls/360p/index.m3u8", ContentFile(playlist.encode()))

    body = client.get(media_urls(lesson)[1]).content.decode()

    init = re.search(r'#EXT-X-MAP:URI="([^"]+)"', body)[1]
    assert init.startswith(f"{s3_endpoint}/{BUCKET}/{run}/hls/360p/init.mp4?") and "X-Amz-Signature=" in init
    assert uris(body)[0].startswith(f"{s3_endpoint}/{BUCKET}/{run}/hls/360p/part_0.m4s?")
    # Left as they are: the first resolves to the app's route (404 for an original), the second is not ours.
    assert uris(body)[1:] == ["../../../../../originals/x.mp4", "https://elsewhere.example/x.ts"]


def test_the_lesson_pages_player_plays_the_checked_media_route(s3_media, client):
    lesson = ready_lesson()

    page = client.get(lesson.get_absolute_url()).content.decode()

    assert f'<source src="/media/{lesson.hls_playlist}" type="application/vnd.apple.mpegurl">' in page
    assert f'poster="/media/{lesson.poster.name}"' in page
    assert f'data-thumbnails="{lesson.thumbnails_url}"' in page


PLAYER = "document.getElementById('lesson-player')"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_chromium_plays_a_lesson_from_the_private_bucket_with_its_captions_and_scrubbing_previews(
    page, s3_media, s3_endpoint, settings, tmp_path
):
    # The bucket's origin, like MEDIA_ORIGIN in production (moto answers over plain HTTP, hence img-src too).
    settings.CSP_LESSON = settings.CSP_LESSON.replace("img-src 'self'", f"img-src 'self' {s3_endpoint}") + (
        f" {s3_endpoint}"  # connect-src comes last
    )
    lesson = LessonFactory(video_url="")
    clip = make_clip(tmp_path, seconds=12, width=640, height=360)
    services.lesson_video_upload(lesson=lesson, file=ContentFile(clip.read_bytes(), name="clase.mp4"))
    services.caption_save(lesson=lesson, language="es", file=ContentFile(CAPTIONS_ES.encode()))
    lesson.refresh_from_db()  # the job ran on commit, in this process
    assert lesson.video_status == Lesson.VideoStatus.READY

    page.goto(lesson.get_absolute_url())
    wait_for(page, f"{PLAYER}.readyState >= 1")
    page.keyboard.press("Space")
    wait_for(page, f"{PLAYER}.currentTime > 0.5 && !{PLAYER}.paused", timeout=15_000)
    wait_for(page, f"{PLAYER}.textTracks[0].cues && {PLAYER}.textTracks[0].cues.length > 0")
    track = page.locator(".scrub__track").bounding_box()
    page.mouse.move(track["x"] + track["width"] * 0.5, track["y"] + track["height"] / 2)
    sprite = page.locator(".scrub__image").evaluate("image => getComputedStyle(image).backgroundImage")[5:-2]
    sprite_status = page.evaluate("url => fetch(url).then(response => response.status)", sprite)
    fetched = page.evaluate("performance.getEntriesByType('resource').map(entry => entry.name)")

    assert page.evaluate(f"{PLAYER}.querySelector('source').getAttribute('src')") == lesson.hls_url
    assert any(url.startswith(f"{s3_endpoint}/{BUCKET}/") and ".ts?" in url for url in fetched)
    assert sprite.startswith(f"{s3_endpoint}/{BUCKET}/") and "X-Amz-Signature=" in sprite
    assert sprite_status == 200
