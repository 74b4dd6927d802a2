"""Learner writes with business rules: ratings, lesson progress, exam attempts and certificates.

Pages, both APIs and the admin call these."""

import secrets
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Subquery, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import learner_pages
from courses.models import Course, Lesson
from learning import selectors, signals
from learning.models import (
    Certificate,
    Choice,
    Exam,
    ExamAttempt,
    ExamPaper,
    LearningPath,
    LessonProgress,
    Question,
    Rating,
)
from learning.selectors import EXAM_ATTEMPTS_PER_DAY

COMPLETION_THRESHOLD = Decimal("0.9")
REVIEW_MAX_LENGTH = 2000


def course_rating_stats_refresh(*, course):
    """Recompute the course's stored average, count and count of each score from its active ratings."""
    stats = selectors.course_rating_stats_counted(course=course)
    Course.all_objects.filter(pk=course.pk).update(**stats)
    for field, value in stats.items():
        setattr(course, field, value)
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
    before = None if created else rating.score
    if created:
        rating = Rating.objects.create(course=course, user=user, score=score, review=review)
    else:
        rating.score, rating.review = score, review
        rating.save(update_fields=["score", "review", "updated_at"])
    course_rating_stats_refresh(course=course)
    signals.rating_changed.send(
        Rating, course_id=course.pk, rated_at=rating.created_at, before=before, after=rating.score
    )
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
    rating = Rating.objects.filter(course=course, user=user).first()
    deleted = Rating.objects.filter(course=course, user=user).soft_delete()
    course_rating_stats_refresh(course=course)
    if rating is not None:
        signals.rating_changed.send(
            Rating, course_id=course.pk, rated_at=rating.created_at, before=rating.score, after=None
        )
    return bool(deleted)


@transaction.atomic
def ratings_soft_delete(*, ratings):
    """Moderation: hide several ratings at once and refresh the affected courses."""
    course_ids = set(ratings.values_list("course_id", flat=True))
    user_ids = set(ratings.values_list("user_id", flat=True))
    ratings.soft_delete()
    _refresh_courses(course_ids)
    for user_id in user_ids:  # a bulk update: no signal says it to their pages
        learner_pages.learner_changed(user_id)


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
        progress, created = LessonProgress.objects.select_for_update().get_or_create(user=user, lesson=lesson)
        previous_position = None if created else progress.position_seconds
        progress.position_seconds = position_seconds
        newly_completed = completed and progress.completed_at is None
        if newly_completed:
            progress.completed_at = timezone.now()
        progress.save()
        signals.lesson_progress_saved.send(
            LessonProgress, progress=progress, previous_position=previous_position, newly_completed=newly_completed
        )
    if newly_completed:
        # After the commit, so of two lessons completed at once the later one sees both and issues.
        course_certificate_issue(user=user, course=lesson.course)
    return progress


def lesson_complete(*, user, lesson):
    """Mark the lesson complete for the learner, keeping the position they last reached in it."""
    saved = LessonProgress.objects.filter(user=user, lesson=lesson).values_list("position_seconds", flat=True).first()
    return lesson_progress_update(user=user, lesson=lesson, position_seconds=saved or 0, completed=True)


# --- Exams and certificates -------------------------------------------------------------------------------------


class ExamNotEligible(Exception):
    """The learner still has lessons of the course to complete before taking its exam."""

    def __init__(self, lessons_left):
        self.lessons_left = lessons_left
        super().__init__(
            ngettext(
                "Complete the course first: %(count)d lesson is left.",
                "Complete the course first: %(count)d lessons are left.",
                lessons_left,
            )
            % {"count": lessons_left}
        )


class ExamAttemptLimitReached(Exception):
    """Three attempts in 24 hours: the next one is possible after ``retry_after_seconds``."""

    def __init__(self, retry_after_seconds):
        self.retry_after_seconds = retry_after_seconds
        super().__init__(
            _("You have used your %(count)d attempts of the last 24 hours. Try again later.")
            % {"count": EXAM_ATTEMPTS_PER_DAY}
        )


@dataclass(frozen=True)
class _AnswerKey:
    question_ids: tuple  # in the exam's order
    question_of_choice: dict
    correct_choice_ids: frozenset


def _answer_key(exam):
    """The exam's questions and choices, read once for checking and scoring an attempt."""
    choices = list(Choice.objects.filter(question__exam=exam).values_list("id", "question_id", "is_correct"))
    return _AnswerKey(
        question_ids=tuple(Question.objects.filter(exam=exam).order_by("position", "id").values_list("id", flat=True)),
        question_of_choice={choice: question for choice, question, _right in choices},
        correct_choice_ids=frozenset(choice for choice, _question, right in choices if right),
    )


def _draw(pool, count):
    """``[[question id, [choice id, ...]], ...]``: ``count`` questions of ``pool`` (question id → its choice ids),
    the questions and each one's choices in a fresh order, from the system's random source."""
    rng = secrets.SystemRandom()
    drawn = rng.sample(list(pool), min(count or len(pool), len(pool)))
    return [[question_id, rng.sample(pool[question_id], len(pool[question_id]))] for question_id in drawn]


def _paper_fits(paper, pool, exam):
    """Whether a paper drawn earlier still matches the exam (staff may have edited it since)."""
    expected = min(exam.questions_per_attempt or len(pool), len(pool))
    return len(paper.questions) == expected and all(
        question_id in pool and sorted(choice_ids) == sorted(pool[question_id])
        for question_id, choice_ids in paper.questions
    )


def exam_paper_draw(*, user, exam):
    """The questions of the learner's next attempt: those drawn for it before, or a fresh draw from the pool.

    ``exam`` comes from ``selectors.exam_for_course`` (its questions and choices prefetched). The draw is kept
    until the attempt is submitted, so reloading the page shows the same questions in the same order.
    """
    pool = {question.id: [choice.id for choice in question.choices.all()] for question in exam.questions.all()}
    paper = ExamPaper.objects.filter(user=user, exam=exam).first()
    if paper is not None and _paper_fits(paper, pool, exam):
        return paper
    questions = _draw(pool, exam.questions_per_attempt)
    if paper is not None:
        paper.questions, paper.created_at = questions, timezone.now()
        paper.save(update_fields=["questions", "created_at"])
        return paper
    try:
        with transaction.atomic():
            return ExamPaper.objects.create(user=user, exam=exam, questions=questions)
    except IntegrityError:  # a parallel request drew first: theirs is the paper
        return ExamPaper.objects.get(user=user, exam=exam)


def _paper_to_submit(*, user, exam, key):
    """The learner's drawn questions, locked; an exam that asks every question needs no earlier draw (its
    questions in the exam's order, as API clients that never opened it saw them)."""
    paper = ExamPaper.objects.select_for_update().filter(user=user, exam=exam).first()
    if paper is not None:
        return paper
    if exam.questions_per_attempt and exam.questions_per_attempt < len(key.question_ids):
        raise ValidationError(
            {"answers": _("Open the exam first: each attempt draws its own questions.")}, code="not_drawn"
        )
    order = {question: [] for question in key.question_ids}
    for choice, question in key.question_of_choice.items():
        order[question].append(choice)
    return ExamPaper(user=user, exam=exam, questions=[[question, sorted(order[question])] for question in order])


class ExamIncomplete(ValidationError):
    """Some drawn questions have no answer: nothing is scored or stored, and no attempt is used."""

    def __init__(self, unanswered):
        self.unanswered = unanswered
        super().__init__(
            {
                "answers": ngettext(
                    "Answer every question: %(count)d is unanswered. No attempt was used.",
                    "Answer every question: %(count)d are unanswered. No attempt was used.",
                    len(unanswered),
                )
                % {"count": len(unanswered)},
                "unanswered_question_ids": [str(question) for question in unanswered],
            },
            code="incomplete",
        )


def _clean_answers(key, answers, *, drawn):
    """``{question id: choice id}`` with ints, checked against the questions drawn for the attempt; raises
    ValidationError on anything else, and ExamIncomplete when a drawn question is left unanswered."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Send an object of question ids to answer ids.")}, code="invalid")
    cleaned, errors = {}, []
    for raw_question, raw_choice in answers.items():
        try:
            question_id, choice_id = int(raw_question), raw_choice
            if isinstance(choice_id, bool) or not isinstance(choice_id, int):
                choice_id = int(str(choice_id))
        except (TypeError, ValueError):
            errors.append(_("“%(question)s”: ids are whole numbers.") % {"question": raw_question})
            continue
        if question_id not in key.question_ids:
            errors.append(_("Question %(question)s is not in this exam.") % {"question": question_id})
        elif question_id not in drawn:
            errors.append(_("Question %(question)s was not drawn for this attempt.") % {"question": question_id})
        elif key.question_of_choice.get(choice_id) != question_id:
            errors.append(
                _("Answer %(choice)s is not one of question %(question)s.")
                % {"choice": choice_id, "question": question_id}
            )
        else:
            cleaned[question_id] = choice_id
    if errors:
        raise ValidationError({"answers": errors}, code="invalid")
    unanswered = [question for question in drawn if question not in cleaned]
    if unanswered:
        raise ExamIncomplete(unanswered)
    return cleaned


def exam_attempt_submit(*, user, exam, answers):
    """Score the learner's answers to the questions drawn for them on the server and store the attempt, with the
    order they saw; passing issues the course's certificate.

    Every drawn question needs an answer (ExamIncomplete, a ValidationError, records nothing). Raises
    ExamNotEligible while lessons are left, ExamAttemptLimitReached after 3 attempts in 24 hours and
    ValidationError for answers of another exam or of questions not drawn. The learner's row is locked while
    counting, so parallel submissions cannot exceed the limit. ``attempt.wrong_question_ids`` is None while
    ``selectors.exam_review_visible`` says no.
    """
    course = exam.course
    lessons_left = selectors.course_lessons_left(user=user, course=course)
    if lessons_left:
        raise ExamNotEligible(lessons_left)
    key = _answer_key(exam)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=user.pk).first()
        paper = _paper_to_submit(user=user, exam=exam, key=key)
        drawn = paper.question_ids
        cleaned = _clean_answers(key, answers, drawn=drawn)
        retry_after = selectors.exam_attempt_allowance(user=user, exam=exam).retry_after_seconds
        if retry_after:
            raise ExamAttemptLimitReached(retry_after)
        wrong = [question for question in drawn if cleaned.get(question) not in key.correct_choice_ids]
        total = len(drawn)
        correct = total - len(wrong)
        score = round(100 * correct / total) if total else 0
        attempt = ExamAttempt.objects.create(
            exam=exam,
            user=user,
            answers={str(question): choice for question, choice in cleaned.items()},
            paper=paper.questions,
            correct=correct,
            total=total,
            score_percent=score,
            passed=total > 0 and score >= exam.pass_percent,
        )
        if paper.pk:
            paper.delete()
        signals.exam_attempt_scored.send(
            ExamAttempt, attempt=attempt, question_ids=tuple(drawn), wrong_question_ids=wrong
        )
    attempt.wrong_question_ids = wrong if selectors.exam_review_visible(user=user, exam=exam, attempt=attempt) else None
    attempt.certificate = course_certificate_issue(user=user, course=course) if attempt.passed else None
    return attempt


def _course_is_finished(user, course):
    if not Lesson.objects.filter(course=course).exists() or selectors.course_lessons_left(user=user, course=course):
        return False
    exam = Exam.objects.filter(course=course).first()
    return exam is None or ExamAttempt.objects.filter(user=user, exam=exam, passed=True).exists()


def _issue_language():
    """The language the learner is using as the certificate is issued (that of the request that earned it)."""
    language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _issue_once(*, user, lookup, **snapshot):
    """Create the certificate unless the learner already holds it; a parallel issue loses on the unique constraint."""
    existing = Certificate.objects.filter(user=user, **lookup).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            return (
                Certificate.objects.create(
                    user=user, learner_name=user.display_name, language=_issue_language(), **lookup, **snapshot
                ),
                True,
            )
    except IntegrityError:
        return Certificate.objects.get(user=user, **lookup), False


def course_certificate_issue(*, user, course):
    """Issue the learner's certificate of the course if they have earned it: every lesson complete and, when the
    course has an exam, a passed attempt. Exactly once (a database constraint); returns it, or None if not earned.

    Then issues the certificate of every published path the learner has now finished.
    """
    if not Course.objects.published().filter(pk=course.pk).exists() or not _course_is_finished(user, course):
        return Certificate.objects.filter(user=user, course=course).first()
    certificate, _created = _issue_once(
        user=user,
        lookup={"course": course},
        kind=Certificate.Kind.COURSE,
        title=course.original_text("name"),
        title_en=course.name_en,
        teachers=", ".join(course.teachers.order_by("name").values_list("name", flat=True)),
        duration_seconds=Lesson.objects.filter(course=course).aggregate(total=Sum("duration_seconds"))["total"] or 0,
    )
    if certificate.is_valid:
        for path in LearningPath.objects.published().filter(memberships__course=course).distinct():
            path_certificate_issue(user=user, path=path)
    return certificate


def path_certificate_issue(*, user, path):
    """Issue the path's certificate once the learner holds a valid certificate of each of its published courses."""
    course_ids = set(path.memberships.filter(course__in=Course.objects.published()).values_list("course_id", flat=True))
    held = selectors.learner_certified_course_ids(user=user, course_ids=course_ids)
    if not course_ids or held != course_ids:
        return Certificate.objects.filter(user=user, path=path).first()
    courses = Course.objects.filter(pk__in=course_ids)
    teacher_names = sorted(set(courses.exclude(teachers=None).values_list("teachers__name", flat=True)))
    certificate, _created = _issue_once(
        user=user,
        lookup={"path": path},
        kind=Certificate.Kind.PATH,
        title=path.original_text("name"),
        title_en=path.name_en,
        teachers=", ".join(teacher_names),
        duration_seconds=Lesson.objects.filter(course__in=courses).aggregate(total=Sum("duration_seconds"))["total"]
        or 0,
    )
    return certificate


@transaction.atomic
def certificate_rename(*, certificate, user, first_name, last_name):
    """The learner corrects their name: it is saved on their profile and the certificate is reissued with it.

    The code and the date of issue stay; ``reissued_at`` says when the name changed. Only the certificate's own
    learner may, only while it is valid, and only with a name (the username is what a blank name would print).
    """
    first_name, last_name = first_name.strip(), last_name.strip()
    if not first_name and not last_name:
        raise ValidationError({"first_name": _("Write the name the certificate should carry.")}, code="required")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.user_id is None or certificate.user_id != user.pk:
        raise ValidationError(_("Only the learner who earned this certificate can change its name."), code="owner")
    if not certificate.is_valid:
        raise ValidationError(_("A revoked certificate can't be reissued."), code="revoked")
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    if user.display_name != certificate.learner_name:
        certificate.learner_name = user.display_name
        certificate.reissued_at = timezone.now()
        certificate.save(update_fields=["learner_name", "reissued_at"])
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate, reason):
    """Staff withdraw a certificate for good: it stays on record, marked revoked with the date and the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"revoked_reason": _("Say why the certificate is revoked.")}, code="reason_required")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is None:
        certificate.revoked_at = timezone.now()
        certificate.revoked_reason = reason
        certificate.save(update_fields=["revoked_at", "revoked_reason"])
    return certificate


def certificates_due(*, limit=None):
    """``(user_id, course_id)`` pairs, oldest learner first, where the learner has completed every live lesson of a
    published course (and passed its exam, when it has one) but holds no certificate of it."""
    course = OuterRef("lesson__course")
    live_lessons = (
        Lesson.objects.filter(course=course).order_by().values("course").annotate(total=Count("pk")).values("total")
    )
    exam_passed = ExamAttempt.objects.filter(user=OuterRef("user"), exam__course=course, passed=True)
    due = (
        LessonProgress.objects.filter(
            completed_at__isnull=False,
            lesson__deleted_at__isnull=True,
            lesson__course__in=Course.objects.published(),
        )
        .exclude(Exists(Certificate.objects.filter(user=OuterRef("user"), course=course)))
        .filter(~Exists(Exam.objects.filter(course=course)) | Exists(exam_passed))
        .values("user_id", "lesson__course_id")
        .annotate(completed=Count("lesson_id", distinct=True))
        .filter(completed__gte=Subquery(live_lessons))
        .order_by("user_id", "lesson__course_id")
        .values_list("user_id", "lesson__course_id")
    )
    return list(due if limit is None else due[:limit])


def certificates_backfill(*, limit=None):
    """Issue the course (and then path) certificates already earned but not held, at most ``limit`` of them;
    returns how many were new. Safe to run twice or next to the learners' own writes: each issue happens once."""
    before = Certificate.objects.count()
    due = certificates_due(limit=limit)
    users = get_user_model().objects.in_bulk({user_id for user_id, _ in due})
    courses = Course.objects.in_bulk({course_id for _, course_id in due})
    for user_id, course_id in due:
        if user_id in users and course_id in courses:
            course_certificate_issue(user=users[user_id], course=courses[course_id])
    return Certificate.objects.count() - before
