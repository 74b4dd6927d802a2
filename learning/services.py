"""Learner writes with business rules: ratings and lesson progress. Pages, both APIs and the admin call these."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import Course
from learning.models import LessonProgress, Rating

COMPLETION_THRESHOLD = Decimal("0.9")
REVIEW_MAX_LENGTH = 2000


def course_rating_stats_refresh(*, course):
    """Recompute the course's stored average and count from its active ratings."""
    stats = Rating.objects.filter(course=course).aggregate(average=Avg("score"), total=Count("id"))
    average = Decimal(stats["average"] or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    Course.all_objects.filter(pk=course.pk).update(average_rating=average, total_ratings=stats["total"])
    course.average_rating, course.total_ratings = average, stats["total"]
    return course


def _lock_published_course(course):
    """The course's row, locked until the transaction ends, if learners may see it."""
    locked = Course.objects.published().select_for_update(of=("self",)).filter(pk=course.pk).first()
    if locked is None:
        raise ValidationError(_("Only published courses can be rated."), code="not_published")
    return locked


def _validate_rating(*, score, review):
    errors = {}
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        errors["score"] = ValidationError(_("The score must be a whole number from 1 to 5."), code="invalid_score")
    if len(review) > REVIEW_MAX_LENGTH:
        errors["review"] = ValidationError(
            _("The review can be at most %(max)d characters long.") % {"max": REVIEW_MAX_LENGTH},
            code="review_too_long",
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def rating_submit(*, user, course, score, review=""):
    """Create the learner's rating of the course, or replace the one they have.

    Returns ``(rating, created)``. The course row is locked first, so concurrent
    submissions for one course run one after the other and the stored average
    and count stay exact.
    """
    review = (review or "").strip()
    course = _lock_published_course(course)
    _validate_rating(score=score, review=review)
    rating = Rating.objects.filter(course=course, user=user).first()
    created = rating is None
    if created:
        rating = Rating.objects.create(course=course, user=user, score=score, review=review)
    else:
        rating.score, rating.review = score, review
        rating.save(update_fields=["score", "review", "updated_at"])
    course_rating_stats_refresh(course=course)
    return rating, created


@transaction.atomic
def rating_replace(*, user, course, score):
    """Change the score of the learner's existing rating, keeping its review. Raises Rating.DoesNotExist when
    they have none: the original clients' PUT only ever replaces."""
    course = _lock_published_course(course)
    rating = Rating.objects.get(course=course, user=user)
    rating, _created = rating_submit(user=user, course=course, score=score, review=rating.review)
    return rating


@transaction.atomic
def rating_delete(*, user, course):
    """Soft-delete the learner's active rating of the course. Returns whether there was one."""
    course = Course.all_objects.select_for_update().get(pk=course.pk)
    deleted = Rating.objects.filter(course=course, user=user).soft_delete()
    course_rating_stats_refresh(course=course)
    return bool(deleted)


@transaction.atomic
def ratings_soft_delete(*, ratings):
    """Moderation: hide several ratings at once and refresh the affected courses."""
    course_ids = set(ratings.values_list("course_id", flat=True))
    ratings.soft_delete()
    _refresh_courses(course_ids)


@transaction.atomic
def ratings_restore(*, ratings):
    """Moderation: bring back ratings whose learner has not rated the course again since."""
    restored = 0
    for rating in ratings.select_related("course").order_by("pk"):
        if rating.is_deleted and not Rating.objects.filter(course_id=rating.course_id, user_id=rating.user_id).exists():
            rating.restore()
            restored += 1
            course_rating_stats_refresh(course=rating.course)
    return restored


@transaction.atomic
def users_delete(*, users):
    """Delete accounts for good; the courses they rated get their average and count recomputed."""
    course_ids = set(Rating.all_objects.filter(user__in=users).values_list("course_id", flat=True))
    users.delete()
    _refresh_courses(course_ids)


def _refresh_courses(course_ids):
    for course in Course.all_objects.select_for_update().filter(pk__in=course_ids).order_by("pk"):
        course_rating_stats_refresh(course=course)


def lesson_progress_update(*, user, lesson, position_seconds, completed=False):
    """Save where the learner is in a lesson; reaching 90% of it, or saying so, completes it.

    Completion is never undone by a later, smaller position (rewatching the start).
    """
    if isinstance(position_seconds, bool) or not isinstance(position_seconds, int) or position_seconds < 0:
        raise ValidationError(
            {"position_seconds": _("The position must be a whole number of seconds, zero or more.")},
            code="invalid_position",
        )
    if lesson.is_deleted or not Course.objects.published().filter(pk=lesson.course_id).exists():
        raise ValidationError(_("This lesson is not available."), code="not_available")
    if lesson.duration_seconds:
        position_seconds = min(position_seconds, lesson.duration_seconds)
        if position_seconds >= lesson.duration_seconds * COMPLETION_THRESHOLD:
            completed = True
    with transaction.atomic():
        progress, _created = LessonProgress.objects.select_for_update().get_or_create(user=user, lesson=lesson)
        progress.position_seconds = position_seconds
        if completed and progress.completed_at is None:
            progress.completed_at = timezone.now()
        progress.save()
    return progress


def lesson_complete(*, user, lesson):
    """Mark the lesson complete for the learner, keeping the position they last reached in it."""
    saved = LessonProgress.objects.filter(user=user, lesson=lesson).values_list("position_seconds", flat=True).first()
    return lesson_progress_update(user=user, lesson=lesson, position_seconds=saved or 0, completed=True)
