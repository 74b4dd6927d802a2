"""Notes beside the lesson, /me/notes/ and saving courses, without JavaScript; what shared pages may show."""

import pytest

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory
from notebook.models import Note, SavedCourse
from notebook.tests.factories import NoteFactory, SavedCourseFactory

pytestmark = pytest.mark.django_db

LESSON = "/courses/django/lessons/a/"


def test_the_lesson_page_lists_the_learners_own_notes_only(client, learner, course_with_lessons):
    _, lessons = course_with_lessons
    NoteFactory(learner=learner, lesson=lessons[0], second=65, body="Mi nota")
    NoteFactory(lesson=lessons[0], body="Nota de otra persona")
    client.force_login(learner)

    html = client.get(LESSON).content.decode()

    assert "Mi nota" in html
    assert 'href="?t=65"' in html
    assert "Nota de otra persona" not in html


def test_anonymous_visitors_see_no_notes_form(client, course_with_lessons):
    html = client.get(LESSON).content.decode()

    assert "data-note-form" not in html
    assert "/accounts/login/" in html


def test_the_note_form_saves_at_the_second_and_returns_to_that_moment(client, learner, course_with_lessons):
    client.force_login(learner)

    response = client.post("/me/notes/django/a/", {"second": "42", "body": "Revisar el ORM"})

    note = Note.objects.get(learner=learner)
    assert (note.second, note.body) == (42, "Revisar el ORM")
    assert response["Location"] == f"/courses/django/lessons/a/?t=42#note-{note.pk}"


def test_a_blank_note_goes_back_with_an_error(client, learner, course_with_lessons):
    client.force_login(learner)

    response = client.post("/me/notes/django/a/", {"second": "42", "body": "  "}, follow=True)

    assert not Note.objects.exists()
    assert response.redirect_chain == [("/courses/django/lessons/a/#notes", 302)]
    assert 'class="message message--error">Este campo es requerido.<' in response.content.decode()


def test_my_notes_page_groups_and_links_each_note_to_its_moment(client, learner, course_with_lessons):
    _, lessons = course_with_lessons
    for index, lesson in enumerate(lessons):
        NoteFactory.create_batch(5, learner=learner, lesson=lesson, second=index * 10)
    client.force_login(learner)

    response = client.get("/me/notes/")

    html = response.content.decode()
    assert html.count('class="note"') == 15
    assert "/courses/django/lessons/b/?t=10" in html


def test_my_notes_page_runs_a_fixed_number_of_queries(
    client, learner, course_with_lessons, django_assert_max_num_queries
):
    _, lessons = course_with_lessons
    for lesson in lessons:
        NoteFactory.create_batch(10, learner=learner, lesson=lesson)
    client.force_login(learner)

    with django_assert_max_num_queries(8):
        client.get("/me/notes/")


def test_the_export_is_a_markdown_download(client, learner, course_with_lessons):
    NoteFactory(learner=learner, lesson=course_with_lessons[1][0], body="Para el examen")
    client.force_login(learner)

    response = client.get("/me/notes/export.md")

    assert response["Content-Type"].startswith("text/markdown")
    assert "attachment" in response["Content-Disposition"]
    assert "Para el examen" in response.content.decode()


def test_editing_and_deleting_someone_elses_note_is_not_found(client, learner):
    note = NoteFactory(learner=UserFactory())
    client.force_login(learner)

    assert client.get(f"/me/notes/{note.pk}/").status_code == 404
    assert client.post(f"/me/notes/{note.pk}/", {"second": 1, "body": "x"}).status_code == 404
    assert client.post(f"/me/notes/{note.pk}/delete/").status_code == 404
    assert Note.objects.filter(pk=note.pk, body=note.body).exists()


def test_editing_and_deleting_my_note(client, learner):
    note = NoteFactory(learner=learner, second=3, body="Antes")
    client.force_login(learner)

    client.post(f"/me/notes/{note.pk}/", {"second": 9, "body": "Después"})
    note.refresh_from_db()
    assert (note.second, note.body) == (9, "Después")

    client.post(f"/me/notes/{note.pk}/delete/")
    assert not Note.objects.filter(pk=note.pk).exists()


def test_saving_and_unsaving_a_course_with_the_form(client, learner, course_with_lessons):
    client.force_login(learner)

    saved = client.post("/me/saved/django/", {"next": "/courses/"})
    again = client.post("/me/saved/django/", {"next": "https://evil.example.com/"})

    assert saved["Location"] == "/courses/"
    assert again["Location"] == "/courses/django/"
    assert SavedCourse.objects.filter(learner=learner).count() == 1

    client.post("/me/saved/django/remove/")
    assert not SavedCourse.objects.filter(learner=learner).exists()


def test_my_learning_lists_saved_courses(client, learner):
    SavedCourseFactory(learner=learner, course=CourseFactory(name="Curso guardado"))
    client.force_login(learner)

    html = client.get("/me/").content.decode()

    assert "Curso guardado" in html
    assert 'aria-pressed="true"' in html


def test_anonymous_course_cards_carry_no_personal_state(client, course_with_lessons):
    html = client.get("/courses/").content.decode()

    assert "data-save-course" not in html


def test_signed_in_cards_show_the_learners_own_state(client, learner):
    courses = CourseFactory.create_batch(3)
    SavedCourseFactory(learner=learner, course=courses[1])
    SavedCourseFactory(course=courses[2])
    client.force_login(learner)

    html = client.get("/courses/").content.decode()

    assert html.count("data-save-course") == 3
    assert html.count('aria-pressed="true"') == 1


@pytest.mark.parametrize("cards", [2, 20])
def test_the_saved_state_of_cards_costs_one_query_whatever_their_number(client, learner, cards):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for course in CourseFactory.create_batch(cards):
        SavedCourseFactory(learner=learner, course=course)
    client.force_login(learner)
    client.get("/courses/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/courses/")

    saved_queries = [query for query in queries.captured_queries if "notebook_savedcourse" in query["sql"]]
    assert len(saved_queries) == 1
