from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from courses.models import Course, Lesson
from courses.tests.factories import CourseFactory, LessonFactory
from learning.models import Rating
from learning.tests.factories import RatingFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("score", [0, 6])
def test_database_refuses_a_score_outside_one_to_five(score):
    course = CourseFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RatingFactory(course=course, score=score)


def test_database_refuses_a_second_active_rating_by_the_same_learner():
    rating = RatingFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RatingFactory(course=rating.course, user=rating.user, score=2)


def test_learner_can_rate_again_after_the_first_rating_is_soft_deleted():
    rating = RatingFactory(score=1)
    rating.soft_delete()

    again = RatingFactory(course=rating.course, user=rating.user, score=5)

    assert Rating.all_objects.filter(course=rating.course, user=rating.user).count() == 2
    assert list(Rating.objects.filter(course=rating.course)) == [again]


def test_database_refuses_two_lessons_with_one_slug_in_the_same_course():
    lesson = LessonFactory(slug="intro")

    with pytest.raises(IntegrityError), transaction.atomic():
        LessonFactory(course=lesson.course, slug="intro")


def test_two_courses_may_each_have_a_lesson_with_the_same_slug():
    LessonFactory(slug="intro")

    LessonFactory(slug="intro")

    assert Lesson.objects.filter(slug="intro").count() == 2


def test_database_refuses_a_published_course_without_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseFactory(status=Course.Status.PUBLISHED, published_at=None)


def test_soft_deleted_course_frees_its_slug_for_a_new_course():
    old = CourseFactory(slug="curso-de-react")
    old.soft_delete()

    CourseFactory(slug="curso-de-react")

    assert Course.all_objects.filter(slug="curso-de-react").count() == 2


def test_default_manager_hides_soft_deleted_rows_and_all_objects_shows_them():
    kept, deleted = CourseFactory(), CourseFactory()
    deleted.soft_delete()

    assert list(Course.objects.all()) == [kept]
    assert set(Course.all_objects.all()) == {kept, deleted}


def test_restore_brings_a_soft_deleted_row_back():
    course = CourseFactory()
    course.soft_delete()

    course.restore()

    assert Course.objects.filter(pk=course.pk).exists()


def test_published_hides_drafts_deleted_and_scheduled_courses():
    visible = CourseFactory()
    CourseFactory(draft=True)
    CourseFactory(published_at=timezone.now() + timedelta(days=3))
    CourseFactory().soft_delete()

    assert list(Course.objects.published()) == [visible]


def test_related_lessons_hide_soft_deleted_lessons():
    course = CourseFactory()
    kept = LessonFactory(course=course)
    LessonFactory(course=course).soft_delete()

    assert list(course.lessons.all()) == [kept]


def test_published_hides_courses_of_a_soft_deleted_category():
    course = CourseFactory()
    course.category.soft_delete()

    assert not Course.objects.published().exists()
