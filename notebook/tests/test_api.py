import pytest

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory
from notebook.models import Note, SavedCourse
from notebook.tests.factories import NoteFactory, SavedCourseFactory

pytestmark = pytest.mark.django_db

LESSON_NOTES = "/api/v1/courses/django/lessons/a/notes/"


def test_a_learner_adds_a_note_at_a_second(signed_in, learner, course_with_lessons):
    response = signed_in.post(LESSON_NOTES, {"second": 61, "body": "Ver de nuevo"}, format="json")

    body = response.json()
    assert response.status_code == 201
    assert (body["second"], body["body"]) == (61, "Ver de nuevo")
    assert body["url"].endswith("/courses/django/lessons/a/?t=61")
    assert body["lesson"]["course"]["slug"] == "django"
    assert Note.objects.get(learner=learner).second == 61


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"second": 1}, "body"),
        ({"second": 1, "body": "   "}, "body"),
        ({"second": 1, "body": 12}, "body"),
        ({"second": -1, "body": "x"}, "second"),
        ({"second": "uno", "body": "x"}, "second"),
        ({"body": "x"}, "second"),
    ],
)
def test_a_bad_note_is_a_400_naming_the_field(signed_in, course_with_lessons, payload, field):
    response = signed_in.post(LESSON_NOTES, payload, format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_notes_of_an_unknown_lesson_are_not_found(signed_in, course_with_lessons):
    assert signed_in.get("/api/v1/courses/django/lessons/zzz/notes/").status_code == 404
    assert signed_in.post("/api/v1/courses/nope/lessons/a/notes/", {"second": 1, "body": "x"}).status_code == 404


def test_anonymous_callers_get_401_everywhere(api_client, course_with_lessons):
    note = NoteFactory()

    assert api_client.get(LESSON_NOTES).status_code == 401
    assert api_client.get("/api/v1/me/notes/").status_code == 401
    assert api_client.patch(f"/api/v1/notes/{note.pk}/", {"body": "x"}).status_code == 401
    assert api_client.get("/api/v1/me/favorites/").status_code == 401
    assert api_client.put("/api/v1/me/favorites/django/").status_code == 401


def test_the_lesson_list_has_only_the_callers_notes_in_video_order(signed_in, learner, course_with_lessons):
    lesson = course_with_lessons[1][0]
    NoteFactory(learner=learner, lesson=lesson, second=90)
    NoteFactory(learner=learner, lesson=lesson, second=5)
    NoteFactory(lesson=lesson, second=1)

    response = signed_in.get(LESSON_NOTES)

    assert [note["second"] for note in response.json()["results"]] == [5, 90]


def test_my_notes_are_paginated_with_a_fixed_number_of_queries(
    signed_in, learner, course_with_lessons, django_assert_max_num_queries
):
    for lesson in course_with_lessons[1]:
        NoteFactory.create_batch(10, learner=learner, lesson=lesson)

    with django_assert_max_num_queries(6):
        response = signed_in.get("/api/v1/me/notes/")

    assert response.json()["count"] == 30
    assert len(response.json()["results"]) == 20


def test_others_notes_answer_404(signed_in):
    note = NoteFactory(learner=UserFactory(), body="Privada")

    assert signed_in.get(f"/api/v1/notes/{note.pk}/").status_code == 404
    assert signed_in.patch(f"/api/v1/notes/{note.pk}/", {"body": "Mía"}, format="json").status_code == 404
    assert signed_in.delete(f"/api/v1/notes/{note.pk}/").status_code == 404
    note.refresh_from_db()
    assert note.body == "Privada"


def test_patch_and_delete_my_note(signed_in, learner):
    note = NoteFactory(learner=learner, second=4, body="Antes")

    patched = signed_in.patch(f"/api/v1/notes/{note.pk}/", {"body": "Después"}, format="json")
    empty = signed_in.patch(f"/api/v1/notes/{note.pk}/", {}, format="json")
    deleted = signed_in.delete(f"/api/v1/notes/{note.pk}/")

    assert patched.status_code == 200
    assert (patched.json()["second"], patched.json()["body"]) == (4, "Después")
    assert empty.status_code == 400
    assert deleted.status_code == 204
    assert not Note.objects.filter(pk=note.pk).exists()


def test_favorites_put_and_delete_are_idempotent(signed_in, learner, course_with_lessons):
    first = signed_in.put("/api/v1/me/favorites/django/")
    second = signed_in.put("/api/v1/me/favorites/django/")

    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == {"course": "django", "saved": True}
    assert SavedCourse.objects.filter(learner=learner).count() == 1

    assert signed_in.delete("/api/v1/me/favorites/django/").status_code == 204
    assert signed_in.delete("/api/v1/me/favorites/django/").status_code == 204
    assert not SavedCourse.objects.exists()


def test_favorites_of_an_unknown_or_unpublished_course_are_not_found(signed_in):
    CourseFactory(slug="borrador", draft=True)

    assert signed_in.put("/api/v1/me/favorites/nope/").status_code == 404
    assert signed_in.put("/api/v1/me/favorites/borrador/").status_code == 404


def test_my_favorites_list_course_cards_with_a_fixed_number_of_queries(
    signed_in, learner, django_assert_max_num_queries
):
    for course in CourseFactory.create_batch(12):
        SavedCourseFactory(learner=learner, course=course)
    SavedCourseFactory()

    with django_assert_max_num_queries(7):
        response = signed_in.get("/api/v1/me/favorites/")

    body = response.json()
    assert body["count"] == 12
    assert {"slug", "name", "url", "saved_at", "teachers"} <= set(body["results"][0])
