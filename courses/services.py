"""Catalog writes with business rules. Pages, the API, the admin and the tasks all call these."""

import contextlib
import logging
import math
import shutil
import tempfile
import threading
import uuid
from datetime import timedelta
from decimal import Decimal
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, connections, models, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop
from kombu.exceptions import OperationalError as KombuOperationalError

from courses import metrics, signals
from courses.media import processing, webvtt
from courses.models import Caption, CaptionCue, Course, Lesson, SupersededMedia

logger = logging.getLogger(__name__)


def course_publication_date(*, status, published_at):
    """Publishing without a date publishes now; any other date stays as given (a future one schedules)."""
    if status == Course.Status.PUBLISHED and published_at is None:
        return timezone.now()
    return published_at


def course_changes_check(*, user, course, changes):
    """Refuse (``PermissionDenied``) the changes to ``course`` (None: a new one) that ``user`` may not make.

    Publishing, unpublishing and scheduling need ``courses.publish_course``: without it, the status only moves
    between draft and "Ready for review", and the publication date stays as it is. Who teaches a course is a
    staff member's call; a teacher account may only name itself on a course it creates.
    """
    if not user.has_perm("courses.publish_course"):
        status, published_at = (course.status, course.published_at) if course else (Course.Status.DRAFT, None)
        new_status = changes.get("status", status)
        if new_status != status and Course.Status.PUBLISHED in (new_status, status):
            raise PermissionDenied(gettext("Only staff who publish courses can publish or unpublish one."))
        if changes.get("published_at", published_at) != published_at:
            raise PermissionDenied(gettext("Only staff who publish courses can set the publication date."))
    if "teachers" in changes and not user.is_staff_member:
        named = set(changes["teachers"])
        allowed = named == set(course.teachers.all()) if course else named <= {getattr(user, "teacher", None)}
        if not allowed:
            raise PermissionDenied(gettext("Only staff can change who teaches a course."))


@transaction.atomic
def courses_publish(*, courses):
    now = timezone.now()
    courses.filter(published_at__isnull=True).update(published_at=now)
    return courses.update(status=Course.Status.PUBLISHED, updated_at=now)


@transaction.atomic
def courses_unpublish(*, courses):
    return courses.update(status=Course.Status.DRAFT, updated_at=timezone.now())


# --- lesson video and captions -------------------------------------------------------------------------------

# Errors worth retrying: the storage or the database did not answer. Anything else is the file's fault or a bug.
TRANSIENT_ERRORS = (OSError, DatabaseError)


def lesson_video_upload(*, lesson, file):
    """Keep ``file`` as the lesson's original video (under a generated name) and start its processing job.

    Raises ValidationError when the file can be told in time not to be a video (FFmpeg finds no video stream);
    a file that takes longer to tell is left to the job, which ends failed with a reason.
    """
    video_upload_check(file)
    original = lesson.video_file
    name = original.storage.save(original.field.generate_filename(lesson, Path(file.name or "video").name), file)
    return lesson_video_accept(lesson=lesson, name=name)


def lesson_video_accept(*, lesson, name):
    """An original video is stored under ``name`` in the lesson's video storage: make it the lesson's video and
    start its processing job. The one entry point after any upload completes (form, API, chunked or direct to
    the bucket). The replaced original is deleted after the grace period."""
    with transaction.atomic():
        lesson = Lesson.all_objects.select_for_update().get(pk=lesson.pk)
        if lesson.video_file.name and lesson.video_file.name != name:
            media_supersede(name=lesson.video_file.name)
        lesson.video_file.name = name
        lesson.video_url = ""
        _job_start(lesson)
        lesson.save(update_fields=[*VIDEO_STATE_FIELDS, "video_file", "video_url", "updated_at"])
    return lesson


def video_upload_check(file):
    """Raise ValidationError if FFmpeg can tell quickly that ``file`` (an upload) holds no video stream."""
    try:
        path = file.temporary_file_path()
    except AttributeError:
        path = None
    with contextlib.ExitStack() as stack:
        if path is None:
            scratch = stack.enter_context(tempfile.NamedTemporaryFile(prefix="platziflix-upload-"))
            file.seek(0)
            shutil.copyfileobj(file, scratch, length=1024 * 1024)
            scratch.flush()
            file.seek(0)
            path = scratch.name
        try:
            processing.check_video(path, timeout=settings.VIDEO_UPLOAD_CHECK_SECONDS)
        except processing.VideoError as error:
            raise ValidationError(gettext(error.message), code="not_a_video") from error


def lesson_video_changed(*, lesson, previous_name=""):
    """After staff saved a new (or removed the) uploaded file of ``lesson`` through a form: start its job or
    reset the video. ``previous_name`` is the replaced original, deleted after the grace period."""
    with transaction.atomic():
        lesson = Lesson.all_objects.select_for_update().get(pk=lesson.pk)
        if previous_name and previous_name != lesson.video_file.name:
            media_supersede(name=previous_name)
        if lesson.video_file:
            _job_start(lesson)
        else:
            media_supersede(name=_video_prefix(lesson.hls_playlist), is_folder=True)
            _mark_pending(lesson)
            lesson.video_status = Lesson.VideoStatus.NONE
            lesson.hls_playlist = ""
            lesson.poster = ""
        lesson.save(update_fields=[*VIDEO_STATE_FIELDS, "hls_playlist", "poster", "updated_at"])
    return lesson


def lesson_videos_reprocess(*, lessons):
    """Queue the uploaded videos of ``lessons`` again (staff's "process again"); returns how many were queued."""
    count = 0
    with transaction.atomic():
        for lesson in lessons.select_for_update().exclude(video_file=""):
            _job_start(lesson)
            lesson.save(update_fields=[*VIDEO_STATE_FIELDS, "updated_at"])
            count += 1
    return count


# --- the video job: pending -> processing -> ready | failed ----------------------------------------------------
#
# The lesson row is the job. Every transition is a compare-and-set on ``video_job`` (the token of the run that
# owns it): a run that was taken over, or whose upload was replaced, finds another token and throws its work
# away. A pending job is the outbox: the upload commits it, the task is sent after the commit, and
# lesson_videos_recover sends it again if it is still pending after VIDEO_ENQUEUE_AFTER_SECONDS (the broker was
# away). A processing run renews ``video_heartbeat_at``; one silent for VIDEO_TAKEOVER_SECONDS is taken over.

# The job's own fields: Lesson.VIDEO_JOB_FIELDS but the outputs (playlist, poster), which only a finished run writes.
VIDEO_STATE_FIELDS = [name for name in Lesson.VIDEO_JOB_FIELDS if name not in ("hls_playlist", "poster")]


class VideoJobBusy(Exception):
    """Another run holds the job and renewed its heartbeat recently; ask again after ``retry_in`` seconds."""

    def __init__(self, retry_in):
        super().__init__(retry_in)
        self.retry_in = retry_in


def _mark_pending(lesson):
    lesson.video_status = Lesson.VideoStatus.PENDING
    lesson.video_error = ""
    lesson.video_job = None
    lesson.video_job_started_at = None
    lesson.video_heartbeat_at = None
    lesson.video_attempts = 0


def _job_start(lesson):
    _mark_pending(lesson)
    _enqueue_processing(lesson.pk)


def _enqueue_processing(lesson_id):
    transaction.on_commit(partial(_send_processing, lesson_id))


def _send_processing(lesson_id):
    """Send the processing task. A broker that is away is not the uploader's failure: the job stays pending and
    lesson_videos_recover sends it once the broker is back."""
    from courses import tasks  # tasks call back into this module

    try:
        tasks.process_lesson_video.delay(lesson_id)
    except (KombuOperationalError, OSError):
        logger.warning("Lesson %s video job left pending: the broker did not answer", lesson_id, exc_info=True)


def _last_seen(lesson):
    return lesson.video_heartbeat_at or lesson.video_job_started_at


def lesson_video_claim(*, lesson_id, now=None):
    """Take the lesson's video job for one processing run, or return None if there is nothing to do.

    A ``processing`` run whose heartbeat is older than VIDEO_TAKEOVER_SECONDS (its worker was killed) is taken
    over, or given up after VIDEO_MAX_ATTEMPTS runs; one with a fresh heartbeat raises VideoJobBusy.
    """
    now = now or timezone.now()
    takeover = timedelta(seconds=settings.VIDEO_TAKEOVER_SECONDS)
    with transaction.atomic():
        lesson = Lesson.all_objects.select_for_update().filter(pk=lesson_id).exclude(video_file="").first()
        if lesson is None:
            return None
        if lesson.video_status == Lesson.VideoStatus.PROCESSING:
            last_seen = _last_seen(lesson)
            if last_seen is not None and last_seen > now - takeover:
                raise VideoJobBusy(retry_in=max(1, math.ceil((last_seen + takeover - now).total_seconds())))
            if lesson.video_attempts >= VIDEO_MAX_ATTEMPTS:
                _give_up(lesson)
                return None
        elif lesson.video_status != Lesson.VideoStatus.PENDING:
            return None
        lesson.video_status = Lesson.VideoStatus.PROCESSING
        lesson.video_error = ""
        lesson.video_job = uuid.uuid4()
        lesson.video_job_started_at = lesson.video_heartbeat_at = now
        lesson.video_attempts += 1
        lesson.save(update_fields=[*VIDEO_STATE_FIELDS, "updated_at"])
    return lesson


def _give_up(lesson):
    lesson.video_status = Lesson.VideoStatus.FAILED
    lesson.video_error = _staff_text(VIDEO_GAVE_UP_ERROR)
    lesson.video_job = lesson.video_job_started_at = lesson.video_heartbeat_at = None
    lesson.save(update_fields=[*VIDEO_STATE_FIELDS, "updated_at"])


@contextlib.contextmanager
def _job_heartbeat(lesson_id, job):
    """While the block runs, renew the job's heartbeat every VIDEO_HEARTBEAT_SECONDS from a thread of its own
    (FFmpeg runs in a child process; this process only waits for it). Stops when the job is no longer this
    run's."""
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.VIDEO_HEARTBEAT_SECONDS):
                try:
                    mine = Lesson.all_objects.filter(pk=lesson_id, video_job=job).update(
                        video_heartbeat_at=timezone.now()
                    )
                except DatabaseError:
                    logger.warning("Lesson %s video heartbeat not written", lesson_id, exc_info=True)
                    continue
                if not mine:
                    return
        finally:
            connections.close_all()  # this thread's own connections

    thread = threading.Thread(target=beat, name=f"video-heartbeat-{lesson_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


# Runs started on one upload before it is given up: a video that keeps getting its worker killed (out of memory,
# past the hard time limit) would otherwise be taken over forever.
VIDEO_MAX_ATTEMPTS = 3
VIDEO_GAVE_UP_ERROR = gettext_noop(
    "Processing was interrupted several times without finishing. Upload a shorter or smaller video, or try again."
)


def lesson_videos_recover(*, now=None, limit=100):
    """Send again the jobs nobody is working on (the periodic task): ``processing`` with a heartbeat older than
    VIDEO_TAKEOVER_SECONDS (the worker died) or ``pending`` for VIDEO_ENQUEUE_AFTER_SECONDS (never sent, or the
    message was lost).

    Each goes back to the queue, or ends ``failed`` after VIDEO_MAX_ATTEMPTS runs. Safe to run twice and next to
    the workers: a run that is in fact alive finds the job taken over and throws its work away; a duplicate
    message finds nothing to claim. Returns ``(requeued, failed)``.
    """
    now = now or timezone.now()
    silent_before = now - timedelta(seconds=settings.VIDEO_TAKEOVER_SECONDS)
    unsent_before = now - timedelta(seconds=settings.VIDEO_ENQUEUE_AFTER_SECONDS)
    stuck = (
        Lesson.all_objects.exclude(video_file="")
        .alias(last_seen=Coalesce("video_heartbeat_at", "video_job_started_at"))
        .filter(
            models.Q(video_status=Lesson.VideoStatus.PROCESSING)
            & (models.Q(last_seen__lt=silent_before) | models.Q(last_seen__isnull=True))
            | models.Q(video_status=Lesson.VideoStatus.PENDING, updated_at__lt=unsent_before)
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    requeued = failed = 0
    for lesson_id in list(stuck):
        with transaction.atomic():
            lesson = Lesson.all_objects.select_for_update().filter(pk=lesson_id).first()
            if lesson is None or lesson.video_status not in (Lesson.VideoStatus.PROCESSING, Lesson.VideoStatus.PENDING):
                continue
            last_seen = _last_seen(lesson)
            if lesson.video_status == Lesson.VideoStatus.PROCESSING and last_seen and last_seen >= silent_before:
                continue  # its heartbeat came in meanwhile
            if lesson.video_attempts >= VIDEO_MAX_ATTEMPTS:
                _give_up(lesson)
                failed += 1
                continue
            lesson.video_status = Lesson.VideoStatus.PENDING
            lesson.video_job = lesson.video_job_started_at = lesson.video_heartbeat_at = None
            lesson.save(update_fields=[*VIDEO_STATE_FIELDS, "updated_at"])
            _enqueue_processing(lesson.pk)
            requeued += 1
    return requeued, failed


def lesson_video_process(*, lesson_id, preset=None):
    """Probe, poster and HLS for the lesson's uploaded video; safe to run twice.

    ``preset`` is x264's (VIDEO_X264_PRESET by default). Everything is written under a folder of its own
    (``lessons/<id>/video/<job>/``) and the lesson points at it only once complete, so learners never get a
    half-written rendition. Returns the lesson, or None when there was nothing to do. Transient storage or
    database errors are raised (the task retries them) after handing the video back to the queue.
    """
    lesson = lesson_video_claim(lesson_id=lesson_id)
    if lesson is None:
        return None
    job = lesson.video_job
    storage = lesson.video_file.storage
    prefix = f"lessons/{lesson.pk}/video/{job.hex}"
    try:
        with _job_heartbeat(lesson.pk, job):
            info = _make_video_outputs(
                lesson.video_file, storage=storage, prefix=prefix, preset=preset or settings.VIDEO_X264_PRESET
            )
    except processing.VideoError as error:
        logger.info("Lesson %s video failed: %s %s", lesson_id, error.message, error.detail)
        _storage_delete_tree(storage, prefix)
        return _lesson_video_finish(lesson_id=lesson_id, job=job, error=error.message)
    except TRANSIENT_ERRORS:
        _storage_delete_tree(storage, prefix)
        Lesson.all_objects.filter(pk=lesson_id, video_job=job).update(
            video_status=Lesson.VideoStatus.PENDING, video_job=None, video_job_started_at=None, video_heartbeat_at=None
        )
        raise
    except Exception:
        logger.exception("Lesson %s video could not be processed", lesson_id)
        _storage_delete_tree(storage, prefix)
        return _lesson_video_finish(lesson_id=lesson_id, job=job, error=UNEXPECTED_VIDEO_ERROR)
    return _lesson_video_finish(lesson_id=lesson_id, job=job, info=info, prefix=prefix)


UNEXPECTED_VIDEO_ERROR = gettext_noop("The video could not be processed. Try again, or upload it again.")


def _staff_text(message):
    """A marked message in the site's default language: video errors are stored once, for every staff member."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext(message)


def lesson_video_fail(*, lesson_id, message=UNEXPECTED_VIDEO_ERROR):
    """Give up on a lesson's video (e.g. after the last retry), with a message for staff."""
    error = _staff_text(message)
    with transaction.atomic():
        Lesson.all_objects.filter(pk=lesson_id).exclude(video_status=Lesson.VideoStatus.READY).update(
            video_status=Lesson.VideoStatus.FAILED,
            video_error=error,
            video_job=None,
            video_job_started_at=None,
            video_heartbeat_at=None,
        )


def _make_video_outputs(video_file, *, storage, prefix, preset):
    with tempfile.TemporaryDirectory(prefix="platziflix-video-") as scratch:
        scratch = Path(scratch)
        source = _local_copy(video_file, scratch)
        outputs = scratch / "outputs"
        info = processing.process(source, outputs, preset=preset)
        for path in sorted(outputs.rglob("*")):
            if path.is_file():
                with path.open("rb") as content:
                    storage.save(f"{prefix}/{path.relative_to(outputs).as_posix()}", File(content))
    return info


def _local_copy(video_file, scratch):
    """A path FFmpeg can read: the file itself on local storage, else a downloaded copy."""
    try:
        return Path(video_file.path)
    except NotImplementedError:
        target = scratch / ("source" + Path(video_file.name).suffix)
        with video_file.storage.open(video_file.name, "rb") as source, target.open("wb") as copy:
            shutil.copyfileobj(source, copy, length=1024 * 1024)
        return target


def _lesson_video_finish(*, lesson_id, job, info=None, prefix="", error=""):
    with transaction.atomic():
        lesson = Lesson.all_objects.select_for_update().get(pk=lesson_id)
        storage = lesson.video_file.storage
        if lesson.video_job != job:  # uploaded again or taken over meanwhile: this run's work is obsolete
            if prefix:
                transaction.on_commit(partial(_storage_delete_tree, storage, prefix))
            return None
        if lesson.video_job_started_at is not None:
            seconds = (timezone.now() - lesson.video_job_started_at).total_seconds()
            transaction.on_commit(partial(metrics.video_processed, "failed" if error else "ready", seconds))
            signals.lesson_video_processed.send(
                Lesson, lesson_id=lesson_id, outcome="failed" if error else "ready", seconds=seconds
            )
        lesson.video_job = lesson.video_job_started_at = lesson.video_heartbeat_at = None
        if error:
            lesson.video_error = _staff_text(error)
            lesson.video_status = Lesson.VideoStatus.FAILED
        else:
            media_supersede(name=_video_prefix(lesson.hls_playlist), is_folder=True)
            lesson.hls_playlist = f"{prefix}/hls/{processing.MASTER_PLAYLIST}"
            lesson.poster.name = f"{prefix}/poster.jpg"
            lesson.duration_seconds = max(1, round(info.duration_seconds))
            lesson.video_status = Lesson.VideoStatus.READY
            lesson.video_error = ""
        lesson.save(update_fields=[*VIDEO_STATE_FIELDS, "hls_playlist", "poster", "duration_seconds", "updated_at"])
    return lesson


def _video_prefix(playlist_name):
    """``lessons/<id>/video/<job>`` for a master playlist name stored on a lesson."""
    parts = playlist_name.split("/")
    return "/".join(parts[:4]) if len(parts) > 4 and parts[2] == "video" else ""


def _storage_delete_tree(storage, prefix):
    """Delete every file under ``prefix`` in ``storage``; missing files are fine."""
    try:
        folders, files = storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        storage.delete(f"{prefix}/{name}")
    for folder in folders:
        _storage_delete_tree(storage, f"{prefix}/{folder}")
    with contextlib.suppress(NotImplementedError, OSError):
        Path(storage.path(prefix)).rmdir()


def caption_cue_max_seconds():
    """The latest timestamp a cue's columns hold (``max_digits`` and ``decimal_places`` of its decimals)."""
    field = CaptionCue._meta.get_field("end_seconds")
    return Decimal(10) ** (field.max_digits - field.decimal_places) - Decimal(10) ** -field.decimal_places


def caption_cues_parse(*, data):
    """The cues of an uploaded WebVTT file, each one storable; raises ValidationError naming the line of the
    problem."""
    try:
        return webvtt.parse_webvtt_bytes(data, max_seconds=caption_cue_max_seconds())
    except webvtt.CaptionError as error:
        message = gettext(error.message) % error.params if error.params else gettext(error.message)
        if error.line_number is not None:
            message = gettext("Line %(line)d: %(message)s") % {"line": error.line_number, "message": message}
        raise ValidationError(message, code="invalid_caption") from error


def caption_save(*, lesson, language, file):
    """Store (or replace) the lesson's caption track in ``language`` with its cues. Raises ValidationError."""
    data = file.read(webvtt.MAX_CAPTION_BYTES + 1)
    cues = caption_cues_parse(data=data)
    with transaction.atomic():
        caption = Caption.objects.select_for_update().filter(lesson=lesson, language=language).first()
        caption = caption or Caption(lesson=lesson, language=language)
        old_name = caption.file.name
        caption.file.save(f"{language}.vtt", ContentFile(data), save=False)
        caption.save()
        caption.cues.all().delete()
        CaptionCue.objects.bulk_create(
            CaptionCue(
                caption=caption,
                position=position,
                start_seconds=Decimal(str(cue.start_seconds)),
                end_seconds=Decimal(str(cue.end_seconds)),
                text=cue.text,
            )
            for position, cue in enumerate(cues)
        )
        if old_name != caption.file.name:
            media_supersede(name=old_name)
    return caption


def caption_delete(*, caption):
    with transaction.atomic():
        media_supersede(name=caption.file.name)
        caption.delete()


# --- superseded media ----------------------------------------------------------------------------------------


def media_supersede(*, name, is_folder=False, now=None):
    """Nothing points at ``name`` (a file, or a folder with ``is_folder``) any more: delete it from the default
    storage once MEDIA_DELETE_GRACE_SECONDS have passed, so players already streaming it can finish. Recorded in
    the caller's transaction, so a rolled-back replacement deletes nothing."""
    if not name:
        return None
    delete_after = (now or timezone.now()) + timedelta(seconds=settings.MEDIA_DELETE_GRACE_SECONDS)
    return SupersededMedia.objects.create(name=name, is_folder=is_folder, delete_after=delete_after)


def superseded_media_delete(*, now=None, limit=500):
    """Delete the superseded media whose grace period is over (the periodic task); returns how many entries went.

    Safe to run twice or in parallel: each entry is locked while its files go, missing files are fine, and a name
    that is in use again (a caption saved under a freed name) is only forgotten, never deleted.
    """
    storage = default_storage
    due = SupersededMedia.objects.filter(delete_after__lte=now or timezone.now()).order_by("delete_after", "pk")
    deleted = 0
    for entry_id in list(due.values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            entry = SupersededMedia.objects.select_for_update().filter(pk=entry_id).first()
            if entry is None:
                continue
            if not _media_in_use(entry):
                if entry.is_folder:
                    _storage_delete_tree(storage, entry.name)
                else:
                    storage.delete(entry.name)
            entry.delete()
            deleted += 1
    return deleted


def _media_in_use(entry):
    if entry.is_folder:
        prefix = entry.name.rstrip("/") + "/"
        return (
            Lesson.all_objects.filter(hls_playlist__startswith=prefix).exists()
            or Lesson.all_objects.filter(poster__startswith=prefix).exists()
        )
    return (
        Caption.objects.filter(file=entry.name).exists()
        or Lesson.all_objects.filter(video_file=entry.name).exists()  # an original another lesson shares
    )
