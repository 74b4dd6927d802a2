"""The HLS player in Chromium: plays the stream, switches quality, seeks from the transcript, resumes, ?t=."""

import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from core.tests.browser import wait_for
from courses import services
from courses.models import Lesson
from courses.tests.clips import make_clip
from courses.tests.factories import CourseFactory, LessonFactory
from learning.models import LessonProgress

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "learner-password-123"
CAPTIONS = """WEBVTT

00:00.500 --> 00:03.000
Bienvenidos a la clase de decoradores.

00:07.000 --> 00:09.000
Ahora escribimos nuestro primer decorador.
"""
PLAYER = "document.getElementById('lesson-player')"


@pytest.fixture
def hls_lesson(tmp_path):
    course = CourseFactory(name="Curso de Python", slug="python")
    lesson = LessonFactory(course=course, slug="decoradores", video_url="", position=1)
    clip = make_clip(tmp_path, seconds=12, width=1280, height=720)
    lesson.video_file.save("decoradores.mp4", ContentFile(clip.read_bytes()), save=False)
    lesson.video_status = Lesson.VideoStatus.PENDING
    lesson.save(update_fields=["video_file", "video_status"])
    services.lesson_video_process(lesson_id=lesson.pk, preset="ultrafast")
    services.caption_save(lesson=lesson, language="es", file=SimpleUploadedFile("es.vtt", CAPTIONS.encode()))
    lesson.refresh_from_db()
    assert lesson.video_status == Lesson.VideoStatus.READY
    return lesson


def _current_time(page):
    return page.evaluate(f"{PLAYER}.currentTime")


def _saved_position(learner, lesson, at_least, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        progress = LessonProgress.objects.filter(user=learner, lesson=lesson).first()
        if progress and progress.position_seconds >= at_least:
            return progress.position_seconds
        time.sleep(0.1)
    raise AssertionError(f"no position >= {at_least} saved")


def test_learner_plays_the_stream_switches_quality_seeks_from_the_transcript_and_resumes(
    page, learner, hls_lesson, screenshots_dir
):
    url = hls_lesson.get_absolute_url()
    page.goto(f"/accounts/login/?next={url}")
    page.fill("#id_username", learner.username)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**{url}")
    wait_for(page, "document.querySelectorAll('#player-quality option').length === 3")
    assert page.locator("#player-quality option").all_text_contents()[1:] == ["360p", "720p"]
    assert page.evaluate(f"{PLAYER}.getAttribute('poster')").endswith("poster.jpg")

    page.keyboard.press("Space")
    wait_for(page, f"{PLAYER}.currentTime > 0.5 && !{PLAYER}.paused")
    page.select_option("#player-quality", label="360p")
    wait_for(page, f"{PLAYER}.getAttribute('data-playing-level') === '360p'")
    page.select_option("#player-quality", label="720p")
    wait_for(page, f"{PLAYER}.getAttribute('data-playing-level') === '720p'")
    page.select_option("#player-speed", "1.5")
    assert page.evaluate(f"{PLAYER}.playbackRate") == 1.5

    page.get_by_text("Ahora escribimos nuestro primer decorador.").click()
    wait_for(page, f"{PLAYER}.currentTime >= 7.2 && !{PLAYER}.paused")
    page.evaluate(f"{PLAYER}.pause()")
    saved = _saved_position(learner, hls_lesson, at_least=7)
    page.screenshot(path=screenshots_dir / "lesson-hls-1440.png")

    page.reload()
    wait_for(page, f"{PLAYER}.readyState >= 1 && {PLAYER}.currentTime > 0")
    assert abs(_current_time(page) - saved) < 1

    page.goto(f"{url}?t=3")
    wait_for(page, f"{PLAYER}.readyState >= 1 && {PLAYER}.currentTime > 0")
    assert abs(_current_time(page) - 3) < 1


def test_arrow_keys_move_ten_seconds(page, hls_lesson):
    page.goto(hls_lesson.get_absolute_url())
    wait_for(page, f"{PLAYER}.readyState >= 1")

    page.keyboard.press("ArrowRight")
    wait_for(page, f"Math.abs({PLAYER}.currentTime - 10) < 0.5")
    page.keyboard.press("ArrowLeft")

    wait_for(page, f"{PLAYER}.currentTime < 0.5")
