"""The catalog's hand-written reads (courses/sql.py) answer exactly what the ORM answers for the same read: the
same rows, the same values of the same types, the same publication rule, in one query each."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from core.sql import concrete_fields
from courses import selectors
from courses.models import Course, Lesson
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def _values(instance):
    return {field.attname: getattr(instance, field.attname) for field in concrete_fields(type(instance))}


@pytest.fixture
def course():
    teachers = [TeacherFactory(name="Zoe"), TeacherFactory(name="Ana"), TeacherFactory(name="Beto")]
    course = CourseFactory(
        slug="python",
        name_en="Python course",
        description_en="In English",
        teachers=teachers,
        average_rating=Decimal("4.50"),
        total_ratings=2,
        four_star_ratings=1,
        five_star_ratings=1,
    )
    teachers[2].soft_delete()
    LessonFactory(course=course, slug="dos", position=2)
    LessonFactory(course=course, slug="uno", position=1, video_job="6f1c5a1e-8f5e-4d3a-9b8e-0c2a7d3f4e5b")
    LessonFactory(course=course, slug="borrada", position=0).soft_delete()
    return course


@pytest.mark.parametrize("by", ["slug", "pk"])
def test_a_published_course_is_loaded_as_the_orm_loads_it(course, by):
    found = selectors.course_get_published(**{by: getattr(course, by)})

    assert isinstance(found, Course)
    assert _values(found) == _values(Course.objects.published().get(pk=course.pk))


def test_course_detail_rows_hold_the_orms_values_teachers_by_name_and_live_lessons_in_order(course):
    rows = selectors.course_detail_rows(slug="python")

    names = list(rows.course)
    assert rows.course == Course.objects.published().filter(slug="python").values(*names).get()
    assert isinstance(rows.course["average_rating"], Decimal)
    assert rows.teachers == [
        {"id": teacher.id, "slug": teacher.slug, "name": teacher.name} for teacher in course.teachers.order_by("name")
    ]
    assert [teacher["name"] for teacher in rows.teachers] == ["Ana", "Zoe"]
    assert [_values(lesson) for lesson in rows.lessons] == [
        _values(lesson) for lesson in Lesson.objects.filter(course=course).order_by("position", "id")
    ]
    assert [lesson.slug for lesson in rows.lessons] == ["uno", "dos"]


def test_course_detail_rows_name_every_translated_column(course):
    rows = selectors.course_detail_rows(slug="python")

    assert (rows.course["name_en"], rows.course["description_en"]) == ("Python course", "In English")
    assert "category__name_en" in rows.course


def test_a_published_lesson_is_loaded_as_the_orm_loads_it(course):
    lesson = course.lessons.get(slug="uno")

    found = selectors.lesson_get_published(pk=lesson.pk)

    assert _values(found) == _values(Lesson.objects.get(pk=lesson.pk))
    assert str(found.video_job) == "6f1c5a1e-8f5e-4d3a-9b8e-0c2a7d3f4e5b"


@pytest.mark.parametrize(
    "hidden",
    [
        {"status": Course.Status.DRAFT},
        {"published_at": timezone.now() + timedelta(hours=1)},
        {"deleted_at": timezone.now()},
    ],
    ids=["draft", "scheduled", "deleted"],
)
def test_hidden_courses_and_their_lessons_are_not_found(course, hidden):
    lesson = course.lessons.get(slug="uno")
    Course.all_objects.filter(pk=course.pk).update(**hidden)

    for read in (
        lambda: selectors.course_get_published(slug="python"),
        lambda: selectors.course_get_published(pk=course.pk),
        lambda: selectors.course_detail_rows(slug="python"),
    ):
        with pytest.raises(Course.DoesNotExist):
            read()
    with pytest.raises(Lesson.DoesNotExist):
        selectors.lesson_get_published(pk=lesson.pk)


def test_a_course_in_a_deleted_category_is_not_found(course):
    course.category.soft_delete()

    with pytest.raises(Course.DoesNotExist):
        selectors.course_detail_rows(slug="python")


def test_a_deleted_lesson_is_not_found(course):
    with pytest.raises(Lesson.DoesNotExist):
        selectors.lesson_get_published(pk=Lesson.all_objects.get(slug="borrada").pk)


def test_scheduled_publication_follows_the_databases_clock_not_the_app_servers(course):
    Course.objects.filter(pk=course.pk).update(published_at=timezone.now() + timedelta(hours=1))
    two_hours_later = timezone.now() + timedelta(hours=2)

    with mock.patch("django.utils.timezone.now", return_value=two_hours_later), pytest.raises(Course.DoesNotExist):
        selectors.course_get_published(slug="python")


@pytest.mark.parametrize(
    ("read", "missing"),
    [
        (lambda: selectors.course_get_published(slug="py\x00thon"), Course.DoesNotExist),
        (lambda: selectors.course_get_published(pk=2**63), Course.DoesNotExist),
        (lambda: selectors.course_detail_rows(slug="\x00"), Course.DoesNotExist),
        (lambda: selectors.lesson_get_published(pk=-(2**63) - 1), Lesson.DoesNotExist),
    ],
)
def test_values_no_column_can_hold_find_nothing_without_a_query(course, read, missing, django_assert_num_queries):
    with django_assert_num_queries(0), pytest.raises(missing):
        read()


def test_each_read_is_one_counted_query(course, django_assert_num_queries):
    lesson = course.lessons.get(slug="uno")

    with django_assert_num_queries(1):
        selectors.course_get_published(slug="python")
    with django_assert_num_queries(1):
        selectors.lesson_get_published(pk=lesson.pk)
    with django_assert_num_queries(3):
        selectors.course_detail_rows(slug="python")


def test_a_course_in_another_category_keeps_its_own_category(course):
    CourseFactory(slug="otro", category=CategoryFactory(slug="datos", name="Datos"))

    rows = selectors.course_detail_rows(slug="otro")

    assert (rows.course["category__slug"], rows.course["category__name"]) == ("datos", "Datos")
