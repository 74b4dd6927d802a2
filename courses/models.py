import uuid
from datetime import UTC, datetime
from pathlib import Path

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce, Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import AliveManager, SoftDeleteModel, SoftDeleteQuerySet, TimeStampedModel, alive_unique
from core.translation import TranslatedCharField, TranslatedModel, TranslatedTextField

# Older dates are typos, and before 1914 the local time zones had offsets in seconds, which JSON cannot carry.
EARLIEST_PUBLICATION = datetime(2000, 1, 1, tzinfo=UTC)


class Category(TranslatedModel, SoftDeleteModel):
    name = TranslatedCharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    slug = models.SlugField(_("slug"), max_length=120)
    description = TranslatedTextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
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

    def with_lesson_totals(self):
        """Annotate ``lessons_count`` and ``duration_seconds`` with one subquery each, no per-row query."""
        return self.annotate(
            lessons_count=_lesson_totals(Count("id")),
            duration_seconds=_lesson_totals(Sum("duration_seconds")),
        )

    def search(self, text):
        """Courses matching a learner's search text, annotated with a relevance ``rank`` (higher is better)."""
        from courses.search import course_search  # the search module builds on these models

        return course_search(self, text)


def _lesson_totals(aggregate):
    lessons = Lesson.objects.filter(course=OuterRef("pk")).order_by().values("course").annotate(total=aggregate)
    return Coalesce(Subquery(lessons.values("total"), output_field=IntegerField()), 0)


class CourseManager(AliveManager.from_queryset(CourseQuerySet)):
    pass


class Course(TranslatedModel, SoftDeleteModel):
    class Level(models.TextChoices):
        BEGINNER = "beginner", _("Beginner")
        INTERMEDIATE = "intermediate", _("Intermediate")
        ADVANCED = "advanced", _("Advanced")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Ready for review")
        PUBLISHED = "published", _("Published")

    name = TranslatedCharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220)
    summary = TranslatedCharField(_("summary"), max_length=255, help_text=_("One line shown on course cards."))
    summary_en = models.CharField(_("summary in English"), max_length=255, blank=True)
    description = TranslatedTextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    thumbnail = models.ImageField(_("thumbnail"), upload_to="courses/", blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="courses", verbose_name=_("category"))
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.BEGINNER)
    teachers = models.ManyToManyField(
        "teachers.Teacher", related_name="courses", blank=True, verbose_name=_("teachers")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.DRAFT,
        help_text=_("A teacher marks a draft “Ready for review”; only staff publish, unpublish and schedule."),
    )
    published_at = models.DateTimeField(
        _("published at"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(EARLIEST_PUBLICATION, message=_("A publication date cannot be before the year 2000."))
        ],
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
    # How many active ratings give each score, kept in step like the two above: the course page, its API
    # twins and the rating stats show the distribution without counting a course's ratings on every read.
    one_star_ratings = models.PositiveIntegerField(_("1-star ratings"), default=0, editable=False)
    two_star_ratings = models.PositiveIntegerField(_("2-star ratings"), default=0, editable=False)
    three_star_ratings = models.PositiveIntegerField(_("3-star ratings"), default=0, editable=False)
    four_star_ratings = models.PositiveIntegerField(_("4-star ratings"), default=0, editable=False)
    five_star_ratings = models.PositiveIntegerField(_("5-star ratings"), default=0, editable=False)
    RATINGS_BY_SCORE = {
        1: "one_star_ratings",
        2: "two_star_ratings",
        3: "three_star_ratings",
        4: "four_star_ratings",
        5: "five_star_ratings",
    }

    objects = CourseManager()
    all_objects = models.Manager.from_queryset(CourseQuerySet)()

    class Meta:
        ordering = ["-published_at", "name"]
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        permissions = [("publish_course", _("Can publish, unpublish and schedule courses"))]
        constraints = [
            alive_unique("slug", name="course_slug_unique"),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True) | models.Q(published_at__gte=EARLIEST_PUBLICATION),
                name="course_published_at_not_before_2000",
                violation_error_message=_("A publication date cannot be before the year 2000."),
            ),
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
    def rating_distribution(self):
        """How many active ratings give each score, with the keys "1" to "5"."""
        return {str(score): getattr(self, field) for score, field in self.RATINGS_BY_SCORE.items()}

    @classmethod
    def rating_distribution_of(cls, row):
        """``rating_distribution`` from a ``.values()`` row of the course."""
        return {str(score): row[field] for score, field in cls.RATINGS_BY_SCORE.items()}


class VideoStatus(models.TextChoices):
    NONE = "none", _("No uploaded video")
    PENDING = "pending", _("Waiting to be processed")
    PROCESSING = "processing", _("Processing")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")


# Extensions an original may keep in its generated name; anything else is stored as ``.bin``.
ORIGINAL_EXTENSIONS = {".mp4", ".m4v", ".mov", ".webm", ".mkv", ".avi", ".mpg", ".mpeg", ".ogv", ".flv", ".3gp"}


def original_video_name(instance, filename):
    """``originals/<random>.<ext>``: a name of our own, never the upload's, in a folder that is never served."""
    extension = Path(filename).suffix.lower()
    return f"originals/{uuid.uuid4().hex}{extension if extension in ORIGINAL_EXTENSIONS else '.bin'}"


def caption_file_name(instance, filename):
    """``captions/<random>.vtt``: unguessable, so a caption is only found through its lesson."""
    return f"captions/{uuid.uuid4().hex}.vtt"


class Lesson(TranslatedModel, SoftDeleteModel):
    VideoStatus = VideoStatus
    # Written only by courses.services (compare-and-set on video_job): a save of a row that exists never writes
    # them unless it names them in update_fields, so a form loaded before a worker finished cannot undo its work.
    VIDEO_JOB_FIELDS = (
        "video_status",
        "video_error",
        "video_job",
        "video_job_started_at",
        "video_heartbeat_at",
        "video_attempts",
        "hls_playlist",
        "poster",
    )

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("course"))
    name = TranslatedCharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=220, help_text=_("Unique within its course."))
    description = TranslatedTextField(_("description"), blank=True)
    description_en = models.TextField(_("description in English"), blank=True)
    video_url = models.URLField(
        _("video URL"), blank=True, help_text=_("A direct video file, or a YouTube or Vimeo link.")
    )
    video_file = models.FileField(
        _("video file"),
        upload_to=original_video_name,
        max_length=255,
        blank=True,
        help_text=_("Used when no video URL is given."),
    )
    duration_seconds = models.PositiveIntegerField(
        _("duration (seconds)"),
        default=0,
        help_text=_("Measured from the file for uploaded videos; type it only for YouTube or Vimeo links."),
    )
    video_status = models.CharField(
        _("video status"), max_length=20, choices=VideoStatus.choices, default=VideoStatus.NONE, editable=False
    )
    video_error = models.TextField(_("video error"), blank=True, editable=False)
    video_job = models.UUIDField(
        _("video job"), null=True, blank=True, editable=False, help_text=_("The processing run that owns the video.")
    )
    video_job_started_at = models.DateTimeField(_("processing started at"), null=True, blank=True, editable=False)
    video_heartbeat_at = models.DateTimeField(
        _("processing last seen at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Renewed by the worker while it processes; a run silent for long is taken over."),
    )
    video_attempts = models.PositiveSmallIntegerField(
        _("processing attempts"),
        default=0,
        db_default=0,  # rows written by raw SQL (seed_scale) get it too
        editable=False,
        help_text=_("Runs started on the current upload; a video that keeps stopping its worker is given up."),
    )
    hls_playlist = models.CharField(_("HLS master playlist"), max_length=255, blank=True, editable=False)
    poster = models.ImageField(_("poster"), max_length=255, blank=True, editable=False)
    position = models.PositiveIntegerField(_("position"), default=0, help_text=_("Order within the course."))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        constraints = [
            alive_unique("course", "slug", name="lesson_slug_unique_in_course"),
            models.CheckConstraint(
                condition=models.Q(video_status__in=VideoStatus.values), name="lesson_video_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(video_status="ready") | ~models.Q(hls_playlist=""),
                name="lesson_ready_video_has_playlist",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "position"], name="lesson_course_position_idx"),
            models.Index(fields=["video_status"], name="lesson_video_status_idx"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, update_fields=None, **kwargs):
        if update_fields is None and not self._state.adding and self.pk is not None:
            update_fields = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key and field.name not in self.VIDEO_JOB_FIELDS
            ]
        super().save(*args, update_fields=update_fields, **kwargs)

    def get_absolute_url(self):
        return reverse("courses:lesson", kwargs={"course_slug": self.course.slug, "lesson_slug": self.slug})

    @property
    def hls_url(self):
        """The master playlist's URL once the video is ready, else an empty string."""
        if self.video_status == self.VideoStatus.READY and self.hls_playlist:
            return self.video_file.storage.url(self.hls_playlist)
        return ""

    @property
    def poster_url(self):
        """The poster frame's URL once the video is ready, else an empty string."""
        if self.video_status == self.VideoStatus.READY and self.poster:
            return self.poster.url
        return ""

    @property
    def thumbnails_url(self):
        """The scrubbing previews' WebVTT track (next to the stream, ``<run>/thumbnails/``) once the video is ready,
        else an empty string. Videos processed before previews existed have none: the player then shows none."""
        if not self.hls_url or not self.hls_playlist.endswith("/hls/master.m3u8"):
            return ""
        run = self.hls_playlist.removesuffix("/hls/master.m3u8")
        return self.video_file.storage.url(f"{run}/thumbnails/thumbnails.vtt")

    @property
    def playable_url(self):
        """The best URL to play: the HLS stream when ready, else the external link or the original file."""
        return self.hls_url or self.video_source

    @property
    def video_source(self):
        """The external video URL, if given. An uploaded original is never served: learners get its HLS stream."""
        return self.video_url


class CaptionLanguage(models.TextChoices):
    SPANISH = "es", _("Spanish")
    ENGLISH = "en", _("English")


class Caption(TimeStampedModel):
    """A WebVTT caption track of a lesson in one language; its cues are stored for search."""

    Language = CaptionLanguage

    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="captions", verbose_name=_("lesson"))
    language = models.CharField(_("language"), max_length=5, choices=CaptionLanguage.choices)
    file = models.FileField(_("WebVTT file"), upload_to=caption_file_name, max_length=255)

    class Meta:
        ordering = ["language"]
        verbose_name = _("caption track")
        verbose_name_plural = _("caption tracks")
        constraints = [
            models.UniqueConstraint(fields=["lesson", "language"], name="caption_one_per_lesson_language"),
            models.CheckConstraint(
                condition=models.Q(language__in=CaptionLanguage.values), name="caption_language_valid"
            ),
        ]

    def __str__(self):
        return f"{self.lesson} ({self.get_language_display()})"


class CaptionCue(models.Model):
    """One cue of a caption track: what the transcript panel lists and moment search finds."""

    caption = models.ForeignKey(Caption, on_delete=models.CASCADE, related_name="cues", verbose_name=_("caption"))
    position = models.PositiveIntegerField(_("position"))
    start_seconds = models.DecimalField(_("start (seconds)"), max_digits=9, decimal_places=3)
    end_seconds = models.DecimalField(_("end (seconds)"), max_digits=9, decimal_places=3)
    text = models.TextField(_("text"))

    class Meta:
        ordering = ["caption", "position"]
        verbose_name = _("caption cue")
        verbose_name_plural = _("caption cues")
        constraints = [
            models.UniqueConstraint(fields=["caption", "position"], name="caption_cue_position_unique"),
            models.CheckConstraint(
                condition=models.Q(end_seconds__gt=models.F("start_seconds")), name="cue_ends_after_start"
            ),
        ]

    def __str__(self):
        return self.text[:60]

    def get_absolute_url(self):
        """The lesson, starting at this cue."""
        return f"{self.caption.lesson.get_absolute_url()}?t={int(self.start_seconds)}"


class SupersededMedia(models.Model):
    """A file or folder that nothing points at any more (a replaced video run, an old caption track), kept until
    ``delete_after`` because a learner's player may still be streaming it; the periodic task deletes it then."""

    name = models.CharField(_("name"), max_length=255, help_text=_("A path in the media storage."))
    is_folder = models.BooleanField(_("folder"), default=False)
    delete_after = models.DateTimeField(_("delete after"), db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["delete_after"]
        verbose_name = _("superseded media")
        verbose_name_plural = _("superseded media")

    def __str__(self):
        return self.name
