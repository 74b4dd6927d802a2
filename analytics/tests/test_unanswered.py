"""The course page's unanswered questions: which questions it lists, its CSV and its query budget."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.tests.factories import UserFactory
from community.models import Thread
from community.tests.factories import ReplyFactory, ThreadFactory
from courses.tests.factories import CourseFactory, LessonFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def discussion():
    course = CourseFactory(name="Curso de Django")
    lesson = LessonFactory(course=course, name="Modelos")
    open_old = ThreadFactory(lesson=lesson, title="¿Cómo migro?", votes=3)
    ReplyFactory(thread=open_old)
    Thread.objects.filter(pk=open_old.pk).update(replies_count=1)
    open_new = ThreadFactory(lesson=lesson, title="¿Qué es un queryset?")
    answered = ThreadFactory(lesson=lesson, title="Respondida")
    Thread.objects.filter(pk=answered.pk).update(accepted_reply=ReplyFactory(thread=answered))
    ThreadFactory(lesson=lesson, title="Borrada", deleted_at=timezone.now())
    ThreadFactory(lesson=lesson, title="Oculta", hidden_at=timezone.now())
    ThreadFactory(lesson=lesson, title="Una discusión", kind=Thread.Kind.CONTRIBUTION)
    ThreadFactory(lesson=LessonFactory(), title="De otro curso")
    return course, [open_old, open_new]


def _teacher_of(course):
    user = UserFactory(is_staff=True, email="profe@example.com")
    teacher_group, _created = Group.objects.get_or_create(name="Teachers")
    user.groups.add(teacher_group)
    TeacherFactory(user=user).courses.add(course)
    return user


def test_the_course_page_lists_exactly_the_unanswered_questions_oldest_first(client, discussion):
    course, unanswered = discussion
    client.force_login(_teacher_of(course))

    response = client.get(f"/admin/analytics/courses/{course.slug}/")

    assert response.status_code == 200
    section = next(section for section in response.context["sections"] if section.key == "unanswered")
    assert [row[0] for row in section.table.rows] == ["¿Cómo migro?", "¿Qué es un queryset?"]
    assert section.table.rows[0][1:2] + section.table.rows[0][3:] == ["Modelos", 3, 1]
    assert response.context["totals"]["unanswered"] == 2
    page = response.content.decode()
    for thread in unanswered:
        assert f'href="{thread.get_absolute_url()}"' in page
    assert "Respondida" not in page and "Borrada" not in page and "Oculta" not in page
    assert "De otro curso" not in page and "@example.com" not in page
    assert "Preguntas sin responder" in page  # Spanish, the default language


def test_the_unanswered_questions_download_as_csv(client, staff_user, discussion):
    course, _unanswered = discussion
    client.force_login(staff_user)

    response = client.get(f"/admin/analytics/courses/{course.slug}/", {"format": "csv", "table": "unanswered"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert [row[0] for row in rows[1:]] == ["¿Cómo migro?", "¿Qué es un queryset?"]
    assert rows[1][3:] == ["3", "1"]


def test_the_page_shows_at_most_twenty_unanswered_questions_and_counts_them_all(
    client, staff_user, django_assert_max_num_queries
):
    course = CourseFactory()
    lesson = LessonFactory(course=course)
    ThreadFactory.create_batch(23, lesson=lesson)
    client.force_login(staff_user)

    # Budget 10, as on any course page (analytics/tests/test_views.py): however many questions are waiting.
    with django_assert_max_num_queries(10):
        response = client.get(f"/admin/analytics/courses/{course.slug}/")

    section = next(section for section in response.context["sections"] if section.key == "unanswered")
    assert len(section.table.rows) == 20
    assert response.context["totals"]["unanswered"] == 23
