from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from platziflix.models import AliveManager, SoftDeleteModel, SoftDeleteQuerySet, TimeStampedModel, alive_unique


class Category(SoftDeleteModel):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("Lower numbers are listed first."))

    class Meta:
        ordering = ["position", "name"]
        constraints = [alive_unique("slug", name="category_slug_unique")]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return f"{reverse('courses:list')}?category={self.slug}"


class CourseQuerySet(SoftDeleteQuerySet):
    def published(self):
        """What learners and the public API may see: published, publication date reached, and neither the
        course nor its category deleted."""
        return self.filter(
            status=Course.Status.PUBLISHED,
            deleted_at__isnull=True,
            category__deleted_at__isnull=True,
            published_at__lte=Now(),
        )


class CourseManager(AliveManager.from_queryset(CourseQuerySet)):
    pass


class Course(SoftDeleteModel):
    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220)
    summary = models.CharField(_("summary"), max_length=255, help_text=_("One line shown on course cards."))
    description = models.TextField(_("description"), blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="courses/", blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="courses", verbose_name=_("category"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    teachers = models.ManyToManyField(
        "teachers.Teacher", related_name="courses", blank=True, verbose_name=_("teachers")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        help_text=_("Set automatically when the course is published; a future date schedules it."),
    )
    average_rating = models.DecimalField(
        _("average rating"),
        max_digits=3,
        decimal_places=2,
        default=0,
        editable=False,
        help_text=_("Kept in step with the ratings by the rating service."),
    )
    total_ratings = models.PositiveIntegerField(_("total ratings"), default=0, editable=False)

    objects = CourseManager()
    all_objects = models.Manager.from_queryset(CourseQuerySet)()

    class Meta:
        ordering = ["-published_at", "name"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        constraints = [
            alive_unique("slug", name="course_slug_unique"),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_at__isnull=False),
                name="course_published_has_date",
                violation_error_message=_("A published course needs a publication date."),
            ),
            models.CheckConstraint(
                condition=models.Q(average_rating__gte=0, average_rating__lte=5),
                name="course_average_rating_range",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="course_status_published_idx"),
            models.Index(fields=["name"], name="course_name_idx"),
            models.Index(fields=["-average_rating"], name="course_average_rating_idx"),
            models.Index(fields=["-total_ratings"], name="course_total_ratings_idx"),
            models.Index(fields=["level"], name="course_level_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("courses:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED


class Lesson(SoftDeleteModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course"))
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, help_text=_("Unique within its course."))
    description = models.TextField(_("description"), blank=True)
    video_url = models.URLField(
        _("video URL"), blank=True, help_text=_("A direct video file, or a YouTube or Vimeo link.")
    )
    video_file = models.FileField(
        _("video file"), upload_to="lessons/", blank=True, help_text=_("Used when no video URL is given.")
    )
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"), default=0)
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("Order within the course."))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            alive_unique("course", "slug", name="lesson_slug_unique_in_course"),
        ]
        indexes = [models.Index(fields=["course", "position"], name="lesson_course_position_idx")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("courses:lesson", kwargs={"course_slug": self.course.slug, "lesson_slug": self.slug})

    @property
    def video_source(self):
        """The URL the player loads: the external URL if given, else the uploaded file."""
        if self.video_url:
            return self.video_url
        if self.video_file:
            return self.video_file.url
        return ""


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
