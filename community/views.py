"""The discussion pages: a thread with its replies, the forms to ask, reply and edit, and the POST-only controls
(vote, accept, pin, close, flag, follow, delete). Every page works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from community import selectors, services
from community.forms import FlagForm, ReplyForm, ThreadEditForm, ThreadForm
from community.models import Reply, Thread
from courses import selectors as course_selectors
from courses.models import Lesson


def _placement_or_404(course_slug, lesson_slug):
    try:
        return course_selectors.lesson_detail(course_slug=course_slug, lesson_slug=lesson_slug)
    except Lesson.DoesNotExist:
        raise Http404 from None


def _thread_or_404(request, pk, *, alive=False):
    try:
        thread = selectors.thread_get(pk=pk, user=request.user)
    except Thread.DoesNotExist:
        raise Http404 from None
    if alive and thread.deleted_at is not None:
        raise Http404
    return thread


def _reply_or_404(request, pk):
    try:
        return selectors.reply_get(pk=pk, user=request.user)
    except Reply.DoesNotExist:
        raise Http404 from None


def _add_service_errors(form, error):
    for field, messages_ in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages_)


def _back(request, fallback):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@login_required
def thread_create(request, course_slug, lesson_slug):
    placement = _placement_or_404(course_slug, lesson_slug)
    form = ThreadForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(user=request.user, lesson=placement.lesson, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            thread.course = placement.course
            messages.success(request, _("Your post is up. Replies will show on this page."))
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "community/thread_form.html",
        {"form": form, "course": placement.course, "lesson": placement.lesson},
        status=400 if form.errors else 200,
    )


def thread_detail(request, course_slug, lesson_slug, pk):
    thread = _thread_or_404(request, pk)
    if (course_slug, lesson_slug) != (thread.course.slug, thread.lesson.slug):
        return redirect(thread.get_absolute_url(), permanent=True)
    return _thread_page(request, thread, reply_form=ReplyForm())


def _thread_page(request, thread, *, reply_form, status=200):
    replies = selectors.thread_replies(thread=thread, user=request.user)
    selectors.decorate(threads=[thread], replies=replies, user=request.user, course_id=thread.course_id)
    return render(
        request,
        "community/thread_detail.html",
        {
            "thread": thread,
            "replies": replies,
            "course": thread.course,
            "lesson": thread.lesson,
            "reply_form": reply_form,
            "flag_form": FlagForm(),
            "following": selectors.is_following(user=request.user, thread=thread),
            "can_accept": services.can_accept(request.user, thread.course_id),
            "is_moderator": services.is_moderator(request.user),
        },
        status=status,
    )


@login_required
@require_POST
def reply_create(request, pk):
    thread = _thread_or_404(request, pk, alive=True)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            reply = services.reply_create(user=request.user, thread=thread, body=form.cleaned_data["body"])
        except services.ThreadClosed:
            messages.error(request, _("This thread is closed; it takes no new replies."))
            return redirect(thread.get_absolute_url())
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return redirect(reply.get_absolute_url())
    return _thread_page(request, thread, reply_form=form, status=400)


@login_required
def thread_edit(request, pk):
    thread = _thread_or_404(request, pk, alive=True)
    if not services.can_edit(request.user, thread):
        raise Http404
    form = ThreadEditForm(request.POST or None, initial={"title": thread.title, "body": thread.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.thread_update(user=request.user, thread=thread, **form.cleaned_data)
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return redirect(thread.get_absolute_url())
    return render(
        request,
        "community/post_edit.html",
        {"form": form, "thread": thread, "course": thread.course, "lesson": thread.lesson},
        status=400 if form.errors else 200,
    )


@login_required
def reply_edit(request, pk):
    reply = _reply_or_404(request, pk)
    if not services.can_edit(request.user, reply):
        raise Http404
    form = ReplyForm(request.POST or None, initial={"body": reply.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.reply_update(user=request.user, reply=reply, body=form.cleaned_data["body"])
        except ValidationError as error:
            _add_service_errors(form, error)
        else:
            return redirect(reply.get_absolute_url())
    thread = reply.thread
    return render(
        request,
        "community/post_edit.html",
        {"form": form, "thread": thread, "reply": reply, "course": thread.course, "lesson": thread.lesson},
        status=400 if form.errors else 200,
    )


THREAD_ACTIONS = {"vote", "unvote", "pin", "unpin", "close", "open", "delete", "flag", "follow", "unfollow"}
REPLY_ACTIONS = {"vote", "unvote", "accept", "unaccept", "delete", "flag"}


@login_required
@require_POST
def thread_action(request, pk, action):
    if action not in THREAD_ACTIONS:
        raise Http404
    thread = _thread_or_404(request, pk, alive=action not in {"follow", "unfollow"})
    user = request.user
    if action in {"vote", "unvote"}:
        services.vote_set(user=user, post=thread, voted=action == "vote")
    elif action in {"pin", "unpin"}:
        services.thread_update(user=user, thread=thread, pinned=action == "pin")
    elif action in {"close", "open"}:
        services.thread_update(user=user, thread=thread, closed=action == "close")
    elif action in {"follow", "unfollow"}:
        services.follow_set(user=user, thread=thread, following=action == "follow")
        messages.success(
            request,
            _("You follow this thread.") if action == "follow" else _("You no longer follow this thread."),
        )
    elif action == "flag":
        _flag(request, thread)
    elif action == "delete":
        services.thread_delete(user=user, thread=thread)
        messages.success(request, _("The thread was deleted."))
        return redirect(f"{thread.lesson.get_absolute_url()}#discussion")
    return _back(request, thread.get_absolute_url())


@login_required
@require_POST
def reply_action(request, pk, action):
    if action not in REPLY_ACTIONS:
        raise Http404
    reply = _reply_or_404(request, pk)
    user = request.user
    if action in {"vote", "unvote"}:
        services.vote_set(user=user, post=reply, voted=action == "vote")
    elif action in {"accept", "unaccept"}:
        services.reply_accept(user=user, reply=reply, accepted=action == "accept")
    elif action == "flag":
        _flag(request, reply)
    elif action == "delete":
        services.reply_delete(user=user, reply=reply)
        messages.success(request, _("The reply was deleted."))
        return redirect(reply.thread.get_absolute_url())
    return _back(request, reply.get_absolute_url())


def _flag(request, post):
    form = FlagForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.flag_create(user=request.user, post=post, reason=reason)
    except services.AlreadyFlagged:
        messages.info(request, _("You already flagged this post."))
    else:
        messages.success(request, _("Thanks: a moderator will review it."))
