"""Abstract bases shared by the content models of every app."""

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import public_cache
from core.translation import TranslatedQuerySet


def alive_unique(*fields, name):
    """Unique among rows that are not soft-deleted: a deleted course frees its slug."""
    return models.UniqueConstraint(
        fields=list(fields),
        condition=models.Q(deleted_at__isnull=True),
        name=name,
        violation_error_code="unique",
        violation_error_message=_("This value is already in use."),
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class SoftDeleteQuerySet(TranslatedQuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)

    def soft_delete(self):
        return self.update(deleted_at=timezone.now(), updated_at=timezone.now())

    def restore(self):
        return self.update(deleted_at=None, updated_at=timezone.now())

    def update(self, **values):
        """``update`` sends no signal, so the rows of a model that is public content (``public_cache.watch``)
        say themselves which public answers changed, whichever service or action updates them: in one
        transaction, the rows are read, updated, and their keys moved after the UPDATE, once
        inside the transaction and again when it commits (never before the write: a read between the move and
        the write would store the old rows as fresh)."""
        if not public_cache.is_watched(self.model):
            return super().update(**values)
        with transaction.atomic(using=self.db):
            rows = list(self.order_by()[: public_cache.MANY_ROWS + 1])
            count = super().update(**values)
            keys = public_cache.keys_for(self.model, rows, tuple(values))
            public_cache.changed(*(keys if count == len(rows) else (public_cache.ALL,)))
        return count


class AliveManager(models.Manager.from_queryset(SoftDeleteQuerySet)):
    """The default manager: soft-deleted rows are invisible."""

    def get_queryset(self):
        return super().get_queryset().alive()


AllObjectsManager = models.Manager.from_queryset(SoftDeleteQuerySet)


class SoftDeleteModel(TimeStampedModel):
    """Content that is hidden rather than removed, so staff can restore it."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False, db_index=True)

    objects = AliveManager()
    all_objects = AllObjectsManager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def soft_delete(self):
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])

    def restore(self):
        self.deleted_at = None
        self.save(update_fields=["deleted_at", "updated_at"])


class Counter(models.Model):
    """A counter of ``core.counters`` when the cache is the database's table: there the count is an integer that
    one SQL statement adds to, where a cache entry is a pickle that only a read and a write could change. The
    window is set when the row is made and never moved; an ended row counts as missing."""

    key = models.CharField(primary_key=True, max_length=255)
    value = models.BigIntegerField()
    expires = models.FloatField(null=True, db_index=True)  # seconds since the epoch; NULL: never

    class Meta:
        db_table = "core_counter"

    def __str__(self):
        return f"{self.key} = {self.value}"


class WorkerHeartbeat(models.Model):
    """When each Celery worker last said it was alive (platziflix.celery.Heartbeat); /health/ready reads it.

    In the database because it is the one store every process shares in every set-up: `make run`'s worker and
    runserver share the SQLite file, but not a local-memory cache.
    """

    hostname = models.CharField(_("worker"), max_length=255, unique=True)
    seen_at = models.DateTimeField(_("seen at"), db_index=True)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.hostname
