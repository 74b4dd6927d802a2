"""Discussions under the lessons: threads (questions and contributions), one level of replies, votes, flags,
follows, and the log of what moderators did.

Stored counts (``votes``, ``replies_count``, ``open_flags``) move in the same transaction as the rows they count,
with ``F()`` updates, so concurrent writers never lose one (``community.services``)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import SoftDeleteModel


class Post(SoftDeleteModel):
    """What threads and replies share: an author, a Markdown body and what is known about it."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("body"), help_text=_("Markdown. Raw HTML is not allowed."))
    body_html = models.TextField(_("rendered body"), editable=False)
    votes = models.PositiveIntegerField(_("votes"), default=0, editable=False)
    open_flags = models.PositiveIntegerField(
        _("open flags"), default=0, editable=False, help_text=_("Flags not reviewed yet. Three hide the post.")
    )
    hidden_at = models.DateTimeField(
        _("hidden at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Hidden from learners: by three flags until review, or by a moderator."),
    )
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_hidden(self):
        return self.hidden_at is not None


class Thread(Post):
    class Kind(models.TextChoices):
        QUESTION = "question", _("Question")
        CONTRIBUTION = "contribution", _("Contribution")

    lesson = models.ForeignKey("courses.Lesson", on_delete=models.CASCADE, related_name="threads")
    course = models.ForeignKey(
        "courses.Course", on_delete=models.CASCADE, related_name="threads", editable=False
    )  # the lesson's, kept here so a course's threads are searched without a join
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.QUESTION)
    title = models.CharField(_("title"), max_length=160)
    video_second = models.PositiveIntegerField(_("second of the video"), null=True, blank=True)
    pinned = models.BooleanField(_("pinned"), default=False)
    closed = models.BooleanField(_("closed"), default=False, help_text=_("A closed thread takes no new replies."))
    replies_count = models.PositiveIntegerField(_("replies"), default=0, editable=False)
    accepted_reply = models.OneToOneField(
        "community.Reply", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )

    class Meta:
        verbose_name = _("thread")
        verbose_name_plural = _("threads")
        indexes = [
            models.Index(fields=["lesson", "-pinned", "-votes", "-created_at"], name="community_thread_by_votes"),
            models.Index(fields=["lesson", "-pinned", "-created_at"], name="community_thread_newest"),
            models.Index(fields=["course", "-created_at"], name="community_thread_course"),
        ]

    def __str__(self):
        return self.title

    @property
    def answered(self):
        return self.accepted_reply_id is not None

    def get_absolute_url(self):
        return reverse(
            "community:thread",
            kwargs={"course_slug": self.course.slug, "lesson_slug": self.lesson.slug, "pk": self.pk},
        )


class Reply(Post):
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="replies")

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [models.Index(fields=["thread", "created_at"], name="community_reply_thread")]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.thread.get_absolute_url()}#reply-{self.pk}"


def _one_post(name):
    """Exactly one of ``thread`` and ``reply`` is set."""
    return models.CheckConstraint(
        condition=models.Q(thread__isnull=False, reply__isnull=True)
        | models.Q(thread__isnull=True, reply__isnull=False),
        name=name,
    )


class Vote(models.Model):
    """One learner's vote on a thread or a reply; taking it back deletes the row."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            _one_post("community_vote_one_post"),
            models.UniqueConstraint(
                fields=["thread", "user"], condition=models.Q(thread__isnull=False), name="community_vote_thread_once"
            ),
            models.UniqueConstraint(
                fields=["reply", "user"], condition=models.Q(reply__isnull=False), name="community_vote_reply_once"
            ),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.thread_id or self.reply_id}"


class Flag(models.Model):
    """A learner's report of a post, once per learner and post."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="flags")
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="flags")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        constraints = [
            _one_post("community_flag_one_post"),
            models.UniqueConstraint(
                fields=["thread", "user"], condition=models.Q(thread__isnull=False), name="community_flag_thread_once"
            ),
            models.UniqueConstraint(
                fields=["reply", "user"], condition=models.Q(reply__isnull=False), name="community_flag_reply_once"
            ),
        ]

    def __str__(self):
        return self.reason or str(_("(no reason given)"))


class Follow(models.Model):
    """A learner follows a thread: replies in it notify them. Posting or replying follows it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["thread", "user"], name="community_follow_once")]

    def __str__(self):
        return f"{self.user_id} → {self.thread_id}"


class ModerationLog(models.Model):
    class Action(models.TextChoices):
        HIDE = "hide", _("Hidden")
        RESTORE = "restore", _("Restored")
        DISMISS = "dismiss", _("Flags dismissed")

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("moderator")
    )
    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        ordering = ["-created_at"]
        constraints = [_one_post("community_moderation_one_post")]

    def __str__(self):
        return f"{self.get_action_display()}: {self.thread or self.reply}"
