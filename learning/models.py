from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.models import SoftDeleteModel, TimeStampedModel
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
