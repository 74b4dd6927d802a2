"""The learner's notebook: private notes at a second of a lesson, and saved courses. Idempotent where it can be."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from notebook.models import NOTE_MAX_LENGTH, Note, SavedCourse


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something in the note.")}, code="blank")
    if len(body) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"body": _("A note can be at most %(max)d characters long.") % {"max": NOTE_MAX_LENGTH}}, code="too_long"
        )
    return body


def _clean_second(second, lesson):
    """Seconds past the end of the video are the end: the note is still about the lesson."""
    if second is None or second < 0:
        raise ValidationError({"second": _("The second must be a whole number from 0.")}, code="invalid")
    if lesson.duration_seconds:
        second = min(second, lesson.duration_seconds)
    return second


@transaction.atomic
def note_create(*, learner, lesson, second, body):
    return Note.objects.create(
        learner=learner, lesson=lesson, second=_clean_second(second, lesson), body=_clean_body(body)
    )


@transaction.atomic
def note_update(*, note, body=None, second=None):
    """Changes the body and/or the second of the learner's note (the caller checked it is theirs)."""
    fields = ["updated_at"]
    if body is not None:
        note.body = _clean_body(body)
        fields.append("body")
    if second is not None:
        note.second = _clean_second(second, note.lesson)
        fields.append("second")
    note.save(update_fields=fields)
    return note


def note_delete(*, note):
    note.delete()


def course_save(*, learner, course):
    """Saves the course for the learner; saving it again changes nothing. Returns True when newly saved."""
    _, created = SavedCourse.objects.get_or_create(learner=learner, course=course)
    return created


def course_unsave(*, learner, course):
    """Forgets the saved course; forgetting one that was not saved changes nothing. Returns True when removed."""
    deleted, _ = SavedCourse.objects.filter(learner=learner, course=course).delete()
    return bool(deleted)
