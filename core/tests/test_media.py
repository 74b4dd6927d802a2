"""MEDIA_ROOT served by the app (DEBUG off, no object storage): ranges, validators, caching, types, no escape."""

import pytest

pytestmark = pytest.mark.urls("core.tests.media_urls")


@pytest.fixture
def media_file(media_root):
    folder = media_root / "lessons" / "7" / "video" / ("a" * 32) / "hls" / "360p"
    folder.mkdir(parents=True)
    segment = folder / "seg_000.ts"
    segment.write_bytes(bytes(range(256)) * 4)
    (media_root / "captions").mkdir()
    (media_root / "captions" / "7-es.vtt").write_text("WEBVTT\n")
    (media_root / "lessons" / "clase.mp4").write_bytes(b"\x00" * 100)
    return segment


SEGMENT_URL = f"/media/lessons/7/video/{'a' * 32}/hls/360p/seg_000.ts"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_byte_range_answers_206_with_that_part(client, media_file):
    response = client.get(SEGMENT_URL, HTTP_RANGE="bytes=10-19")

    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 10-19/1024"
    assert response["Content-Length"] == "10"
    assert body(response) == bytes(range(10, 20))


def test_an_open_ended_range_runs_to_the_end(client, media_file):
    response = client.get(SEGMENT_URL, HTTP_RANGE="bytes=1000-")

    assert response["Content-Range"] == "bytes 1000-1023/1024"
    assert len(body(response)) == 24


def test_a_suffix_range_gives_the_last_bytes(client, media_file):
    response = client.get(SEGMENT_URL, HTTP_RANGE="bytes=-4")

    assert response.status_code == 206
    assert response["Content-Range"] == "bytes 1020-1023/1024"


def test_a_range_past_the_end_answers_416(client, media_file):
    response = client.get(SEGMENT_URL, HTTP_RANGE="bytes=5000-6000")

    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


def test_whole_file_announces_range_support_validators_and_long_caching(client, media_file):
    response = client.get(SEGMENT_URL)

    assert response.status_code == 200
    assert len(body(response)) == 1024
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/mp2t"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["ETag"] and response["Last-Modified"]


def test_a_matching_etag_answers_304(client, media_file):
    etag = client.get(SEGMENT_URL)["ETag"]

    response = client.get(SEGMENT_URL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304


def test_a_304_keeps_the_validators_and_the_cache_lifetime(client, media_file):
    first = client.get(SEGMENT_URL)

    response = client.get(SEGMENT_URL, HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 304
    assert response["ETag"] == first["ETag"]
    assert response["Last-Modified"] == first["Last-Modified"]
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Accept-Ranges"] == "bytes"


def test_an_etag_among_others_or_marked_weak_answers_304(client, media_file):
    etag = client.get(SEGMENT_URL)["ETag"]

    answers = [
        client.get(SEGMENT_URL, HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code,
        client.get(SEGMENT_URL, HTTP_IF_NONE_MATCH=f"W/{etag}").status_code,
        client.get(SEGMENT_URL, HTTP_IF_NONE_MATCH="*").status_code,
    ]

    assert answers == [304, 304, 304]


def test_another_etag_gets_the_file_even_with_a_later_if_modified_since(client, media_file):
    last_modified = client.get(SEGMENT_URL)["Last-Modified"]

    response = client.get(SEGMENT_URL, HTTP_IF_NONE_MATCH='"old"', HTTP_IF_MODIFIED_SINCE=last_modified)

    assert response.status_code == 200
    assert len(body(response)) == 1024


def test_if_modified_since_answers_304_from_the_last_modification_on(client, media_file):
    last_modified = client.get(SEGMENT_URL)["Last-Modified"]

    answers = [
        client.get(SEGMENT_URL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code,
        client.get(SEGMENT_URL, HTTP_IF_MODIFIED_SINCE="Thu, 01 Jan 2015 00:00:00 GMT").status_code,
        client.get(SEGMENT_URL, HTTP_IF_MODIFIED_SINCE="not a date").status_code,
    ]

    assert answers == [304, 200, 200]


def test_a_failed_if_match_answers_412_without_the_cache_lifetime(client, media_file):
    response = client.get(SEGMENT_URL, HTTP_IF_MATCH='"old"')

    assert response.status_code == 412
    assert "Cache-Control" not in response


def test_media_are_never_content_sniffed(client, media_file):
    etag = client.get(SEGMENT_URL)["ETag"]

    answers = [
        client.get(SEGMENT_URL),
        client.get(SEGMENT_URL, HTTP_IF_NONE_MATCH=etag),
        client.get(SEGMENT_URL, HTTP_RANGE="bytes=0-9"),
        client.get(SEGMENT_URL, HTTP_RANGE="bytes=5000-"),
    ]

    assert [response.status_code for response in answers] == [200, 304, 206, 416]
    assert all(response["X-Content-Type-Options"] == "nosniff" for response in answers)


def test_a_stale_if_range_gets_the_whole_file(client, media_file):
    response = client.get(SEGMENT_URL, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "content_type"),
    [
        ("/media/captions/7-es.vtt", "text/vtt; charset=utf-8"),
        ("/media/lessons/clase.mp4", "video/mp4"),
    ],
)
def test_media_have_their_content_types_and_replaceable_ones_a_short_cache(client, media_file, url, content_type):
    response = client.get(url)

    assert response["Content-Type"] == content_type
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize(
    "name",
    ["evil.html", "evil.htm", "evil.js", "evil.mjs", "evil.svg", "evil.xml", "evil.pdf", "evil", "evil.mp4.html"],
)
def test_files_of_a_type_outside_the_allowlist_answer_404(client, media_root, behind_nginx_or_not, name):
    (media_root / "lessons").mkdir(parents=True)
    (media_root / "lessons" / name).write_text("<script>alert(document.cookie)</script>")

    response = client.get(f"/media/lessons/{name}")

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


@pytest.fixture(params=[False, True], ids=["app", "nginx"])
def behind_nginx_or_not(request, settings):
    settings.MEDIA_X_ACCEL = request.param


def test_playlists_are_served_as_hls(client, media_root):
    media_root.mkdir(parents=True)
    (media_root / "master.m3u8").write_text("#EXTM3U\n")

    assert client.get("/media/master.m3u8")["Content-Type"] == "application/vnd.apple.mpegurl"


@pytest.mark.parametrize(
    "url",
    [
        "/media/../manage.py",
        "/media/%2e%2e/manage.py",
        "/media/%2E%2E%2Fmanage.py",
        "/media/lessons/..%2F..%2Fmanage.py",
        "/media//etc/passwd",
        "/media/..%5cmanage.py",
        "/media/lessons/.secret",
    ],
)
def test_nothing_outside_media_root_or_hidden_is_reachable(client, media_file, media_root, url):
    (media_root / "lessons" / ".secret").write_text("no")

    response = client.get(url)

    assert response.status_code == 404


def test_writes_are_not_allowed(client, media_file):
    assert client.post(SEGMENT_URL).status_code == 405


# Behind nginx (MEDIA_X_ACCEL on): the view decides, nginx sends the file.


@pytest.fixture
def behind_nginx(settings):
    settings.MEDIA_X_ACCEL = True


def test_behind_nginx_a_served_file_is_handed_to_nginx_with_no_body(client, media_file, behind_nginx):
    response = client.get(SEGMENT_URL, HTTP_RANGE="bytes=10-19")

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Accel-Redirect"] == f"/internal-media/lessons/7/video/{'a' * 32}/hls/360p/seg_000.ts"
    assert response.content == b""
    assert response["Content-Type"] == "video/mp2t"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Range" not in response


def test_behind_nginx_the_redirect_names_the_file_percent_encoded(client, media_root, behind_nginx):
    (media_root / "captions").mkdir(parents=True)
    (media_root / "captions" / "clase 1 ñ.vtt").write_text("WEBVTT\n")

    response = client.get("/media/captions/clase%201%20%C3%B1.vtt")

    assert response["X-Accel-Redirect"] == "/internal-media/captions/clase%201%20%C3%B1.vtt"
    assert response["Content-Type"] == "text/vtt; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize(
    "url",
    ["/media/../manage.py", "/media/lessons/..%2F..%2Fmanage.py", "/media/lessons/.secret", "/media/missing.ts"],
)
def test_behind_nginx_what_the_view_refuses_is_never_handed_over(client, media_file, media_root, behind_nginx, url):
    (media_root / "lessons" / ".secret").write_text("no")

    response = client.get(url)

    assert response.status_code == 404
    assert "X-Accel-Redirect" not in response


def test_behind_nginx_writes_are_still_refused(client, media_file, behind_nginx):
    response = client.post(SEGMENT_URL)

    assert response.status_code == 405
    assert "X-Accel-Redirect" not in response


def test_without_nginx_the_view_sends_the_file_itself(client, media_file, settings):
    settings.MEDIA_X_ACCEL = False

    response = client.get(SEGMENT_URL, HTTP_RANGE="bytes=10-19")

    assert "X-Accel-Redirect" not in response
    assert response.status_code == 206
    assert body(response) == bytes(range(10, 20))


def test_a_name_too_long_for_the_file_system_answers_404(client, media_file):
    response = client.get("/media/" + "a" * 5000)

    assert response.status_code == 404


def test_a_range_with_numbers_too_long_to_parse_is_ignored(client, media_file):
    response = client.get(SEGMENT_URL, HTTP_RANGE="bytes=" + "9" * 5000 + "-")

    assert response.status_code == 200
    assert len(body(response)) == 1024
