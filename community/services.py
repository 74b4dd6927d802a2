"""Writes of the community: threads, replies, votes, accepted answers, flags, follows and moderation.

Every rule is checked here, for the pages, the API and the admin alike. A write that changes what a lesson's
page shows ends the cached page of that lesson only (``public_cache.lesson_key``)."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, F, When
from django.utils import timezone
from django.utils.translation import gettext as _

from community.models import Flag, Follow, ModerationLog, Reply, Thread, Vote
from community.selectors import discussions_key
from core import markdown, public_cache, ratelimit
from notifications.services import notify
from teachers.selectors import teaches

TITLE_MAX = 160
BODY_MAX = 10_000
FLAGS_TO_HIDE = 3


class ThreadClosed(Exception):
    """The thread takes no new replies (the API answers 409)."""


class AlreadyFlagged(Exception):
    """The learner flagged this post before (once per learner; the API answers 409)."""


def is_moderator(user):
    return user.is_authenticated and user.is_staff_member


def can_accept(user, course_id):
    """Staff, and the teachers of the course, mark accepted answers."""
    return is_moderator(user) or teaches(user, course_id)


def can_edit(user, post):
    return user.is_authenticated and (post.author_id == user.pk or is_moderator(user))


def _changed(thread):
    """The lesson's page and discussion, and the searches over its course's threads, show something new."""
    public_cache.changed(public_cache.lesson_key(thread.lesson_id), discussions_key(thread.course_id))


def _clean_body(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": [_("Write something.")]})
    if len(body) > BODY_MAX:
        raise ValidationError({"body": [_("Keep it under %(max)d characters.") % {"max": BODY_MAX}]})
    return body


def _clean_title(title):
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": [_("Give your post a title.")]})
    if len(title) > TITLE_MAX:
        raise ValidationError({"title": [_("Keep the title under %(max)d characters.") % {"max": TITLE_MAX}]})
    return title


def _check_links(user, *texts):
    """Accounts younger than ``COMMUNITY_LINKS_AFTER_SECONDS`` post no links."""
    young = timezone.now() - user.date_joined < timedelta(seconds=settings.COMMUNITY_LINKS_AFTER_SECONDS)
    if young and any(markdown.has_link(text) for text in texts):
        raise ValidationError({"body": [_("New accounts can't post links yet; try again in a few minutes.")]})


def _reserve(user, scope, body):
    """The learner's place in the hourly limit of ``scope`` and for this body this minute, or ``RateLimited``."""
    digest = hashlib.sha256(body.encode()).hexdigest()
    ratelimit.reserve_all(
        [(ratelimit.limit(scope), user.pk), (ratelimit.limit("community_same_body"), f"{user.pk}:{digest}")]
    )


def _follow(user, thread):
    Follow.objects.get_or_create(user=user, thread=thread)


def notify_after_commit(*, recipients, kind, actor, thread):
    """THE call site of the notifications (``notifications.services.notify``), run once the write commits."""
    recipients = [user for user in recipients if user.pk != actor.pk]
    if not recipients:
        return
    url = thread.get_absolute_url()
    title = thread.title

    transaction.on_commit(
        lambda: notify(recipients=recipients, kind=kind, actor=actor, thread_id=thread.pk, title=title, url=url)
    )


@transaction.atomic
def thread_create(*, user, lesson, kind, title, body, video_second=None):
    title, body = _clean_title(title), _clean_body(body)
    if kind not in Thread.Kind.values:
        raise ValidationError({"kind": [_("Choose a question or a contribution.")]})
    if video_second is not None and lesson.duration_seconds and video_second > lesson.duration_seconds:
        raise ValidationError({"video_second": [_("The video is not that long.")]})
    _check_links(user, title, body)
    _reserve(user, "community_threads", body)
    thread = Thread.objects.create(
        lesson=lesson,
        course_id=lesson.course_id,
        author=user,
        kind=kind,
        title=title,
        body=body,
        body_html=markdown.render(body),
        video_second=video_second,
    )
    thread.lesson = lesson
    _follow(user, thread)
    _changed(thread)
    return thread


@transaction.atomic
def thread_update(*, user, thread, title=None, body=None, pinned=None, closed=None):
    if not can_edit(user, thread):
        raise PermissionDenied(_("Only the author or staff can change this post."))
    if (pinned is not None or closed is not None) and not is_moderator(user):
        raise PermissionDenied(_("Only staff can pin or close a thread."))
    fields = []
    if title is not None or body is not None:
        if title is not None:
            thread.title = _clean_title(title)
        if body is not None:
            thread.body = _clean_body(body)
            thread.body_html = markdown.render(thread.body)
        _check_links(user, thread.title, thread.body)
        thread.edited_at = timezone.now()
        fields += ["title", "body", "body_html", "edited_at"]
    if pinned is not None:
        thread.pinned = pinned
        fields.append("pinned")
    if closed is not None:
        thread.closed = closed
        fields.append("closed")
    if fields:
        thread.save(update_fields=[*fields, "updated_at"])
        _changed(thread)
    return thread


@transaction.atomic
def thread_delete(*, user, thread):
    """Soft delete: a thread with replies keeps them and shows as deleted."""
    if not can_edit(user, thread):
        raise PermissionDenied(_("Only the author or staff can delete this post."))
    thread.soft_delete()
    _changed(thread)


@transaction.atomic
def reply_create(*, user, thread, body):
    body = _clean_body(body)
    locked = Thread.objects.select_for_update().get(pk=thread.pk)
    if locked.closed:
        raise ThreadClosed(_("This thread is closed."))
    _check_links(user, body)
    _reserve(user, "community_replies", body)
    reply = Reply.objects.create(thread=thread, author=user, body=body, body_html=markdown.render(body))
    reply.thread = thread
    Thread.objects.filter(pk=thread.pk).update(replies_count=F("replies_count") + 1)
    # The thread's author hears of a reply to their thread, the other followers of a reply in a thread they
    # follow; whoever unfollowed (the author too) hears nothing.
    following = Follow.objects.filter(thread=thread).values("user_id")
    followers = list(get_user_model().objects.filter(pk__in=following))
    notify_after_commit(
        recipients=[follower for follower in followers if follower.pk == thread.author_id],
        kind="reply",
        actor=user,
        thread=thread,
    )
    notify_after_commit(
        recipients=[follower for follower in followers if follower.pk != thread.author_id],
        kind="followed_reply",
        actor=user,
        thread=thread,
    )
    _follow(user, thread)
    _changed(thread)
    return reply


@transaction.atomic
def reply_update(*, user, reply, body):
    if not can_edit(user, reply):
        raise PermissionDenied(_("Only the author or staff can change this post."))
    reply.body = _clean_body(body)
    _check_links(user, reply.body)
    reply.body_html = markdown.render(reply.body)
    reply.edited_at = timezone.now()
    reply.save(update_fields=["body", "body_html", "edited_at", "updated_at"])
    _changed(reply.thread)
    return reply


@transaction.atomic
def reply_delete(*, user, reply):
    if not can_edit(user, reply):
        raise PermissionDenied(_("Only the author or staff can delete this post."))
    thread = reply.thread
    reply.soft_delete()
    Thread.objects.filter(pk=thread.pk).update(replies_count=F("replies_count") - 1)
    Thread.all_objects.filter(pk=thread.pk, accepted_reply=reply).update(accepted_reply=None)
    _changed(thread)


def _post_model_and_field(post):
    return (Thread, "thread") if isinstance(post, Thread) else (Reply, "reply")


def vote_set(*, user, post, voted):
    """Gives (``voted``) or takes back the learner's vote; idempotent. Returns the post's new vote count.

    The vote row and the count move in one transaction: the unique constraint lets one row per learner exist,
    and only the statement that inserted or deleted a row moves the count, with ``F()`` so concurrent voters
    add up."""
    model, field = _post_model_and_field(post)
    with transaction.atomic():
        if voted:
            try:
                with transaction.atomic():
                    Vote.objects.create(user=user, **{field: post})
                moved = 1
            except IntegrityError:
                moved = 0
        else:
            deleted, _by_model = Vote.objects.filter(user=user, **{field: post}).delete()
            moved = -deleted
        if moved:
            model.all_objects.filter(pk=post.pk).update(votes=F("votes") + moved)
        post.votes = model.all_objects.values_list("votes", flat=True).get(pk=post.pk)
        _changed(post if model is Thread else post.thread)
    return post.votes


@transaction.atomic
def reply_accept(*, user, reply, accepted):
    """Marks (or unmarks) the accepted answer of the reply's thread: staff and the course's teachers."""
    thread = Thread.all_objects.select_for_update().get(pk=reply.thread_id)
    if not can_accept(user, thread.course_id):
        raise PermissionDenied(_("Only staff and the course's teachers can accept an answer."))
    if accepted and thread.accepted_reply_id != reply.pk:
        thread.accepted_reply = reply
        thread.save(update_fields=["accepted_reply", "updated_at"])
        notify_after_commit(recipients=[thread.author], kind="accepted", actor=user, thread=thread)
    elif not accepted and thread.accepted_reply_id == reply.pk:
        thread.accepted_reply = None
        thread.save(update_fields=["accepted_reply", "updated_at"])
    reply.thread = thread
    _changed(thread)
    return thread


def flag_create(*, user, post, reason=""):
    """A learner reports a post, once. The third open flag from different learners hides it until review."""
    model, field = _post_model_and_field(post)
    with transaction.atomic():
        try:
            with transaction.atomic():
                Flag.objects.create(user=user, reason=(reason or "").strip()[:300], **{field: post})
        except IntegrityError:
            raise AlreadyFlagged(_("You already flagged this post.")) from None
        model.all_objects.filter(pk=post.pk).update(
            open_flags=F("open_flags") + 1,
            hidden_at=Case(
                When(open_flags__gte=FLAGS_TO_HIDE - 1, hidden_at__isnull=True, then=timezone.now()),
                default=F("hidden_at"),
            ),
        )
        _changed(post if model is Thread else post.thread)


def follow_set(*, user, thread, following):
    if following:
        _follow(user, thread)
    else:
        Follow.objects.filter(user=user, thread=thread).delete()
    return following


@transaction.atomic
def moderate(*, moderator, post, action, reason=""):
    """Staff hide, restore or dismiss the flags of a post; each decision is logged with who and why."""
    if not is_moderator(moderator):
        raise PermissionDenied(_("Only staff moderate posts."))
    model, field = _post_model_and_field(post)
    now = timezone.now()
    if action == ModerationLog.Action.HIDE:
        values = {"hidden_at": post.hidden_at or now}
    elif action in (ModerationLog.Action.RESTORE, ModerationLog.Action.DISMISS):
        values = {"hidden_at": None}
    else:
        raise ValueError(action)
    model.all_objects.filter(pk=post.pk).update(open_flags=0, **values)
    Flag.objects.filter(resolved_at__isnull=True, **{field: post}).update(resolved_at=now)
    ModerationLog.objects.create(moderator=moderator, action=action, reason=reason[:300], **{field: post})
    _changed(post if model is Thread else post.thread)
