from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something happened in a discussion thread the recipient takes part in.

    `thread_id` is a plain integer, not a foreign key: the community app depends on notifications, never the
    reverse. The title and url are snapshots taken when the notification is made, so the list needs no join.
    """

    class Kind(models.TextChoices):
        REPLY = "reply", _("New reply to your thread")
        ACCEPTED = "accepted", _("Your answer was accepted")
        FOLLOWED_REPLY = "followed_reply", _("New reply in a thread you follow")

    TITLE_MAX_LENGTH = 300

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        help_text=_("Who did it; empty when the account was deleted."),
    )
    thread_id = models.PositiveIntegerField(_("thread"), db_index=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    url = models.CharField(_("link"), max_length=500)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The list: a learner's notifications, newest first.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list_idx"),
            # The bell: a learner's unread count, from a small partial index.
            models.Index(
                fields=["recipient"], condition=models.Q(read_at__isnull=True), name="notification_unread_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient_id}: {self.title}"

    @property
    def is_read(self):
        return self.read_at is not None
