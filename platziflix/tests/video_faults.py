"""Faults in the video pipeline on real processes: a Celery worker (prefork, one child, beat embedded) on Redis
and PostgreSQL, whose child or whole self is killed mid-job, or whose broker is away at upload time. Used by
platziflix/tests/test_video_faults.py and by ``benchmarks/video.py --faults``, which reports the times.

Heartbeats are fast here (VIDEO_HEARTBEAT_SECONDS=1, VIDEO_TAKEOVER_SECONDS=3) so a run takes seconds; the
production defaults (15 s and 60 s) scale the takeover part of the times accordingly.
"""

import os
import signal
import sys
import time
from pathlib import Path

from django.core.files.base import ContentFile

from courses import services
from courses.models import Lesson
from platziflix.tests.worker_processes import worker_start, worker_stop

HEARTBEAT_SECONDS = 1
TAKEOVER_SECONDS = 3
ENQUEUE_AFTER_SECONDS = 2
WORKER_COMMAND = [
    sys.executable,
    *("-m", "celery", "-A", "platziflix", "worker", "--beat", "--concurrency=1", "--loglevel=INFO"),
    *("--without-mingle", "--without-gossip", "--without-heartbeat"),
]


def recovery_every_second():
    """Beat runs lesson_videos_recover every second (the schedule in the database, as DatabaseScheduler reads it)."""
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    every_second, _created = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.update_or_create(
        name="Take over stuck lesson videos",
        defaults={"task": "courses.tasks.lesson_videos_recover", "interval": every_second, "enabled": True},
    )


class Workers:
    """Starts workers with the fast fault settings, each in its own process group; ``stop_all`` at the end."""

    def __init__(self, *, broker_url, database_url, media_root, log_folder):
        self.env = os.environ | {
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_url,
            "MEDIA_ROOT": str(media_root),
            "VIDEO_PROCESSING_TIMEOUT": "600",  # the broker's redelivery of a dead worker's message comes late
            "VIDEO_TASK_TIME_LIMIT": "600",
            "VIDEO_HEARTBEAT_SECONDS": str(HEARTBEAT_SECONDS),
            "VIDEO_TAKEOVER_SECONDS": str(TAKEOVER_SECONDS),
            "VIDEO_ENQUEUE_AFTER_SECONDS": str(ENQUEUE_AFTER_SECONDS),
            "VIDEO_X264_PRESET": "ultrafast",
            "WORKER_HEARTBEAT_SECONDS": "1",
        }
        self.log_folder = Path(log_folder)
        self.started = []

    def start(self):
        log_path = self.log_folder / f"worker-{len(self.started)}.log"
        worker = worker_start(WORKER_COMMAND, env=self.env, log_path=log_path)
        self.started.append(worker)
        return worker

    def stop_all(self):
        for worker in self.started:
            worker_stop(worker)

    def logs(self):
        return "\n".join(path.read_text()[-3000:] for path in sorted(self.log_folder.glob("worker-*.log")))


def children(pid):
    """The ids of the direct children of process ``pid`` (Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


def kill_pool_child(worker):
    """``kill -9`` the worker's ForkPoolWorker that runs FFmpeg (not the embedded beat); returns its id."""
    [child] = [child for child in children(worker.pid) if any(_is_ffmpeg(pid) for pid in children(child))]
    os.kill(child, signal.SIGKILL)
    return child


def _is_ffmpeg(pid):
    try:
        return b"ffmpeg" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def kill_worker(worker):
    """``kill -9`` the whole worker: its main process, pool child and FFmpeg."""
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()


def upload(lesson, clip):
    services.lesson_video_upload(lesson=lesson, file=ContentFile(Path(clip).read_bytes(), name="clase.mp4"))


def wait_for(lesson, condition, *, timeout, describe):
    """Poll the lesson until ``condition(lesson)``; returns the seconds it took."""
    started = time.monotonic()
    while not condition(lesson):
        if time.monotonic() - started > timeout:
            raise AssertionError(f"{describe}: lesson still {lesson.video_status!r} after {timeout} s")
        time.sleep(0.1)
        lesson.refresh_from_db()
    return time.monotonic() - started


def is_ready(lesson):
    return lesson.video_status == Lesson.VideoStatus.READY


def is_mid_job(lesson):
    """Processing, with at least one heartbeat renewed since the claim: FFmpeg is running."""
    return (
        lesson.video_status == Lesson.VideoStatus.PROCESSING
        and lesson.video_heartbeat_at is not None
        and lesson.video_heartbeat_at > lesson.video_job_started_at
    )
