"""The flagship demo course: 2–4 minute lessons of slides at 720p with sound and captions timed to the slides."""

import pytest

from courses.media import processing
from courses.models import Lesson
from courses.tests.factories import CourseFactory, LessonFactory
from demo import demo_data, flagship
from demo.flagship_script import LESSONS


def test_every_lesson_of_the_demo_python_course_is_a_flagship_lesson_of_two_to_four_minutes():
    python = next(course for course in demo_data.COURSES if course["slug"] == flagship.COURSE_SLUG)

    assert list(LESSONS) == python["lessons"]
    assert all(120 <= flagship.SLIDE_SECONDS * len(slides) <= 240 for slides in LESSONS.values())


def test_no_slide_code_runs_off_its_panel():
    assert max(len(slide.code.split("\n")) for slides in LESSONS.values() for slide in slides) <= 6
    assert max(len(line) for slides in LESSONS.values() for slide in slides for line in slide.code.split("\n")) <= 50


@pytest.fixture
def lesson(db, monkeypatch):
    monkeypatch.setattr(flagship, "SLIDE_SECONDS", 2)  # the real 20 s slides make a 140 s video
    course = CourseFactory(name="Curso de Python", slug=flagship.COURSE_SLUG)
    return LessonFactory(course=course, name="Condicionales", slug="condicionales", video_url="", position=3)


def test_flagship_lesson_gets_a_720p_video_with_sound_and_captions_timed_to_its_slides(
    lesson, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # the upload queues its processing on commit
        made = flagship.lesson_video_make(lesson_id=lesson.pk)

    lesson = Lesson.objects.get(pk=lesson.pk)
    info = processing.probe(lesson.video_file.path)
    slides = LESSONS["Condicionales"]
    assert made is True
    assert lesson.video_status == Lesson.VideoStatus.READY
    assert (info.height, info.has_audio) == (720, True)
    assert lesson.duration_seconds == 2 * len(slides)
    for language, said in (("es", [s.said_es for s in slides]), ("en", [s.said_en for s in slides])):
        cues = list(lesson.captions.get(language=language).cues.order_by("position"))
        assert [cue.text for cue in cues] == said
        assert [(float(cue.start_seconds), float(cue.end_seconds)) for cue in cues] == [
            (2 * index, 2 * (index + 1)) for index in range(len(slides))
        ]


def test_flagship_video_is_made_once(lesson):
    flagship.lesson_video_make(lesson_id=lesson.pk)

    assert flagship.lesson_video_make(lesson_id=lesson.pk) is False


def test_other_courses_lessons_are_not_flagship_lessons(db):
    lesson = LessonFactory(course=CourseFactory(slug="curso-de-react"), name="Condicionales", video_url="")

    assert flagship.lesson_video_make(lesson_id=lesson.pk) is False
