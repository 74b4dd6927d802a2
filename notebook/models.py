from django.conf import settings
from django.db import models
from django.db.models.functions import Length, Trim
from django.db.models.lookups import GreaterThan
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from courses.models import Course, Lesson

NOTE_MAX_LENGTH = 5000


class Note(models.Model):
    """A learner's private note on a lesson, tied to a second of its video. Only its author ever sees it."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes", verbose_name=_("learner")
    )
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson"))
    second = models.PositiveIntegerField(_("second"), default=0, help_text=_("The moment of the video it is about."))
    body = models.TextField(_("note"), max_length=NOTE_MAX_LENGTH, help_text=_("Plain text or Markdown."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["second", "created_at", "id"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.CheckConstraint(
                condition=GreaterThan(Length(Trim("body")), 0),
                name="note_body_not_blank",
                violation_error_message=_("Write something in the note."),
            ),
        ]
        indexes = [
            # The lesson page: a learner's notes on one lesson, in video order.
            models.Index(fields=["learner", "lesson", "second"], name="note_learner_lesson_idx"),
            # /me/notes/ and the export: a learner's notes, most recently edited first.
            models.Index(fields=["learner", "-updated_at"], name="note_learner_recent_idx"),
        ]

    def __str__(self):
        return f"{self.learner_id} · {self.lesson_id} @ {self.second}s"

    def get_absolute_url(self):
        """The lesson at the note's second (the player seeks to ``?t=``)."""
        return f"{self.lesson.get_absolute_url()}?t={self.second}"


class SavedCourse(models.Model):
    """A course the learner saved for later, from a course card or the course page."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_courses", verbose_name=_("learner")
    )
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="+", verbose_name=_("course"))
    created_at = models.DateTimeField(_("saved at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("saved course")
        verbose_name_plural = _("saved courses")
        constraints = [
            models.UniqueConstraint(fields=["learner", "course"], name="saved_course_once_per_learner"),
        ]
        indexes = [models.Index(fields=["learner", "-created_at"], name="saved_course_recent_idx")]

    def __str__(self):
        return f"{self.learner_id} ♥ {self.course_id}"

    def get_absolute_url(self):
        return reverse("courses:detail", kwargs={"slug": self.course.slug})
