"""Resumable uploads of lesson videos: one row per file being sent, deleted once it is complete or abandoned."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UploadSession(models.Model):
    """A lesson video on its way in, in chunks through the app or in parts straight to the S3 bucket.

    ``offset`` is how many bytes the app holds (chunked mode); ``s3_upload_id`` is the bucket's multipart upload
    (S3 mode), whose parts the bucket itself keeps. ``storage_name`` is generated, never taken from the upload.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    lesson = models.ForeignKey("courses.Lesson", on_delete=models.CASCADE, related_name="+", verbose_name=_("lesson"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("created by")
    )
    filename = models.CharField(_("file name"), max_length=255)
    size = models.BigIntegerField(_("size in bytes"))
    offset = models.BigIntegerField(_("bytes received"), default=0)
    storage_name = models.CharField(_("stored name"), max_length=255)
    s3_upload_id = models.CharField(_("S3 multipart upload"), max_length=1024, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self):
        return f"{self.filename} ({self.offset}/{self.size})"

    @property
    def is_s3(self):
        return bool(self.s3_upload_id)
