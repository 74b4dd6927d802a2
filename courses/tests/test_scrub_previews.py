"""Scrubbing previews: a thumbnail sprite and WebVTT thumbnails track made during processing, and the player's
timeline showing the frame at the hovered or dragged point (Chromium)."""

import re

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from core.tests.browser import wait_for
from courses import services
from courses.media import processing
from courses.models import Lesson
from courses.tests.clips import make_clip
from courses.tests.factories import CourseFactory, LessonFactory

CUE = re.compile(r"^(\d\d:\d\d:\d\d\.\d{3}) --> (\d\d:\d\d:\d\d\.\d{3})\nsprite\.jpg#xywh=(\d+),(\d+),160,90$", re.M)


def test_a_23_second_video_gets_a_thumbnail_every_5_seconds_in_one_sprite_and_a_track_that_names_each_tile(tmp_path):
    clip = make_clip(tmp_path, seconds=23, width=1280, height=720)
    info = processing.probe(clip)

    track = processing.write_thumbnails(clip, tmp_path / "thumbnails", info=info)

    cues = CUE.findall(track.read_text())
    assert track.read_text().startswith("WEBVTT\n")
    assert [(start, end) for start, end, _x, _y in cues] == [
        ("00:00:00.000", "00:00:05.000"),
        ("00:00:05.000", "00:00:10.000"),
        ("00:00:10.000", "00:00:15.000"),
        ("00:00:15.000", "00:00:20.000"),
        ("00:00:20.000", "00:00:23.000"),
    ]
    assert [(int(x), int(y)) for _start, _end, x, y in cues] == [(0, 0), (160, 0), (320, 0), (480, 0), (640, 0)]
    sprite = Image.open(tmp_path / "thumbnails" / "sprite.jpg")
    assert sprite.size == (800, 90)
    last_tile = sprite.crop((640, 0, 800, 90)).convert("L")
    assert last_tile.getextrema()[1] > 100, "the last tile holds a frame, not padding"


@pytest.fixture
def previewed_lesson(tmp_path):
    course = CourseFactory(name="Curso de Python", slug="python")
    lesson = LessonFactory(course=course, slug="decoradores", video_url="", position=1)
    clip = make_clip(tmp_path, seconds=12, width=1280, height=720)
    services.lesson_video_upload(lesson=lesson, file=ContentFile(clip.read_bytes(), name="decoradores.mp4"))
    lesson.refresh_from_db()  # the job ran on commit, in this process (celery_tasks_run_in_process)
    assert lesson.video_status == Lesson.VideoStatus.READY
    return lesson


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [375, 1440])
def test_hovering_and_dragging_the_timeline_shows_the_frame_at_that_point(page, previewed_lesson, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(previewed_lesson.get_absolute_url())
    track = page.locator(".scrub__track")
    track.wait_for(state="visible")
    box = track.bounding_box()
    wait_for(page, "isFinite(document.getElementById('lesson-player').duration)")

    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] / 2)  # 9 s: the tile of 5-10 s
    at_nine = page.locator(".scrub__image").evaluate("image => getComputedStyle(image).backgroundPosition")
    nine_label = page.locator(".scrub__time").text_content()
    page.screenshot(path=f"/tmp/uploads-shots/scrub-{width}.png")
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.95, box["y"] + box["height"] / 2, steps=4)  # 11.4 s: 10-12 s
    at_end = page.locator(".scrub__image").evaluate("image => getComputedStyle(image).backgroundPosition")
    page.mouse.up()
    image = page.locator(".scrub__image").evaluate("image => getComputedStyle(image).backgroundImage")
    sprite_status = page.evaluate("url => fetch(url).then(response => response.status)", image[5:-2])

    assert page.locator(".scrub__preview").is_visible()
    assert at_nine == "-160px 0px"
    assert nine_label == "0:09"
    assert at_end == "-320px 0px"
    assert image.endswith('/thumbnails/sprite.jpg")')
    assert sprite_status == 200
    assert 11 <= page.evaluate("document.getElementById('lesson-player').currentTime") <= 12
