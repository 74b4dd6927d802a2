"""What the notebook adds to pages other apps own: the notes beside a lesson, the save button on a course, the
saved courses on /me/. Personal state only for a signed-in learner, so anonymous (shared, cached) pages get none."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

from core import learner_pages, markdown
from notebook import selectors
from notebook.forms import NoteForm

register = template.Library()


@register.simple_tag(takes_context=True)
def lesson_notes(context, lesson):
    """The learner's notes beside the player and the form to take one (``core.learner_pages``: their own part)."""
    return learner_pages.part(
        context["request"],
        lesson_notes_part,
        lesson_id=lesson.pk,
        lesson_slug=lesson.slug,
        course_slug=lesson.course.slug,
    )


def lesson_notes_part(fill, *, lesson_id, lesson_slug, course_slug):
    values = {"lesson_slug": lesson_slug, "course_slug": course_slug, "signed_in": fill.request.user.is_authenticated}
    if values["signed_in"]:
        start = fill.request.GET.get("t", "")
        values["notes"] = list(selectors.lesson_notes(learner=fill.request.user, lesson=lesson_id))
        values["form"] = NoteForm(initial={"second": int(start) if start.isdigit() else 0})
    return fill.render("notebook/includes/lesson_notes.html", values)


@register.simple_tag(takes_context=True)
def save_course_button(context, course, variant="card"):
    """The learner's save button on a course card or page: whether it shows "Saved" is theirs
    (``core.learner_pages``); anonymous visitors get none."""
    request = context["request"]
    if not request.user.is_authenticated:  # nothing personal on a page that may be shared
        return ""
    template = get_template("notebook/includes/save_button.html")

    def render(is_saved):
        return template.render({"course": course, "is_saved": is_saved, "variant": variant}, request)

    return learner_pages.flag(request, course.pk, saved_course_ids, render)


def saved_course_ids(fill):
    return selectors.saved_course_ids(learner=fill.request.user)


@register.simple_tag(takes_context=True)
def my_saved_courses(context):
    return list(selectors.saved_courses(learner=context["request"].user))


@register.filter
def note_html(body):
    """The note's Markdown, rendered and sanitized."""
    return mark_safe(markdown.render(body))  # sanitized by nh3
