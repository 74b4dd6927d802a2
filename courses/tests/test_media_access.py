"""Media follow the lesson's publication: originals are never served, a hidden lesson's renditions, poster and
captions answer 404 to everyone but staff members and the course's teachers, public ones keep long caching."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from courses import services
from courses.tests.clips import CAPTIONS_ES
from courses.tests.factories import HIDDEN_COURSE_KINDS, CourseFactory, LessonFactory, hidden_course
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def lesson_media(lesson):
    """The URLs of a lesson's segment, playlist, poster and caption track (files written to the storage)."""
    folder = f"lessons/{lesson.pk}/video/{'b' * 32}"
    names = [f"{folder}/hls/360p/seg_000.ts", f"{folder}/hls/master.m3u8", f"{folder}/poster.jpg"]
    for name in names:
        default_storage.save(name, ContentFile(b"#EXTM3U\n"))
    caption = services.caption_save(lesson=lesson, language="es", file=ContentFile(CAPTIONS_ES.encode()))
    return [f"/media/{name}" for name in [*names, caption.file.name]]


@pytest.fixture
def teacher_user(django_user_model):
    return django_user_model.objects.create_user("profe", "profe@example.com", "profe-password-123")


def statuses(client, urls):
    return [client.get(url).status_code for url in urls]


@pytest.mark.parametrize("kind", HIDDEN_COURSE_KINDS)
def test_a_hidden_lessons_media_answer_404_to_the_public_and_learners(client, learner, kind):
    urls = lesson_media(LessonFactory(course=hidden_course(kind)))

    anonymous = statuses(client, urls)
    client.force_login(learner)

    assert anonymous == [404, 404, 404, 404]
    assert statuses(client, urls) == [404, 404, 404, 404]


def test_a_deleted_lessons_media_answer_404(client):
    lesson = LessonFactory()
    urls = lesson_media(lesson)
    lesson.soft_delete()

    assert statuses(client, urls) == [404, 404, 404, 404]


def test_staff_members_and_the_courses_teachers_preview_a_draft_lessons_media_uncached(
    client, staff_user, teacher_user, django_user_model
):
    course = CourseFactory(draft=True)
    course.teachers.add(TeacherFactory(user=teacher_user))
    other_teacher = django_user_model.objects.create_user("otra", "otra@example.com", "otra-password-123")
    TeacherFactory(user=other_teacher).courses.add(CourseFactory())
    urls = lesson_media(LessonFactory(course=course))

    answers = {}
    for user in (staff_user, teacher_user, other_teacher):
        client.force_login(user)
        answers[user.username] = [client.get(url) for url in urls]

    assert [response.status_code for response in answers["staff"]] == [200, 200, 200, 200]
    assert [response.status_code for response in answers["profe"]] == [200, 200, 200, 200]
    assert [response.status_code for response in answers["otra"]] == [404, 404, 404, 404]
    assert {response["Cache-Control"] for response in answers["profe"]} == {"private, no-store"}


def test_a_public_lessons_media_are_served_to_anyone_with_long_caching(client):
    segment, playlist, poster, caption = (client.get(url) for url in lesson_media(LessonFactory()))

    assert [segment.status_code, playlist.status_code, poster.status_code, caption.status_code] == [200] * 4
    assert segment["Cache-Control"] == "public, max-age=31536000, immutable"
    assert poster["Content-Type"] == "image/jpeg"
    assert caption["Content-Type"] == "text/vtt; charset=utf-8"
    assert all(answer["X-Content-Type-Options"] == "nosniff" for answer in (segment, playlist, poster, caption))


@pytest.mark.parametrize("name", ["originals/0123456789abcdef0123456789abcdef.mp4", "lessons/clase.mp4"])
def test_originals_answer_404_to_everyone_even_staff(client, staff_user, name):
    default_storage.save(name, ContentFile(b"\x00\x00\x00\x18ftypmp42"))

    anonymous = client.get(f"/media/{name}").status_code
    client.force_login(staff_user)

    assert (anonymous, client.get(f"/media/{name}").status_code) == (404, 404)


def test_behind_nginx_a_hidden_lessons_media_are_never_handed_to_nginx(client, settings):
    settings.MEDIA_X_ACCEL = True
    urls = lesson_media(LessonFactory(course=CourseFactory(draft=True)))

    answers = [client.get(url) for url in urls]

    assert [answer.status_code for answer in answers] == [404, 404, 404, 404]
    assert not any("X-Accel-Redirect" in answer for answer in answers)


def test_the_player_of_a_lesson_being_processed_never_links_the_original(client):
    lesson = LessonFactory(video_url="")
    lesson.video_file.save("clase.mp4", ContentFile(b"\x00\x00\x00\x18ftypmp42"), save=False)
    lesson.save()

    page = client.get(lesson.get_absolute_url()).content.decode()

    assert lesson.video_file.name not in page
