import secrets
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.models import AliveManager, SoftDeleteModel, SoftDeleteQuerySet, TimeStampedModel, alive_unique
from core.translation import TranslatedCharField, TranslatedManager, TranslatedModel, TranslatedTextField
from courses.models import Course, Lesson


class Rating(SoftDeleteModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("course"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ratings", verbose_name=_("user")
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(1), MaxValueValidator(5)], help_text=_("From 1 to 5 stars.")
    )
    review = models.TextField(_("review"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__gte=1, score__lte=5),
                name="rating_score_between_1_and_5",
                violation_error_message=_("The score must be between 1 and 5."),
            ),
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=models.Q(deleted_at__isnull=True),
                name="rating_one_active_per_user_and_course",
                violation_error_message=_("This learner has already rated this course."),
            ),
        ]
        indexes = [
            models.Index(
                fields=["course", "score"],
                condition=models.Q(deleted_at__isnull=True),
                name="rating_course_score_idx",
            ),
            models.Index(
                fields=["course", "-created_at"],
                condition=models.Q(deleted_at__isnull=True),
                name="rating_course_recent_idx",
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.course}: {self.score}"


class LessonProgress(TimeStampedModel):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_progress", verbose_name=_("user")
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress", verbose_name=_("lesson"))
    position_seconds = models.PositiveIntegerField(_("last position (seconds)"), default=0)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson"], name="progress_one_per_user_and_lesson"),
        ]
        indexes = [models.Index(fields=["user", "-updated_at"], name="progress_user_recent_idx")]

    def __str__(self):
        return f"{self.user} · {self.lesson}"

    @property
    def is_completed(self):
        return self.completed_at is not None


class LearningPathQuerySet(SoftDeleteQuerySet):
    def published(self):
        return self.alive().filter(status=LearningPath.Status.PUBLISHED)


class LearningPath(TranslatedModel, SoftDeleteModel):
    """A route through several courses in order ("ruta de aprendizaje"): Python → Django → Docker."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    name = TranslatedCharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=200)
    summary = TranslatedCharField(_("summary"), max_length=300, help_text=_("One line shown on the path's card."))
    summary_en = models.CharField(_("summary in English"), max_length=300, blank=True)
    description = TranslatedTextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    courses = models.ManyToManyField(
        Course, through="PathCourse", related_name="learning_paths", verbose_name=_("courses")
    )

    objects = AliveManager.from_queryset(LearningPathQuerySet)()
    all_objects = models.Manager.from_queryset(LearningPathQuerySet)()

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("learning path")
        verbose_name_plural = _("learning paths")
        constraints = [alive_unique("slug", name="learningpath_unique_alive_slug")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("learning:path", kwargs={"slug": self.slug})


class PathCourse(models.Model):
    """A course's place in a learning path."""

    path = models.ForeignKey(
        LearningPath, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("learning path")
    )
    course = models.ForeignKey(
        Course, on_delete=models.CASCADE, related_name="path_memberships", verbose_name=_("course")
    )
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("course in a path")
        verbose_name_plural = _("courses in the path")
        constraints = [
            models.UniqueConstraint(
                fields=["path", "course"],
                name="pathcourse_course_once_per_path",
                violation_error_message=_("This course is already in the path."),
            )
        ]

    def __str__(self):
        return f"{self.path} · {self.position}. {self.course}"


class Exam(TimeStampedModel):
    """A course's final exam: ordered multiple-choice questions and the percentage needed to pass."""

    course = models.OneToOneField(Course, on_delete=models.CASCADE, related_name="exam", verbose_name=_("course"))
    pass_percent = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=70,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("The share of right answers needed to pass, from 1 to 100."),
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("How many questions each attempt draws from the pool, in a fresh order. Empty: every question."),
    )
    show_wrong_before_passing = models.BooleanField(
        _("show wrong answers before passing"),
        default=False,
        help_text=_(
            "Tell learners which questions they got wrong on every attempt. Off: only once they have passed, so "
            "the exam can't be solved by elimination."
        ),
    )

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pass_percent__gte=1, pass_percent__lte=100),
                name="exam_pass_percent_between_1_and_100",
                violation_error_message=_("The pass mark must be between 1 and 100."),
            ),
            models.CheckConstraint(
                condition=models.Q(questions_per_attempt__isnull=True) | models.Q(questions_per_attempt__gte=1),
                name="exam_draws_at_least_one_question",
                violation_error_message=_("An attempt draws at least one question."),
            ),
        ]

    def __str__(self):
        return gettext("Exam of %(course)s") % {"course": self.course}

    def clean(self):
        """An attempt draws "N of M": N can't be more than the questions the exam has."""
        super().clean()
        if self.questions_per_attempt is None:
            return
        pool = self.questions.count() if self.pk else 0
        if self.questions_per_attempt > pool:
            raise ValidationError(
                {
                    "questions_per_attempt": ngettext(
                        "This exam has %(count)d question: an attempt can draw at most that many.",
                        "This exam has %(count)d questions: an attempt can draw at most that many.",
                        pool,
                    )
                    % {"count": pool}
                },
                code="more_than_the_pool",
            )

    def get_absolute_url(self):
        return reverse("learning:exam", kwargs={"slug": self.course.slug})


class Question(TranslatedModel):
    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="questions", verbose_name=_("exam"))
    text = TranslatedTextField(_("question"))
    text_en = models.TextField(_("question in English"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = TranslatedManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.text[:80]


class Choice(TranslatedModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices", verbose_name=_("question"))
    text = TranslatedCharField(_("answer"), max_length=500)
    text_en = models.CharField(_("answer in English"), max_length=500, blank=True)
    is_correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveIntegerField(_("position"), default=0)

    objects = TranslatedManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        constraints = [
            models.UniqueConstraint(
                fields=["question"],
                condition=models.Q(is_correct=True),
                name="choice_one_correct_per_question",
                violation_error_message=_("A question has exactly one correct answer."),
            )
        ]

    def __str__(self):
        return self.text


class ExamPaper(models.Model):
    """The questions drawn for a learner's next attempt, in the order they see them, until they submit it.

    ``questions`` is ``[[question id, [choice id, ...]], ...]``; submitting it moves it onto the attempt."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="papers", verbose_name=_("exam"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_papers", verbose_name=_("learner")
    )
    questions = models.JSONField(_("questions drawn"), default=list)
    created_at = models.DateTimeField(_("drawn at"), default=timezone.now)

    class Meta:
        verbose_name = _("drawn exam")
        verbose_name_plural = _("drawn exams")
        constraints = [models.UniqueConstraint(fields=["user", "exam"], name="exampaper_one_per_learner_and_exam")]

    def __str__(self):
        return f"{self.user} · {self.exam}"

    @property
    def question_ids(self):
        return [question_id for question_id, _choice_ids in self.questions]


class ExamAttempt(models.Model):
    """One submission of an exam, kept for good: what was answered and how it scored."""

    exam = models.ForeignKey(Exam, on_delete=models.CASCADE, related_name="attempts", verbose_name=_("exam"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exam_attempts", verbose_name=_("learner")
    )
    answers = models.JSONField(_("answers"), default=dict, help_text=_("Question id → chosen answer id."))
    paper = models.JSONField(
        _("questions drawn"),
        default=list,
        blank=True,
        help_text=_("The questions drawn for this attempt and their answers, in the order the learner saw them."),
    )
    correct = models.PositiveSmallIntegerField(_("right answers"))
    total = models.PositiveSmallIntegerField(_("questions"))
    score_percent = models.PositiveSmallIntegerField(_("score (%)"))
    passed = models.BooleanField(_("passed"))
    created_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("exam attempt")
        verbose_name_plural = _("exam attempts")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(correct__lte=models.F("total"), score_percent__lte=100),
                name="examattempt_score_in_range",
            )
        ]
        indexes = [models.Index(fields=["user", "exam", "-created_at"], name="examattempt_user_recent_idx")]

    def __str__(self):
        return f"{self.user} · {self.exam}: {self.score_percent}%"


def duration_label(seconds):
    """Whole minutes, rounded up so a short course never reads as nothing, then hours: "12 min", "1 h 20 min"."""
    minutes = max(1, -(-int(seconds or 0) // 60))
    hours, minutes = divmod(minutes, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def certificate_code():
    """16 URL-safe characters from the system's random source: about 96 bits, not guessable."""
    return secrets.token_urlsafe(12)


class Certificate(TranslatedModel, models.Model):
    """Proof that a learner finished a course (or a whole path), frozen as it was on the day it was issued."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course")
        PATH = "path", _("Learning path")

    code = models.CharField(_("code"), max_length=32, unique=True, default=certificate_code, editable=False)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="certificates",
        verbose_name=_("learner"),
        help_text=_("Empty once the learner deleted their account; the certificate stays verifiable."),
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, related_name="certificates", verbose_name=_("course")
    )
    path = models.ForeignKey(
        LearningPath,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("learning path"),
    )
    learner_name = models.CharField(_("learner's name"), max_length=300)
    title = TranslatedCharField(_("title"), max_length=300)
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The learner's language when it was issued: the one the PDF uses unless another is asked for."),
    )
    teachers = models.CharField(_("teachers"), max_length=500, blank=True)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"))
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    reissued_at = models.DateTimeField(
        _("reissued at"), null=True, blank=True, help_text=_("When the learner last changed the name it carries.")
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = TranslatedManager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=models.Q(course__isnull=False),
                name="certificate_one_per_learner_and_course",
            ),
            models.UniqueConstraint(
                fields=["user", "path"],
                condition=models.Q(path__isnull=False),
                name="certificate_one_per_learner_and_path",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(kind="course", course__isnull=False, path__isnull=True)
                    | models.Q(kind="path", path__isnull=False, course__isnull=True)
                ),
                name="certificate_for_a_course_or_a_path",
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | ~models.Q(revoked_reason=""),
                name="certificate_revoked_with_a_reason",
            ),
            models.CheckConstraint(
                condition=GreaterThanOrEqual(Length("code"), 10), name="certificate_code_long_enough"
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.learner_name} · {self.title}"

    def get_absolute_url(self):
        return reverse("learning:certificate", kwargs={"code": self.code})

    @property
    def is_valid(self):
        return self.revoked_at is None

    @property
    def length(self):
        """The video time as printed on the certificate: "12 min", "1 h 20 min", "3 h" (never "0")."""
        return duration_label(self.duration_seconds)

    @property
    def hours(self):
        """Hours of video, to one decimal, as printed on the certificate."""
        return (Decimal(self.duration_seconds) / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
