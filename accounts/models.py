import hashlib
from functools import cached_property

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

TEACHERS_GROUP = "Teachers"


class User(AbstractUser):
    """Platziflix's user: Django's username, email and password, ours to extend."""

    email_notifications = models.BooleanField(
        _("e-mail notifications"),
        default=True,
        db_default=True,  # rows written by raw SQL (seed_scale) or by older migrations' models get it too
        help_text=_("Send an e-mail when someone replies in a discussion the learner takes part in."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def display_name(self):
        return self.get_full_name() or self.username

    @cached_property
    def is_teacher_account(self):
        """An account that signs in to the admin only to run its own courses: a member of the "Teachers" group."""
        return self.is_authenticated and self.groups.filter(name=TEACHERS_GROUP).exists()

    @property
    def is_staff_member(self):
        """Staff who run the whole site (moderation, publication, every course's analytics): active staff who are
        not teacher-only accounts. A staff member who also teaches keeps these powers."""
        return self.is_active and self.is_staff and (self.is_superuser or not self.is_teacher_account)


def api_key_digest(raw_key):
    """Keys are long random strings, so a plain SHA-256 is enough to store them safely and find them fast."""
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKey(models.Model):
    """A trusted server client (e.g. the original Next.js site): reads the public catalog at its own rate.

    Only a SHA-256 digest of the key is stored; the key itself is shown once, when staff create it.
    """

    DEFAULT_REQUESTS_PER_MINUTE = 10_000

    name = models.CharField(_("name"), max_length=100, help_text=_("Who uses it, e.g. “Next.js site, production”."))
    prefix = models.CharField(
        _("prefix"), max_length=12, editable=False, help_text=_("The key's first characters, to recognise it.")
    )
    key_hash = models.CharField(_("key digest"), max_length=64, unique=True, editable=False)
    requests_per_minute = models.PositiveIntegerField(
        _("requests per minute"),
        default=DEFAULT_REQUESTS_PER_MINUTE,
        validators=[MinValueValidator(1)],
        help_text=_("Requests above this rate answer 429 until the minute is over."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(
        _("revoked at"), null=True, blank=True, editable=False, help_text=_("A revoked key is refused at once.")
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        constraints = [
            models.CheckConstraint(condition=models.Q(requests_per_minute__gte=1), name="api_key_rate_positive"),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self):
        return self.revoked_at is None
