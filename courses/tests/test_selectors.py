import pytest
from django.utils import timezone

from courses import selectors
from courses.models import Lesson
from courses.tests.factories import CourseFactory, LessonFactory

pytestmark = pytest.mark.django_db


def test_course_list_annotates_lesson_count_and_total_duration():
    course = CourseFactory()
    LessonFactory.create_batch(3, course=course, duration_seconds=100)
    LessonFactory(course=course, duration_seconds=999).soft_delete()

    [listed] = selectors.course_list()

    assert (listed.lessons_count, listed.duration_seconds) == (3, 300)


def test_course_list_filters_by_category_level_and_teacher_slug():
    from teachers.tests.factories import TeacherFactory

    teacher = TeacherFactory(slug="ana")
    wanted = CourseFactory(level="advanced", teachers=[teacher])
    CourseFactory(level="advanced", category=wanted.category)
    CourseFactory(teachers=[teacher])

    found = selectors.course_list(category=wanted.category.slug, level="advanced", teacher="ana")

    assert list(found) == [wanted]


def test_lesson_detail_knows_the_previous_and_next_lessons():
    course = CourseFactory()
    first, second, third = (LessonFactory(course=course, position=p) for p in (1, 2, 3))

    placement = selectors.lesson_detail(course_slug=course.slug, lesson_slug=second.slug)

    assert (placement.lesson, placement.previous, placement.next, placement.number) == (second, first, third, 2)


def test_lesson_detail_hides_lessons_of_draft_courses():
    lesson = LessonFactory(course=CourseFactory(draft=True))

    with pytest.raises(Lesson.DoesNotExist):
        selectors.lesson_detail(course_slug=lesson.course.slug, lesson_slug=lesson.slug)


def test_every_catalog_order_ends_with_the_primary_key_so_pages_never_shift():
    same_moment = timezone.now()
    twins = [CourseFactory(name="Gemelo", published_at=same_moment) for _ in range(3)]
    ids = sorted(twin.pk for twin in twins)

    for order in (selectors.NEWEST_FIRST, selectors.MOST_POPULAR, selectors.BEST_RATED, selectors.BY_NAME):
        listed = [course.pk for course in selectors.course_list(order_by=order) if course.name == "Gemelo"]

        assert listed == ids
