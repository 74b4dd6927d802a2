"""Daily rollups: one row per site, course, lesson, learner or search term and per day, so the dashboards read a
few hundred small rows instead of the raw events. The services that write events keep them (analytics.receivers)
and analytics.rebuild recomputes any day from the raw rows.

WatchLog is the one raw table of its own: LessonProgress keeps only the last position, so the seconds watched
and where a learner stopped on each day are logged here, one row per learner, lesson and day."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Lesson


class DayRow(models.Model):
    """A row of figures about one day."""

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self._meta.verbose_name} {self.day}"


class WatchLog(DayRow):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    seconds = models.PositiveIntegerField(_("seconds watched"), default=0)
    position_seconds = models.PositiveIntegerField(_("last position (seconds)"), default=0)

    class Meta:
        verbose_name = _("watch log")
        constraints = [models.UniqueConstraint(fields=["user", "lesson", "day"], name="watchlog_one_per_day")]
        indexes = [models.Index(fields=["day"], name="watchlog_day_idx")]


class SiteDay(DayRow):
    day = models.DateField(_("day"), unique=True)
    active_learners = models.PositiveIntegerField(default=0)
    signups = models.PositiveIntegerField(default=0)
    seconds_watched = models.PositiveBigIntegerField(default=0)
    lessons_completed = models.PositiveIntegerField(default=0)
    ratings = models.IntegerField(default=0)
    rating_points = models.IntegerField(default=0)
    exam_attempts = models.PositiveIntegerField(default=0)
    exam_passes = models.PositiveIntegerField(default=0)
    certificates = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("site day")


class CourseDay(DayRow):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    enrolments = models.PositiveIntegerField(default=0)
    seconds_watched = models.PositiveBigIntegerField(default=0)
    lessons_completed = models.PositiveIntegerField(default=0)
    reached_25 = models.PositiveIntegerField(default=0)
    reached_50 = models.PositiveIntegerField(default=0)
    reached_75 = models.PositiveIntegerField(default=0)
    reached_100 = models.PositiveIntegerField(default=0)
    ratings = models.IntegerField(default=0)
    rating_points = models.IntegerField(default=0)
    score_1 = models.IntegerField(default=0)
    score_2 = models.IntegerField(default=0)
    score_3 = models.IntegerField(default=0)
    score_4 = models.IntegerField(default=0)
    score_5 = models.IntegerField(default=0)
    exam_attempts = models.PositiveIntegerField(default=0)
    exam_passes = models.PositiveIntegerField(default=0)
    exam_passers = models.PositiveIntegerField(default=0)
    certificates = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("course day")
        constraints = [models.UniqueConstraint(fields=["course", "day"], name="courseday_one_per_day")]
        indexes = [
            models.Index(fields=["day"], name="courseday_day_idx"),
            # the overview's top courses read only the days that had enrolments or completions, not every
            # course's day of ratings
            models.Index(fields=["day"], condition=models.Q(enrolments__gt=0), name="courseday_enrolled_day_idx"),
            models.Index(fields=["day"], condition=models.Q(reached_100__gt=0), name="courseday_finished_day_idx"),
        ]


class LessonDay(DayRow):
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    started = models.PositiveIntegerField(default=0)
    completed = models.PositiveIntegerField(default=0)
    seconds_watched = models.PositiveBigIntegerField(default=0)
    leaves = models.PositiveIntegerField(default=0)
    leave_position_total = models.BigIntegerField(default=0)  # moves back when a learner rewatches the start

    class Meta:
        verbose_name = _("lesson day")
        constraints = [models.UniqueConstraint(fields=["lesson", "day"], name="lessonday_one_per_day")]
        indexes = [models.Index(fields=["course", "day"], name="lessonday_course_day_idx")]


class LearnerDay(DayRow):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    seconds_watched = models.PositiveIntegerField(default=0)
    lessons_completed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("learner day")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="learnerday_one_per_day")]
        indexes = [models.Index(fields=["day"], name="learnerday_day_idx")]


class ScoreDay(DayRow):
    """Exam attempts of a course by score, in tenths (0 = 0-9 %, 10 = 100 %)."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    bucket = models.PositiveSmallIntegerField()
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("exam score day")
        constraints = [models.UniqueConstraint(fields=["course", "day", "bucket"], name="scoreday_one_per_bucket")]


class QuestionDay(DayRow):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+")
    question_id = models.PositiveIntegerField()
    day = models.DateField(_("day"))
    answered = models.PositiveIntegerField(default=0)
    right = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("exam question day")
        constraints = [models.UniqueConstraint(fields=["question_id", "day"], name="questionday_one_per_day")]
        indexes = [models.Index(fields=["course", "day"], name="questionday_course_day_idx")]


class SearchDay(DayRow):
    """How often a search was made and how often it found nothing; who searched is never stored."""

    term = models.CharField(_("search"), max_length=100)
    day = models.DateField(_("day"))
    searches = models.PositiveIntegerField(default=0)
    empty = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("search day")
        constraints = [models.UniqueConstraint(fields=["term", "day"], name="searchday_one_per_day")]
        indexes = [models.Index(fields=["day"], name="searchday_day_idx")]


class VideoRun(DayRow):
    """One finished processing run of a lesson video, for the median processing time."""

    day = models.DateField(_("day"))
    lesson_id = models.PositiveIntegerField()
    outcome = models.CharField(max_length=10)
    seconds = models.FloatField()

    class Meta:
        verbose_name = _("video run")
        indexes = [models.Index(fields=["day"], name="videorun_day_idx")]
