from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory
from courses.tests.factories import CourseFactory, LessonFactory
from learning import services
from learning.models import LessonProgress, Rating
from learning.tests.factories import RatingFactory

pytestmark = pytest.mark.django_db


def test_rating_submit_creates_a_rating_and_updates_the_course_aggregates():
    course = CourseFactory()

    rating, created = services.rating_submit(user=UserFactory(), course=course, score=4, review="Muy bueno")

    course.refresh_from_db()
    assert created is True
    assert rating.review == "Muy bueno"
    assert (course.average_rating, course.total_ratings) == (Decimal("4.00"), 1)


def test_rating_is_replaced_when_learner_rates_again():
    course, learner = CourseFactory(), UserFactory()
    services.rating_submit(user=learner, course=course, score=1)

    rating, created = services.rating_submit(user=learner, course=course, score=5)

    course.refresh_from_db()
    assert created is False
    assert Rating.objects.filter(course=course).get() == rating
    assert (course.average_rating, course.total_ratings) == (Decimal("5.00"), 1)


def test_average_is_rounded_to_two_decimals():
    course = CourseFactory()
    for score in (5, 4, 4):
        services.rating_submit(user=UserFactory(), course=course, score=score)

    course.refresh_from_db()

    assert course.average_rating == Decimal("4.33")


def test_the_stored_distribution_follows_every_rating_a_learner_writes():
    course = CourseFactory()
    ana, ben, eva = UserFactory.create_batch(3)
    for learner, score in [(ana, 5), (ben, 5), (eva, 2)]:
        services.rating_submit(user=learner, course=course, score=score)

    services.rating_submit(user=ben, course=course, score=3)
    services.rating_delete(user=eva, course=course)

    course.refresh_from_db()
    assert course.rating_distribution == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 1}
    assert (course.average_rating, course.total_ratings) == (Decimal("4.00"), 2)


def test_moderation_and_account_deletion_keep_the_stored_distribution_in_step():
    course = CourseFactory()
    _kept, hidden, gone = (RatingFactory(course=course, score=score) for score in (1, 4, 5))
    services.ratings_soft_delete(ratings=Rating.objects.filter(pk=hidden.pk))
    services.users_delete(users=get_user_model().objects.filter(pk=gone.user_id))
    course.refresh_from_db()
    after_removals = course.rating_distribution

    services.ratings_restore(ratings=Rating.all_objects.filter(pk=hidden.pk))

    course.refresh_from_db()
    assert after_removals == {"1": 1, "2": 0, "3": 0, "4": 0, "5": 0}
    assert course.rating_distribution == {"1": 1, "2": 0, "3": 0, "4": 1, "5": 0}
    assert (course.average_rating, course.total_ratings) == (Decimal("2.50"), 2)


def test_rating_delete_removes_the_rating_from_the_aggregates():
    course, learner = CourseFactory(), UserFactory()
    services.rating_submit(user=learner, course=course, score=2)
    services.rating_submit(user=UserFactory(), course=course, score=4)

    deleted = services.rating_delete(user=learner, course=course)

    course.refresh_from_db()
    assert deleted is True
    assert (course.average_rating, course.total_ratings) == (Decimal("4.00"), 1)


@pytest.mark.parametrize("score", [0, 6, "5", None, True, 4.5])
def test_rating_submit_refuses_a_score_that_is_not_a_whole_number_from_one_to_five(score):
    course = CourseFactory()

    with pytest.raises(ValidationError) as error:
        services.rating_submit(user=UserFactory(), course=course, score=score)

    assert "score" in error.value.message_dict
    assert not Rating.all_objects.exists()


def test_rating_submit_refuses_a_review_longer_than_two_thousand_characters():
    with pytest.raises(ValidationError) as error:
        services.rating_submit(user=UserFactory(), course=CourseFactory(), score=3, review="a" * 2001)

    assert "review" in error.value.message_dict


def test_rating_submit_refuses_a_draft_course():
    with pytest.raises(ValidationError):
        services.rating_submit(user=UserFactory(), course=CourseFactory(draft=True), score=3)

    assert not Rating.all_objects.exists()


def test_progress_update_saves_the_position():
    lesson = LessonFactory(duration_seconds=600)

    progress = services.lesson_progress_update(user=UserFactory(), lesson=lesson, position_seconds=120)

    assert (progress.position_seconds, progress.completed_at) == (120, None)


def test_progress_completes_the_lesson_at_ninety_percent():
    lesson = LessonFactory(duration_seconds=600)

    progress = services.lesson_progress_update(user=UserFactory(), lesson=lesson, position_seconds=540)

    assert progress.is_completed


def test_progress_stays_completed_when_the_learner_rewatches_the_start():
    lesson, learner = LessonFactory(duration_seconds=600), UserFactory()
    services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=0, completed=True)

    progress = services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=10)

    assert progress.is_completed
    assert LessonProgress.objects.count() == 1


@pytest.mark.parametrize("position", [-1, "10", None, 1.5])
def test_progress_update_refuses_a_position_that_is_not_a_whole_number_of_seconds(position):
    with pytest.raises(ValidationError):
        services.lesson_progress_update(user=UserFactory(), lesson=LessonFactory(), position_seconds=position)

    assert not LessonProgress.objects.exists()


def test_progress_update_refuses_a_lesson_of_a_draft_course():
    lesson = LessonFactory(course=CourseFactory(draft=True))

    with pytest.raises(ValidationError):
        services.lesson_progress_update(user=UserFactory(), lesson=lesson, position_seconds=5)

    assert not LessonProgress.objects.exists()


def test_rating_submit_refuses_a_soft_deleted_course():
    course = CourseFactory()
    course.soft_delete()

    with pytest.raises(ValidationError):
        services.rating_submit(user=UserFactory(), course=course, score=3)

    assert not Rating.all_objects.exists()


def test_rating_after_deleting_one_creates_a_new_active_rating():
    course, learner = CourseFactory(), UserFactory()
    services.rating_submit(user=learner, course=course, score=2)
    services.rating_delete(user=learner, course=course)

    _rating, created = services.rating_submit(user=learner, course=course, score=5)

    course.refresh_from_db()
    assert created is True
    assert Rating.objects.filter(course=course).count() == 1
    assert (course.average_rating, course.total_ratings) == (Decimal("5.00"), 1)


def test_rating_delete_without_a_rating_changes_nothing():
    course = CourseFactory()
    services.rating_submit(user=UserFactory(), course=course, score=3)

    deleted = services.rating_delete(user=UserFactory(), course=course)

    course.refresh_from_db()
    assert deleted is False
    assert (course.average_rating, course.total_ratings) == (Decimal("3.00"), 1)


def test_progress_update_refuses_a_lesson_of_a_soft_deleted_course():
    lesson = LessonFactory()
    lesson.course.soft_delete()

    with pytest.raises(ValidationError):
        services.lesson_progress_update(user=UserFactory(), lesson=lesson, position_seconds=10)

    assert not LessonProgress.objects.exists()


def test_progress_update_refuses_a_soft_deleted_lesson():
    lesson = LessonFactory()
    lesson.soft_delete()

    with pytest.raises(ValidationError):
        services.lesson_progress_update(user=UserFactory(), lesson=lesson, position_seconds=10)

    assert not LessonProgress.objects.exists()


def test_progress_below_ninety_percent_does_not_complete_the_lesson():
    lesson = LessonFactory(duration_seconds=600)

    progress = services.lesson_progress_update(user=UserFactory(), lesson=lesson, position_seconds=539)

    assert not progress.is_completed


def test_progress_completes_the_lesson_when_the_learner_says_so():
    lesson = LessonFactory(duration_seconds=600)

    progress = services.lesson_progress_update(user=UserFactory(), lesson=lesson, position_seconds=5, completed=True)

    assert progress.is_completed
    assert progress.position_seconds == 5


def test_progress_position_is_capped_at_the_lesson_duration():
    lesson = LessonFactory(duration_seconds=8)

    progress = services.lesson_progress_update(user=UserFactory(), lesson=lesson, position_seconds=30)

    assert progress.position_seconds == 8


def test_marking_a_lesson_complete_keeps_the_position_reached():
    lesson, learner = LessonFactory(duration_seconds=600), UserFactory()
    services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=120)

    progress = services.lesson_complete(user=learner, lesson=lesson)

    assert (progress.position_seconds, progress.is_completed) == (120, True)


def test_rating_replace_changes_the_score_and_keeps_the_review():
    learner, course = UserFactory(), CourseFactory()
    services.rating_submit(user=learner, course=course, score=2, review="Le faltan ejemplos.")

    rating = services.rating_replace(user=learner, course=course, score=4)

    assert (rating.score, rating.review) == (4, "Le faltan ejemplos.")
    course.refresh_from_db()
    assert (course.total_ratings, course.average_rating) == (1, 4)


def test_rating_replace_refuses_a_learner_who_has_not_rated_the_course():
    learner, course = UserFactory(), CourseFactory()

    with pytest.raises(Rating.DoesNotExist):
        services.rating_replace(user=learner, course=course, score=4)

    assert not Rating.all_objects.exists()
