"""The admin's lesson video field in Chromium: the file goes up in resumable chunks with a progress bar, and a
dropped chunk is sent again from the offset the server holds."""

from pathlib import Path

import pytest
from django.test import Client

from courses.models import Lesson
from courses.tests.factories import LessonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path("/tmp/uploads-shots")


def sign_in(page, user, live_server):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.mark.parametrize("width", [375, 1440])
def test_staff_upload_a_lesson_video_in_chunks_that_resume_after_a_dropped_connection(
    page, live_server, staff_user, settings, clip_720p, width, tmp_path
):
    settings.UPLOAD_CHUNK_SIZE = 512 * 1024
    settings.UPLOAD_TEMP_DIR = tmp_path / "uploads"
    lesson = LessonFactory(video_url="", name="Decoradores")
    sign_in(page, staff_user, live_server)
    page.set_viewport_size({"width": width, "height": 900})
    chunks = []

    def drop_the_second_chunk(route):
        if route.request.method == "PATCH":
            chunks.append(route.request.headers["upload-offset"])
            if len(chunks) == 2:
                return route.abort("connectionreset")
        return route.continue_()

    page.route("**/api/v1/uploads/*/", drop_the_second_chunk)
    page.goto(f"/admin/courses/lesson/{lesson.pk}/change/")

    page.set_input_files("#id_video_file", str(clip_720p))
    page.locator(".resumable-upload__status").get_by_text("Subido").wait_for(timeout=60_000)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"admin-upload-{width}.png"), full_page=True)

    lesson = Lesson.objects.get(pk=lesson.pk)
    assert lesson.video_file.read() == Path(clip_720p).read_bytes()
    assert chunks[1] == chunks[2], "the dropped chunk was sent again from the same offset"
    assert page.locator(".resumable-upload__bar").evaluate("bar => bar.value") == 100
    assert page.input_value("#id_video_file") == ""  # the form's own POST does not carry the file again
    assert lesson.video_status != Lesson.VideoStatus.NONE  # queued (or already processed) by the same entry point
