import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, LessonFactory
from notebook import selectors, services
from notebook.models import Note, SavedCourse
from notebook.tests.factories import NoteFactory, SavedCourseFactory

pytestmark = pytest.mark.django_db


def test_a_note_is_saved_at_its_second_with_its_text_trimmed():
    learner, lesson = UserFactory(), LessonFactory(duration_seconds=300)

    note = services.note_create(learner=learner, lesson=lesson, second=75, body="  Ojo con el N+1  \n")

    assert (note.second, note.body) == (75, "Ojo con el N+1")


def test_a_second_past_the_end_of_the_video_is_its_end():
    note = services.note_create(
        learner=UserFactory(), lesson=LessonFactory(duration_seconds=300), second=9000, body="Al final"
    )

    assert note.second == 300


@pytest.mark.parametrize("body", ["", "   ", "\n\t"])
def test_a_blank_note_is_refused(body):
    with pytest.raises(ValidationError) as refused:
        services.note_create(learner=UserFactory(), lesson=LessonFactory(), second=0, body=body)

    assert "body" in refused.value.message_dict


def test_the_database_refuses_a_blank_note_too():
    with pytest.raises(IntegrityError):
        NoteFactory(body="   ")


def test_editing_a_note_changes_only_what_is_sent():
    note = NoteFactory(second=10, body="Antes")

    services.note_update(note=note, body="Después")

    note.refresh_from_db()
    assert (note.second, note.body) == (10, "Después")


def test_a_learner_never_gets_another_learners_note():
    note = NoteFactory()

    with pytest.raises(Note.DoesNotExist):
        selectors.note_get(learner=UserFactory(), pk=note.pk)


def test_notes_of_deleted_lessons_and_unpublished_courses_are_hidden():
    learner = UserFactory()
    shown = NoteFactory(learner=learner)
    deleted_lesson = NoteFactory(learner=learner)
    deleted_lesson.lesson.soft_delete()
    NoteFactory(learner=learner, lesson=LessonFactory(course=CourseFactory(draft=True)))

    assert list(selectors.learner_notes(learner=learner)) == [shown]


def test_the_markdown_export_groups_notes_by_course_and_lesson_with_links_to_the_moment(settings):
    settings.SITE_URL = "https://platziflix.example"
    learner = UserFactory()
    lesson = LessonFactory(name="Modelos", course=CourseFactory(name="Curso de Django", slug="django"), slug="modelos")
    NoteFactory(learner=learner, lesson=lesson, second=125, body="Usar **select_related**")
    NoteFactory(learner=learner, lesson=lesson, second=5, body="Primera idea")

    markdown = selectors.notes_markdown(learner=learner)

    assert "## Curso de Django" in markdown
    assert "### Modelos" in markdown
    assert "**[2:05](https://platziflix.example/courses/django/lessons/modelos/?t=125)**" in markdown
    assert markdown.index("Primera idea") < markdown.index("Usar **select_related**")


def test_saving_a_course_twice_keeps_one_and_unsaving_is_idempotent():
    learner, course = UserFactory(), CourseFactory()

    assert services.course_save(learner=learner, course=course) is True
    assert services.course_save(learner=learner, course=course) is False
    assert SavedCourse.objects.filter(learner=learner).count() == 1
    assert services.course_unsave(learner=learner, course=course) is True
    assert services.course_unsave(learner=learner, course=course) is False


def test_saved_courses_are_published_ones_most_recently_saved_first():
    learner = UserFactory()
    first = SavedCourseFactory(learner=learner).course
    second = SavedCourseFactory(learner=learner).course
    SavedCourseFactory(learner=learner, course=CourseFactory(draft=True))
    SavedCourseFactory()

    assert list(selectors.saved_courses(learner=learner)) == [second, first]


def test_a_notes_markdown_is_rendered_without_any_script_or_raw_html():
    from core.markdown import render as note_html

    html = note_html("**Clave**\n<script>alert(1)</script> [x](javascript:alert(1)) <b onclick='x'>b</b>")

    assert "<strong>Clave</strong>" in html
    assert "<script>" not in html
    assert "href" not in html
    assert "<b " not in html
