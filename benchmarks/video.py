"""Measure lesson video processing on this machine and print the figures for the README.

    .venv/bin/python benchmarks/video.py                  # everything (about 15 minutes on 2 cores)
    .venv/bin/python benchmarks/video.py --only 60s demo  # a subset: 60s, 10min, demo
    .venv/bin/python benchmarks/video.py --faults         # time to "ready" after each fault, on real processes

``--faults`` needs PostgreSQL (DATABASE_URL, migrated) and Redis (CELERY_BROKER_URL or REDIS_URL): it starts
real workers (prefork, beat embedded) with fast heartbeats and kills them mid-job (platziflix/tests/video_faults.py).

Each measured job runs in its own child process, so the peak RSS figures are
that job's own: ``ffmpeg`` is the largest FFmpeg child, ``python`` the worker.
Sources are FFmpeg's testsrc2 pattern (fine detail that moves: harder to encode
than slides or a talking head, so real lessons run a little faster and smaller).
"""

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")
django.setup()

from courses.media import processing as vp  # noqa: E402  (Django first)
from demo import videos as demo_videos  # noqa: E402

DEMO_DURATIONS = [10, 11, 12, 13, 14, 15, 16, 10, 11, 12, 13, 14, 15, 16, 13]  # 15 clips in seed_demo's range


def _in_child(job, *args, **kwargs):
    """Run ``job`` in a fresh process.

    Returns (result, wall seconds, FFmpeg CPU seconds, FFmpeg peak MiB, Python peak MiB).
    """
    with multiprocessing.get_context("fork").Pool(1, maxtasksperchild=1) as pool:
        return pool.apply(_measured, (job, *args), kwargs)


def _measured(job, *args, **kwargs):
    started = time.perf_counter()
    result = job(*args, **kwargs)
    wall = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    own = resource.getrusage(resource.RUSAGE_SELF)
    return result, wall, children.ru_utime + children.ru_stime, children.ru_maxrss / 1024, own.ru_maxrss / 1024


def loop_clip(src, dest, times):
    """A clip ``times`` as long as ``src``, by copying its packets (no re-encoding)."""
    args = ["-y", "-stream_loop", times - 1, "-i", src, "-c", "copy", "-movflags", "+faststart", dest]
    vp._run_checked(args, timeout=300, message="looping failed")
    return dest


def rendition_rates(hls_dir, duration_seconds):
    """{rendition name: MiB of segments per minute of video}."""
    return {
        folder.name: sum(f.stat().st_size for f in folder.glob("*.ts")) / 2**20 / (duration_seconds / 60)
        for folder in sorted(Path(hls_dir).iterdir())
        if folder.is_dir()
    }


def bench_lesson(label, src, work, preset=vp.DEFAULT_PRESET):
    info, wall, cpu, ffmpeg_mib, python_mib = _in_child(vp.process, src, work / label, preset=preset)
    rates = rendition_rates(work / label / "hls", info.duration_seconds)
    print(
        f"{label}: {info.duration_seconds:.0f} s of {info.width}x{info.height} processed in {wall:.1f} s "
        f"(preset {preset}) = {info.duration_seconds / wall:.2f} s of video per second"
    )
    print(
        f"  FFmpeg CPU time {cpu:.1f} s = {cpu / info.duration_seconds:.2f} CPU-s per s of video "
        f"(on an idle 2-core machine wall time is about CPU time / 1.8)"
    )
    print(f"  peak RSS: ffmpeg {ffmpeg_mib:.0f} MiB, python worker {python_mib:.0f} MiB")
    print("  segments: " + ", ".join(f"{name} {mib:.1f} MiB/min" for name, mib in rates.items()))


def bench_demo(work):
    """The demo seed's own clips: silent 640x360 title cards at 10 fps, processed with preset ultrafast."""
    sources = work / "demo-src"
    durations = DEMO_DURATIONS
    started = time.perf_counter()
    clips = [
        demo_videos.make_clip(sources, f"lesson{n:02d}", seconds, f"Curso de Django · Clase {n}: Introducción")
        for n, seconds in enumerate(durations, start=1)
    ]
    made = time.perf_counter() - started
    total = sum(durations)
    print(
        f"demo: {len(clips)} title clips, {total} s in all, generated in {made:.1f} s ({made / len(clips):.2f} s each)"
    )
    started = time.perf_counter()
    for clip in clips:
        vp.process(clip, work / "demo" / clip.stem, preset="ultrafast")
    spent = time.perf_counter() - started
    print(f"  processed (probe + poster + HLS, ultrafast) in {spent:.1f} s ({spent / len(clips):.2f} s per clip)")


def bench_faults(work):
    """Upload a 30 s 720p clip under each fault; print the seconds from the fault (or the upload) to "ready"."""
    from django.conf import settings
    from django.db import connection
    from django_celery_beat.models import PeriodicTask

    from courses.tests.factories import LessonFactory
    from platziflix.celery import app as celery_app
    from platziflix.tests import video_faults as faults

    broker_url = settings.CELERY_BROKER_URL
    if connection.vendor != "postgresql" or not broker_url.startswith("redis"):
        sys.exit("--faults needs DATABASE_URL (PostgreSQL) and CELERY_BROKER_URL or REDIS_URL (Redis)")
    database = connection.settings_dict
    database_url = f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:{database['PORT']}/"
    database_url += database["NAME"]
    settings.MEDIA_ROOT = work / "media"  # before the storage is first used; the workers get the same folder
    clip = vp.make_test_clip(work / "30s.mp4", seconds=30, width=1280, height=720, preset="ultrafast")
    saved_schedule = PeriodicTask.objects.filter(name="Take over stuck lesson videos").values("interval_id").first()
    faults.recovery_every_second()
    celery_app.conf.task_always_eager = False
    workers = faults.Workers(
        broker_url=broker_url, database_url=database_url, media_root=work / "media", log_folder=work
    )
    print(
        f"faults: 30 s 1280x720 clip, ultrafast; heartbeat {faults.HEARTBEAT_SECONDS} s, takeover after "
        f"{faults.TAKEOVER_SECONDS} s, pending re-sent after {faults.ENQUEUE_AFTER_SECONDS} s, recovery every 1 s"
    )
    results = []
    try:
        worker = workers.start()
        lesson = LessonFactory(video_url="")
        faults.upload(lesson, clip)
        results.append(
            ("no fault (upload to ready)", faults.wait_for(lesson, faults.is_ready, timeout=900, describe=""))
        )

        lesson = LessonFactory(video_url="")
        faults.upload(lesson, clip)
        faults.wait_for(lesson, faults.is_mid_job, timeout=300, describe="never processing")
        faults.kill_pool_child(worker)
        results.append(
            (
                "pool child killed -9 (kill to ready)",
                faults.wait_for(lesson, faults.is_ready, timeout=900, describe=workers.logs()),
            )
        )

        lesson = LessonFactory(video_url="")
        faults.upload(lesson, clip)
        faults.wait_for(lesson, faults.is_mid_job, timeout=300, describe="never processing")
        faults.kill_worker(worker)
        started = time.monotonic()
        worker = workers.start()
        faults.wait_for(lesson, faults.is_ready, timeout=900, describe=workers.logs())
        results.append(("whole worker killed -9, restarted (kill to ready)", time.monotonic() - started))

        lesson = LessonFactory(video_url="")
        celery_app.close()
        celery_app.conf.broker_url = "redis://127.0.0.1:1/0"  # nothing listens: the upload's enqueue fails
        faults.upload(lesson, clip)
        celery_app.close()
        celery_app.conf.broker_url = broker_url
        results.append(
            (
                "broker away at upload (upload to ready)",
                faults.wait_for(lesson, faults.is_ready, timeout=900, describe=workers.logs()),
            )
        )
    finally:
        workers.stop_all()
        if saved_schedule:
            PeriodicTask.objects.filter(name="Take over stuck lesson videos").update(
                interval_id=saved_schedule["interval_id"]
            )
    for label, seconds in results:
        print(f"  {label:<52} {seconds:6.1f} s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="+", choices=["60s", "10min", "demo"], default=["60s", "10min", "demo"])
    parser.add_argument("--faults", action="store_true", help="only the fault run: time to ready after each fault")
    arguments = parser.parse_args()
    if arguments.faults:
        with tempfile.TemporaryDirectory() as scratch:
            bench_faults(Path(scratch))
        return
    chosen = arguments.only
    print("load average before: {:.2f} {:.2f} {:.2f} (other work slows wall times)".format(*os.getloadavg()))
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        if {"60s", "10min"} & set(chosen):
            started = time.perf_counter()
            minute = vp.make_test_clip(work / "60s.mp4", seconds=60, width=1280, height=720)
            print(f"source: 60 s 1280x720 test clip generated in {time.perf_counter() - started:.1f} s")
        if "60s" in chosen:
            bench_lesson("60s-720p", minute, work)
        if "10min" in chosen:
            bench_lesson("10min-720p", loop_clip(minute, work / "10min.mp4", 10), work)
        if "demo" in chosen:
            bench_demo(work)
    print("load average after: {:.2f} {:.2f} {:.2f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
