"""Resumable lesson video uploads: chunks through the app, or parts straight to the S3 bucket.

Each request of an upload is short (one chunk, one signature, the completion), so no upload holds a web worker
for long whatever the file's size. Once every byte is in, the video goes to the lesson through the catalog's one
entry point (``courses.services.lesson_video_upload``), which stores it and queues its processing.
"""

import logging
import re
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import services as course_services
from courses.models import Lesson
from uploads.models import UploadSession

logger = logging.getLogger(__name__)

EXTENSION = re.compile(r"^\.[a-z0-9]{1,5}$")
COPY_BUFFER = 1024 * 1024


class OffsetMismatch(Exception):
    """A chunk sent for another offset than the one the app holds; ``offset`` is the one to resume from."""

    def __init__(self, offset):
        super().__init__(offset)
        self.offset = offset


class UploadIncomplete(Exception):
    """Completion asked for before every byte (or part) arrived."""


def uses_s3():
    """Whether lesson videos live in an S3 bucket, so uploads go straight to it."""
    return hasattr(default_storage, "bucket_name") and hasattr(default_storage, "connection")


def temp_path(session):
    """Where a chunked upload's bytes wait: UPLOAD_TEMP_DIR, outside anything served as media."""
    return Path(settings.UPLOAD_TEMP_DIR) / f"{session.pk.hex}.part"


def _storage_name(filename):
    """``originals/<random>.<ext>``: the extension of the upload when it looks like one, never its name."""
    extension = Path(filename).suffix.lower()
    return f"originals/{uuid.uuid4().hex}{extension if EXTENSION.match(extension) else ''}"


def upload_create(*, lesson, user, filename, size):
    """Open an upload of ``size`` bytes for ``lesson``'s video; raises ValidationError for a size out of range."""
    if size < 1:
        raise ValidationError({"size": _("The file is empty.")})
    if size > settings.VIDEO_UPLOAD_MAX_BYTES:
        raise ValidationError(
            {"size": _("The file is larger than %(limit)s bytes.") % {"limit": settings.VIDEO_UPLOAD_MAX_BYTES}}
        )
    session = UploadSession(
        lesson=lesson, created_by=user, filename=filename[:255], size=size, storage_name=_storage_name(filename)
    )
    if uses_s3():
        client = _s3_client()
        answer = client.create_multipart_upload(
            Bucket=default_storage.bucket_name, Key=session.storage_name, ContentType="application/octet-stream"
        )
        session.s3_upload_id = answer["UploadId"]
    else:
        path = temp_path(session)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch()
    session.save()
    return session


def upload_for_user(*, upload_id, user):
    """The user's own upload of a lesson that still exists, or UploadSession.DoesNotExist."""
    return UploadSession.objects.select_related("lesson").get(
        pk=upload_id, created_by=user, lesson__in=Lesson.objects.all()
    )


def upload_write_chunk(*, session, offset, stream, length):
    """Append up to ``length`` bytes read from ``stream`` at ``offset``; returns the session with its new offset.

    ``offset`` must be the one the app holds (else OffsetMismatch, carrying it): a chunk sent twice, or two
    tabs sending the same file, never corrupt it. The row is locked while the chunk is written. A client that
    drops mid-chunk keeps what arrived: the next chunk resumes from there.
    """
    if length > settings.UPLOAD_CHUNK_SIZE:
        raise ValidationError(_("A chunk may have at most %(limit)s bytes.") % {"limit": settings.UPLOAD_CHUNK_SIZE})
    with transaction.atomic():
        session = UploadSession.objects.select_for_update().get(pk=session.pk)
        if session.is_s3:
            raise ValidationError(_("This upload goes straight to the bucket, in signed parts."))
        if offset != session.offset:
            raise OffsetMismatch(session.offset)
        if offset + length > session.size:
            raise ValidationError(_("The chunk goes past the size given when the upload was created."))
        written = 0
        try:
            with temp_path(session).open("r+b") as target:
                target.seek(offset)
                while written < length:
                    block = stream.read(min(COPY_BUFFER, length - written))
                    if not block:
                        break
                    target.write(block)
                    written += len(block)
        except OSError:
            logger.info("Upload %s: chunk cut short after %s bytes", session.pk, written)
        session.offset = offset + written
        session.save(update_fields=["offset", "updated_at"])
    return session


class _TemporaryFile(File):
    """An upload's finished file: FileSystemStorage moves it into place instead of copying it."""

    def temporary_file_path(self):
        return self.file.name


def upload_complete(*, session):
    """Hand the finished file to the lesson (stored, processing queued) and forget the upload; returns the lesson.

    Raises UploadIncomplete while bytes or parts are missing, and lets the video service's ValidationError
    (a file it refuses) through.
    """
    try:
        with transaction.atomic():
            session = UploadSession.objects.select_for_update().select_related("lesson").get(pk=session.pk)
            lesson = _s3_complete(session) if session.is_s3 else _chunked_complete(session)
            session.delete()
    except ValidationError:
        upload_abandon(session=session)  # refused by its content: sending it again would not help
        raise
    return lesson


def _chunked_complete(session):
    if session.offset < session.size:
        raise UploadIncomplete()
    path = temp_path(session)
    with path.open("r+b") as file:
        file.truncate(session.size)
    with path.open("rb") as file:
        upload = _TemporaryFile(file, name=session.storage_name)
        lesson = course_services.lesson_video_upload(lesson=session.lesson, file=upload)
    path.unlink(missing_ok=True)
    return lesson


def upload_abandon(*, session):
    """Delete an upload and whatever of it arrived."""
    if session.is_s3:
        _s3_abort(session)
    else:
        temp_path(session).unlink(missing_ok=True)
    session.delete()


def uploads_abandoned_delete(*, now=None):
    """Delete uploads untouched for UPLOAD_ABANDON_SECONDS (the periodic task), with their bytes; returns how many."""
    before = (now or timezone.now()) - timedelta(seconds=settings.UPLOAD_ABANDON_SECONDS)
    count = 0
    for session in UploadSession.objects.filter(updated_at__lt=before).order_by("pk")[:500]:
        try:
            upload_abandon(session=session)
        except Exception:
            logger.exception("Upload %s could not be deleted", session.pk)
            continue
        count += 1
    return count


# --- S3 multipart -------------------------------------------------------------------------------------------


def _s3_client():
    return default_storage.connection.meta.client


def s3_part_count(session):
    return max(1, -(-session.size // settings.UPLOAD_S3_PART_SIZE))


def s3_part_url(*, session, part_number):
    """A short-lived URL the browser PUTs part ``part_number`` (1-based) to, straight to the bucket."""
    if not session.is_s3:
        raise ValidationError(_("This upload goes through the app, in chunks."))
    if not 1 <= part_number <= s3_part_count(session):
        raise ValidationError({"part_number": _("No such part in this upload.")})
    UploadSession.objects.filter(pk=session.pk).update(updated_at=timezone.now())
    return _s3_client().generate_presigned_url(
        "upload_part",
        Params={
            "Bucket": default_storage.bucket_name,
            "Key": session.storage_name,
            "UploadId": session.s3_upload_id,
            "PartNumber": part_number,
        },
        ExpiresIn=settings.UPLOAD_S3_URL_SECONDS,
    )


def s3_parts_done(session):
    """The parts the bucket holds, as ``[{"part_number", "size", "etag"}]`` in order (to resume from)."""
    client = _s3_client()
    parts, marker = [], 0
    while True:
        answer = client.list_parts(
            Bucket=default_storage.bucket_name,
            Key=session.storage_name,
            UploadId=session.s3_upload_id,
            PartNumberMarker=marker,
        )
        parts += [
            {"part_number": part["PartNumber"], "size": part["Size"], "etag": part["ETag"]}
            for part in answer.get("Parts", [])
        ]
        if not answer.get("IsTruncated"):
            return parts
        marker = answer["NextPartNumberMarker"]


def _s3_complete(session):
    parts = s3_parts_done(session)
    if [part["part_number"] for part in parts] != list(range(1, s3_part_count(session) + 1)):
        raise UploadIncomplete()
    if sum(part["size"] for part in parts) != session.size:
        raise UploadIncomplete()
    _s3_client().complete_multipart_upload(
        Bucket=default_storage.bucket_name,
        Key=session.storage_name,
        UploadId=session.s3_upload_id,
        MultipartUpload={"Parts": [{"PartNumber": p["part_number"], "ETag": p["etag"]} for p in parts]},
    )
    # The object is already in the bucket: the video service makes it the lesson's original and starts the job.
    return course_services.lesson_video_accept(lesson=session.lesson, name=session.storage_name)


def _s3_abort(session):
    try:
        _s3_client().abort_multipart_upload(
            Bucket=default_storage.bucket_name, Key=session.storage_name, UploadId=session.s3_upload_id
        )
    except Exception as error:  # already completed or aborted: nothing left to delete
        if "NoSuchUpload" not in str(error):
            raise
