from django.conf import settings
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import selectors as catalog
from courses.models import Course
from notebook.models import Note, SavedCourse


def _visible_notes(learner):
    """The learner's notes on lessons that learners can still open (alive lessons of published courses)."""
    return Note.objects.filter(
        learner=learner, lesson__deleted_at__isnull=True, lesson__course__in=Course.objects.published()
    )


def lesson_notes(*, learner, lesson):
    """The learner's notes on one lesson, in video order."""
    if not learner.is_authenticated:
        return Note.objects.none()
    return Note.objects.filter(learner=learner, lesson=lesson).order_by("second", "created_at", "id")


def learner_notes(*, learner):
    """All the learner's notes, grouped by course and lesson in course order, each in video order; every note
    carries its lesson and course, so its link is built without a query."""
    return (
        _visible_notes(learner)
        .select_related("lesson__course")
        .order_by("lesson__course__name", "lesson__course_id", "lesson__position", "lesson_id", "second", "id")
    )


def learner_notes_recent(*, learner):
    """All the learner's notes, most recently edited first (the API's list)."""
    return _visible_notes(learner).select_related("lesson__course").order_by("-updated_at", "-id")


def note_get(*, learner, pk):
    """One of the learner's own notes; raises Note.DoesNotExist for anyone else's, as for an unknown one."""
    return _visible_notes(learner).select_related("lesson__course").get(pk=pk)


def notes_markdown(*, learner, notes=None):
    """The learner's notes as a Markdown document: a heading per course and lesson, a link to each moment."""
    notes = learner_notes(learner=learner) if notes is None else notes
    title = _("My Platziflix notes")
    lines = [f"# {title}", "", _("Exported on %(date)s.") % {"date": timezone.localdate()}, ""]
    course = lesson = None
    for note in notes:
        if note.lesson.course_id != course:
            course = note.lesson.course_id
            lines += [f"## {note.lesson.course.name}", ""]
        if note.lesson_id != lesson:
            lesson = note.lesson_id
            lines += [f"### {note.lesson.name}", ""]
        minutes, seconds = divmod(note.second, 60)
        lines += [f"**[{minutes}:{seconds:02d}]({settings.SITE_URL}{note.get_absolute_url()})**", "", note.body, ""]
    if course is None:
        lines += [_("No notes yet."), ""]
    return "\n".join(lines)


def saved_course_ids(*, learner):
    """The ids of the courses the learner saved, for marking cards: one query whatever the number of cards."""
    if not learner.is_authenticated:
        return frozenset()
    return frozenset(SavedCourse.objects.filter(learner=learner).values_list("course_id", flat=True))


def saved_courses(*, learner):
    """The learner's saved published courses as course cards, most recently saved first."""
    saved_at = SavedCourse.objects.filter(learner=learner, course=OuterRef("pk")).values("created_at")
    return (
        catalog.course_cards()
        .filter(pk__in=SavedCourse.objects.filter(learner=learner).values("course_id"))
        .annotate(saved_at=Subquery(saved_at))
        .order_by("-saved_at", "-pk")
    )
