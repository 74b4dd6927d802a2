"""seed_demo's lesson videos: distinct titled clips with Spanish captions, through the upload pipeline, once."""

import pytest

from courses.models import Lesson
from courses.tests.factories import CourseFactory, LessonFactory
from demo import tasks, videos

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons():
    course = CourseFactory(name="Curso de Django", name_en="Django course")
    return [
        LessonFactory(
            course=course,
            name="Modelos y migraciones",
            name_en="Models and migrations",
            slug="modelos",
            video_url="",
            position=1,
        ),
        LessonFactory(course=course, name="Vistas", name_en="Views", slug="vistas", video_url="", position=2),
    ]


def test_each_demo_lesson_gets_a_processed_video_with_spanish_and_english_captions(lessons):
    made = videos.lesson_videos_make(lessons=Lesson.objects.filter(pk__in=[lesson.pk for lesson in lessons]))

    assert made == 2
    for lesson in Lesson.objects.filter(pk__in=[lesson.pk for lesson in lessons]):
        assert lesson.video_status == Lesson.VideoStatus.READY
        assert lesson.duration_seconds == videos.clip_seconds(lesson)
        assert 10 <= lesson.duration_seconds <= 30
        cues = list(lesson.captions.get(language="es").cues.order_by("position"))
        assert cues[0].text == f"Bienvenido a la clase «{lesson.name}» del Curso de Django."
        assert float(cues[-1].end_seconds) == lesson.duration_seconds
        english = list(lesson.captions.get(language="en").cues.order_by("position"))
        assert english[0].text == f"Welcome to “{lesson.name_en}”, a lesson of the Django course."
        assert len(english) == len(cues)


def test_demo_videos_are_made_once(lessons):
    videos.lesson_videos_make(lessons=Lesson.objects.all())

    assert videos.lesson_videos_make(lessons=Lesson.objects.all()) == 0


def test_lessons_with_a_video_link_are_left_alone():
    lesson = LessonFactory(video_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")

    assert videos.lesson_videos_make(lessons=[lesson]) == 0


def test_the_course_task_makes_the_short_clips_of_a_course(lessons):
    assert tasks.course_videos_make(lessons[0].course_id) == 2
    assert Lesson.objects.filter(video_status=Lesson.VideoStatus.READY).count() == 2
