"""Short, distinct demo lesson videos with Spanish and English captions, run through the same pipeline as staff uploads.

Each clip is a silent 640x360 title card showing its course and lesson titles, 10 to 16 seconds long. They
are small on purpose: the whole demo catalog is generated and processed within the first ``make run`` (the
clips are made two at a time, then processed one by one), and lessons whose video is already processed are
left alone, so the next run does nothing.
"""

import tempfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation

from courses import services
from courses.media import processing
from courses.models import Caption, Lesson

CLIP_WIDTH, CLIP_HEIGHT, CLIP_FPS = 640, 360, 5  # a still title card needs few frames
SHORTEST, LONGEST = 10, 16
CLIPS_AT_ONCE = 2


def clip_seconds(lesson):
    """A duration between SHORTEST and LONGEST seconds that depends only on the lesson's slug."""
    return SHORTEST + zlib.crc32(lesson.slug.encode()) % (LONGEST - SHORTEST + 1)


def caption_sentences(lesson, course, language=Caption.Language.SPANISH):
    """What the teacher says in the clip, in ``language`` (the English texts fall back to the Spanish ones)."""
    with translation.override(language):
        name, course_name, description = lesson.name, course.name, lesson.description
    first_line = (description or "").strip().split("\n")[0].rstrip(".")
    if language == Caption.Language.ENGLISH:
        return [
            f"Welcome to “{name}”, a lesson of the {course_name}.",
            f"{first_line}." if first_line else f"Today we work on {name.lower()}.",
            f"We practise {name.lower()} step by step, with examples you can repeat at home.",
            "When you finish, mark the lesson as complete and go on to the next one.",
        ]
    return [
        f"Bienvenido a la clase «{name}» del {course_name}.",
        f"{first_line}." if first_line else f"Hoy trabajamos en {name.lower()}.",
        f"Practicamos {name.lower()} paso a paso, con ejemplos que puedes repetir en casa.",
        "Al terminar, marca la clase como completada y continúa con la siguiente.",
    ]


def _timestamp(seconds):
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:06.3f}"


def caption_vtt(lesson, course, seconds, language=Caption.Language.SPANISH):
    """A WebVTT track whose cues share the clip's length evenly."""
    sentences = caption_sentences(lesson, course, language)
    step = seconds / len(sentences)
    cues = [
        f"{number}\n{_timestamp(number * step)} --> {_timestamp(min(seconds, (number + 1) * step))}\n{sentence}"
        for number, sentence in enumerate(sentences)
    ]
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def needs_video(lesson):
    """Lessons still on the shared sample (or with nothing) get a clip of their own; staff videos are kept."""
    return lesson.video_status == Lesson.VideoStatus.NONE and not lesson.video_url


def make_clip(folder, name, seconds, title):
    """A silent title-card clip ``<folder>/<name>.mp4``. Runs in a helper thread: FFmpeg only, no database."""
    return processing.make_test_clip(
        Path(folder) / f"{name}.mp4",
        seconds=seconds,
        width=CLIP_WIDTH,
        height=CLIP_HEIGHT,
        fps=CLIP_FPS,
        with_audio=False,
        pattern="title",
        text=title,
    )


def lesson_videos_make(*, lessons, log=None):
    """Make, upload and process a clip (and Spanish and English caption tracks) for each lesson that needs one.

    Processing runs here (x264 preset ``ultrafast``), whatever the broker.
    Returns how many lessons got a video.
    """
    lessons = [lesson for lesson in lessons if needs_video(lesson)]
    if not lessons:
        return 0
    with tempfile.TemporaryDirectory(prefix="platziflix-demo-") as scratch, ThreadPoolExecutor(CLIPS_AT_ONCE) as pool:
        clips = pool.map(
            make_clip,
            [scratch] * len(lessons),
            [lesson.pk for lesson in lessons],
            [clip_seconds(lesson) for lesson in lessons],
            [f"{lesson.course.name} · {lesson.name}" for lesson in lessons],
        )
        for made, (lesson, clip) in enumerate(zip(lessons, clips, strict=True), start=1):
            course, seconds = lesson.course, clip_seconds(lesson)
            for language in Caption.Language.values:
                if not Caption.objects.filter(lesson=lesson, language=language).exists():
                    vtt = ContentFile(caption_vtt(lesson, course, seconds, language).encode(), name=f"{language}.vtt")
                    services.caption_save(lesson=lesson, language=language, file=vtt)
            # Processed before the upload commits, so the task the upload queues finds nothing left to do.
            with clip.open("rb") as content, transaction.atomic():
                services.lesson_video_upload(lesson=lesson, file=File(content, name=f"{lesson.slug}.mp4"))
                services.lesson_video_process(lesson_id=lesson.pk, preset="ultrafast")
            clip.unlink()
            if log:
                log(f"  video {made}/{len(lessons)}: {course.name} · {lesson.name} ({seconds} s)")
    return len(lessons)
