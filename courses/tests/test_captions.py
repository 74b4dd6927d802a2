"""WebVTT captions: validation that names the line, the staff API, and what lessons expose."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import UserFactory
from courses.media import webvtt
from courses.models import Caption
from courses.tests.clips import CAPTIONS_ES
from courses.tests.factories import LessonFactory

pytestmark = pytest.mark.django_db


def vtt(text, name="es.vtt"):
    return SimpleUploadedFile(name, text.encode() if isinstance(text, str) else text, content_type="text/vtt")


def captions_url(lesson, language="es"):
    return f"/api/v1/courses/{lesson.course.slug}/lessons/{lesson.slug}/captions/{language}/"


@pytest.fixture
def lesson():
    return LessonFactory()


@pytest.fixture
def editor_client(api_client, staff_editor):
    api_client.force_authenticate(staff_editor)
    return api_client


def test_parser_reads_cues_with_their_times_and_skips_notes():
    cues = webvtt.parse_webvtt(
        "WEBVTT\n\nNOTE hola\n\n00:01.000 --> 00:02.500\nUno\n\n1\n01:00:00.000 --> 01:00:01.000\nDos"
    )

    assert [(cue.start_seconds, cue.end_seconds, cue.text) for cue in cues] == [
        (1.0, 2.5, "Uno"),
        (3600.0, 3601.0, "Dos"),
    ]


def test_captions_uploaded_through_the_api_are_stored_with_their_cues(editor_client, lesson):
    response = editor_client.put(captions_url(lesson), {"file": vtt(CAPTIONS_ES)}, format="multipart")

    assert response.status_code == 200
    assert response.json()["language"] == "es"
    assert response.json()["label"] == "Español"
    caption = Caption.objects.get(lesson=lesson)
    assert [cue.text for cue in caption.cues.order_by("position")] == [
        "Bienvenidos a la clase de programación.",
        "Ahora veremos los decoradores de Python.",
    ]


def test_uploading_again_replaces_the_track(editor_client, lesson):
    editor_client.put(captions_url(lesson), {"file": vtt(CAPTIONS_ES)}, format="multipart")

    editor_client.put(
        captions_url(lesson), {"file": vtt("WEBVTT\n\n00:00.000 --> 00:01.000\nNuevo")}, format="multipart"
    )

    caption = Caption.objects.get(lesson=lesson)
    assert [cue.text for cue in caption.cues.all()] == ["Nuevo"]
    assert caption.file.read().endswith(b"Nuevo")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("Hola\n\n00:00.000 --> 00:01.000\nUno", "Línea 1:"),
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nUno\n\n00:05 --> 00:06.000\nDos", "Línea 6:"),
        ("WEBVTT\n\n00:03.000 --> 00:01.000\nAl revés", "Línea 3:"),
        (b"WEBVTT\n\n00:00.000 --> 00:01.000\n\xff\xfe", "Línea 4:"),
        ("WEBVTT\n\n" + "00:00.000 --> 00:01.000\n" + "x" * (1024 * 1024) + "\n", "1 MB"),
        ("WEBVTT\n\n00:00.000 --> 99999999:00:00.000\nMuy larga", "Línea 3: Las marcas de tiempo pueden llegar"),
        ("WEBVTT\n\n277:46:40.000 --> 277:46:41.000\nJusto fuera", "como máximo a 277:46:39.999"),
        ("WEBVTT\n\n00:00.000 --> " + "9" * 5000 + ":00:00.000\nSin fin", "Línea 3: Esta marca de tiempo"),
    ],
)
def test_an_invalid_caption_file_is_refused_naming_the_problem(editor_client, lesson, content, message):
    response = editor_client.put(captions_url(lesson), {"file": vtt(content)}, format="multipart")

    assert response.status_code == 400
    assert message in response.json()["file"][0]
    assert not Caption.objects.exists()


def test_the_latest_timestamp_the_cue_columns_hold_is_stored(editor_client, lesson):
    content = "WEBVTT\n\n277:46:39.000 --> 277:46:39.999\nAl límite"

    response = editor_client.put(captions_url(lesson), {"file": vtt(content)}, format="multipart")

    assert response.status_code == 200
    assert Caption.objects.get(lesson=lesson).cues.get().end_seconds == Decimal("999999.999")


def test_a_nul_in_a_cue_is_stored_as_the_replacement_character(editor_client, lesson):
    content = "WEBVTT\n\n00:00.000 --> 00:01.000\nUno\x00dos"

    response = editor_client.put(captions_url(lesson), {"file": vtt(content)}, format="multipart")

    assert response.status_code == 200
    assert Caption.objects.get(lesson=lesson).cues.get().text == "Uno\ufffddos"


def test_captions_are_deleted_with_204(editor_client, lesson):
    editor_client.put(captions_url(lesson), {"file": vtt(CAPTIONS_ES)}, format="multipart")

    response = editor_client.delete(captions_url(lesson))

    assert response.status_code == 204
    assert not Caption.objects.exists()


@pytest.mark.parametrize(("actions", "status"), [(["view", "change"], 204), (["view", "delete"], 403)])
def test_removing_captions_needs_the_permission_to_change_lessons(api_client, editor_client, lesson, actions, status):
    editor_client.put(captions_url(lesson), {"file": vtt(CAPTIONS_ES)}, format="multipart")
    staff = UserFactory(username="captions-staff", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=[f"{action}_lesson" for action in actions]))
    api_client.force_authenticate(staff)

    response = api_client.delete(captions_url(lesson))

    assert response.status_code == status


def test_deleting_missing_captions_or_an_unknown_language_answers_404(editor_client, lesson):
    assert editor_client.delete(captions_url(lesson)).status_code == 404
    assert editor_client.delete(captions_url(lesson, "fr")).status_code == 404


def test_learners_cannot_upload_captions(api_client, learner, lesson):
    api_client.force_login(learner)

    response = api_client.put(captions_url(lesson), {"file": vtt(CAPTIONS_ES)}, format="multipart")

    assert response.status_code == 403


def test_lesson_detail_lists_its_captions_with_absolute_urls(editor_client, lesson):
    editor_client.put(captions_url(lesson), {"file": vtt(CAPTIONS_ES)}, format="multipart")

    body = editor_client.get(f"/api/v1/courses/{lesson.course.slug}/lessons/{lesson.slug}/").json()

    assert body["video_status"] == "none"
    assert body["hls_url"] is None
    assert body["poster_url"] is None
    [caption] = body["captions"]
    assert (caption["language"], caption["label"]) == ("es", "Español")
    assert re.fullmatch(r"http://testserver/media/captions/[0-9a-f]{32}\.vtt", caption["url"])


def test_caption_file_names_cannot_be_guessed_from_the_lesson(editor_client, lesson):
    editor_client.put(captions_url(lesson), {"file": vtt(CAPTIONS_ES)}, format="multipart")
    editor_client.put(captions_url(lesson, "en"), {"file": vtt(CAPTIONS_ES)}, format="multipart")

    names = [caption.file.name for caption in lesson.captions.all()]

    assert len(names) == 2
    assert all(re.fullmatch(r"captions/[0-9a-f]{32}\.vtt", name) for name in names)


def test_lesson_list_shows_video_state_and_captions_in_a_fixed_number_of_queries(
    api_client, django_assert_max_num_queries, without_public_cache
):
    lessons = LessonFactory.create_batch(12, course=LessonFactory().course)
    for lesson in lessons:
        Caption.objects.create(lesson=lesson, language="es", file=f"captions/{lesson.pk}-es.vtt")

    with django_assert_max_num_queries(4):
        response = api_client.get(f"/api/v1/courses/{lessons[0].course.slug}/lessons/")

    assert {len(item["captions"]) for item in response.json()["results"]} == {0, 1}


def lesson_form_with_captions(lesson, caption_file):
    """The lesson's admin form as posted, with one new Spanish caption track."""
    return {
        "course": lesson.course.pk,
        "name": lesson.name,
        "slug": lesson.slug,
        "position": lesson.position,
        "duration_seconds": lesson.duration_seconds,
        "video_url": lesson.video_url,
        "captions-TOTAL_FORMS": 1,
        "captions-INITIAL_FORMS": 0,
        "captions-0-language": "es",
        "captions-0-file": caption_file,
    }


def test_caption_admin_refuses_an_invalid_file_naming_the_line(client, staff_user, lesson):
    client.force_login(staff_user)
    bad = vtt("WEBVTT\n\n00:00.000 --> 00:01.000\nUno\n\nmal --> 00:02.000\nDos")

    response = client.post(f"/admin/courses/lesson/{lesson.pk}/change/", lesson_form_with_captions(lesson, bad))

    assert response.status_code == 200
    assert "Línea 6:" in response.content.decode()
    assert not Caption.objects.exists()


def test_captions_uploaded_in_the_admin_are_searchable_cues(client, staff_user, lesson):
    client.force_login(staff_user)

    response = client.post(
        f"/admin/courses/lesson/{lesson.pk}/change/", lesson_form_with_captions(lesson, vtt(CAPTIONS_ES))
    )

    assert response.status_code == 302
    assert Caption.objects.get(lesson=lesson).cues.count() == 2
