"""What the notebook adds to pages other apps own: the notes beside a lesson, the save button on a course, the
saved courses on /me/. Personal state only for a signed-in learner, so anonymous (shared, cached) pages get none."""

from django import template
from django.utils.safestring import mark_safe

from core import markdown
from notebook import selectors
from notebook.forms import NoteForm

register = template.Library()


@register.inclusion_tag("notebook/includes/lesson_notes.html", takes_context=True)
def lesson_notes(context, lesson):
    request = context["request"]
    user = request.user
    if not user.is_authenticated:
        return {"signed_in": False, "request": request, "lesson": lesson}
    start = request.GET.get("t", "")
    return {
        "signed_in": True,
        "request": request,
        "lesson": lesson,
        "notes": list(selectors.lesson_notes(learner=user, lesson=lesson)),
        "form": NoteForm(initial={"second": int(start) if start.isdigit() else 0}),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("notebook/includes/save_button.html", takes_context=True)
def save_course_button(context, course, variant="card"):
    saved = context.get("saved_courses")
    if saved is None:  # anonymous: nothing personal on a page that may be shared
        return {"show": False}
    return {
        "show": True,
        "course": course,
        "is_saved": course.pk in saved.ids,
        "variant": variant,
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def my_saved_courses(context):
    return list(selectors.saved_courses(learner=context["request"].user))


@register.filter
def note_html(body):
    """The note's Markdown, rendered and sanitized."""
    return mark_safe(markdown.render(body))  # sanitized by nh3
