"""The learner's notebook pages and forms, all working without JavaScript: notes (add from the lesson page, list,
edit, delete, export as Markdown) and saving courses."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from courses import selectors as catalog
from courses.models import Course, Lesson
from notebook import selectors, services
from notebook.forms import NoteForm
from notebook.models import Note


def _lesson_or_404(course_slug, lesson_slug):
    try:
        return catalog.lesson_detail(course_slug=course_slug, lesson_slug=lesson_slug).lesson
    except Lesson.DoesNotExist:
        raise Http404 from None


def _note_or_404(request, pk):
    try:
        return selectors.note_get(learner=request.user, pk=pk)
    except Note.DoesNotExist:
        raise Http404 from None


def _first_error(error):
    return next(iter(error.message_dict.values()))[0] if hasattr(error, "message_dict") else error.messages[0]


@login_required
@require_POST
def note_create(request, course_slug, lesson_slug):
    """The lesson page's note form: saves the note at its second and goes back to that moment of the lesson."""
    lesson = _lesson_or_404(course_slug, lesson_slug)
    form = NoteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
        return redirect(f"{lesson.get_absolute_url()}#notes")
    try:
        note = services.note_create(learner=request.user, lesson=lesson, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect(f"{lesson.get_absolute_url()}#notes")
    messages.success(request, gettext("Note saved."))
    return redirect(f"{note.get_absolute_url()}#note-{note.pk}")


@login_required
def note_list(request):
    return render(request, "notebook/note_list.html", {"notes": selectors.learner_notes(learner=request.user)})


@login_required
def notes_export(request):
    """All the learner's notes as a Markdown file to download."""
    response = HttpResponse(selectors.notes_markdown(learner=request.user), content_type="text/markdown; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="platziflix-notes.md"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request, pk):
    note = _note_or_404(request, pk)
    form = NoteForm(request.POST or None, initial={"second": note.second, "body": note.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.note_update(note=note, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, gettext("Note saved."))
            return redirect(_back(request, "notebook:notes"))
    return render(request, "notebook/note_edit.html", {"note": note, "form": form, "next": _back(request, "")})


@login_required
@require_POST
def note_delete(request, pk):
    services.note_delete(note=_note_or_404(request, pk))
    messages.success(request, gettext("Note deleted."))
    return redirect(_back(request, "notebook:notes"))


def _back(request, default):
    """The page the form came from (``next``, on this site only), else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _course_or_404(slug):
    try:
        return catalog.course_get_published(slug=slug)
    except Course.DoesNotExist:
        raise Http404 from None


@login_required
@require_POST
def course_save(request, slug):
    course = _course_or_404(slug)
    services.course_save(learner=request.user, course=course)
    messages.success(request, gettext("“%(course)s” is in your saved courses.") % {"course": course.name})
    return redirect(_back(request, course.get_absolute_url()))


@login_required
@require_POST
def course_unsave(request, slug):
    course = _course_or_404(slug)
    services.course_unsave(learner=request.user, course=course)
    messages.success(request, gettext("“%(course)s” is no longer in your saved courses.") % {"course": course.name})
    return redirect(_back(request, course.get_absolute_url()))
