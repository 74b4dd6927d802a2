"""The demo's flagship course: the Python course's lessons as 2–3 minute 720p videos of slides with the code on
screen, a soft audio bed and captions in Spanish and English timed to the slides (demo/flagship_script.py).

They take a minute or two of FFmpeg each, so ``seed_demo`` only queues them (``demo.tasks``): ``make run``
starts the server first and the worker makes them in the background, one lesson at a time, through the same
upload and processing pipeline as staff videos. Until a lesson's video is ready its page says it is processing.
"""

import re
import subprocess
import tempfile
from pathlib import Path

from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import ImageDraw

from courses import services
from courses.media import processing
from courses.models import Caption, Lesson
from demo import demo_images
from demo.flagship_script import LESSONS

COURSE_SLUG = "curso-de-python"
WIDTH, HEIGHT, FPS = 1280, 720, 5  # slides change every few seconds: few frames, at 720p
SLIDE_SECONDS = 20
MONO_SIZE, LINE_HEIGHT = 34, 48
KEYWORDS = re.compile(
    r"\b(def|return|if|elif|else|for|in|while|import|from|break|continue|and|or|not|True|False|print|range|len)\b"
)
TOKEN = re.compile(r"(#.*$|\"[^\"]*\"|'[^']*'|\b\d+(?:\.\d+)?\b|\w+|\s+|.)")
COLOURS = {"keyword": (180, 224, 92), "string": (255, 209, 102), "comment": (127, 138, 163), "number": (255, 143, 163)}
TEXT, MUTED, PANEL = (238, 242, 248), (169, 179, 200), (20, 27, 45)


def is_flagship(lesson):
    return lesson.course.slug == COURSE_SLUG and lesson.original_text("name") in LESSONS


def slides_of(lesson):
    return LESSONS[lesson.original_text("name")]


def lesson_seconds(lesson):
    return SLIDE_SECONDS * len(slides_of(lesson))


def _token_colour(token):
    if token.startswith("#"):
        return COLOURS["comment"]
    if token[:1] in "\"'":
        return COLOURS["string"]
    if token[:1].isdigit():
        return COLOURS["number"]
    if KEYWORDS.fullmatch(token):
        return COLOURS["keyword"]
    return TEXT


def render_slide(*, course_name, lesson_name, slide, number, total):
    """One 1280x720 slide: where it is in the lesson, its heading in both languages and the code, highlighted."""
    image = demo_images.gradient((WIDTH, HEIGHT), (11, 15, 26), (28, 38, 64), vertical=True)
    draw = ImageDraw.Draw(image)
    small, heading, subheading = demo_images.font(24), demo_images.font(54), demo_images.font(30)
    mono = demo_images.font(MONO_SIZE, mono=True)
    draw.text((80, 48), f"{course_name} · {lesson_name}", font=small, fill=MUTED)
    draw.text((WIDTH - 80, 48), f"{number} / {total}", font=small, fill=MUTED, anchor="ra")
    draw.text((80, 100), slide.heading_es, font=heading, fill=TEXT)
    draw.text((80, 172), slide.heading_en, font=subheading, fill=demo_images.LIME)
    lines = slide.code.split("\n")
    top, bottom = 250, 250 + 70 + LINE_HEIGHT * len(lines)
    draw.rounded_rectangle([80, top, WIDTH - 80, max(bottom, top + 200)], 18, fill=PANEL, outline=(44, 56, 88), width=2)
    for index, colour in enumerate([(255, 95, 86), (255, 189, 46), (39, 201, 63)]):
        draw.ellipse([108 + index * 30, top + 22, 124 + index * 30, top + 38], fill=colour)
    for row, line in enumerate(lines):
        x, y = 116, top + 62 + row * LINE_HEIGHT
        for token in TOKEN.findall(line):
            draw.text((x, y), token, font=mono, fill=_token_colour(token))
            x += draw.textlength(token, font=mono)
    for index in range(total):  # progress dots
        centre = WIDTH / 2 + (index - (total - 1) / 2) * 28
        fill = demo_images.LIME if index < number else (60, 72, 104)
        draw.ellipse([centre - 7, HEIGHT - 52, centre + 7, HEIGHT - 38], fill=fill)
    return image


def caption_vtt(lesson, language):
    """One cue per slide, exactly as long as the slide is on screen."""
    cues = []
    for index, slide in enumerate(slides_of(lesson)):
        text = slide.said_en if language == Caption.Language.ENGLISH else slide.said_es
        start, end = index * SLIDE_SECONDS, (index + 1) * SLIDE_SECONDS
        cues.append(f"{index + 1}\n{_timestamp(start)} --> {_timestamp(end)}\n{text}")
    return "WEBVTT\n\n" + "\n\n".join(cues) + "\n"


def _timestamp(seconds):
    minutes, rest = divmod(seconds, 60)
    return f"{int(minutes):02d}:{rest:06.3f}"


# A quiet A-minor pad: three sines, slowly swelling, faded in and out. Loud enough that the volume control is
# heard to work, soft enough to sit under a voice.
AUDIO_BED = (
    "aevalsrc='0.05*(sin(2*PI*220*t)+0.7*sin(2*PI*261.63*t)+0.6*sin(2*PI*329.63*t))"
    "*(0.75+0.25*sin(2*PI*0.1*t))':s=48000:d={seconds}"
)


def make_video(folder, lesson, *, preset="ultrafast"):
    """The lesson's slides as an H.264/AAC MP4 in ``folder``; returns its path."""
    folder = Path(folder)
    slides = slides_of(lesson)
    listing = []
    for number, slide in enumerate(slides, start=1):
        path = folder / f"slide-{number:02d}.png"
        with_names = {"course_name": lesson.course.original_text("name"), "lesson_name": lesson.original_text("name")}
        render_slide(**with_names, slide=slide, number=number, total=len(slides)).save(path)
        listing += [f"file '{path.name}'", f"duration {SLIDE_SECONDS}"]
    listing.append(f"file '{path.name}'")  # the concat demuxer needs the last file twice to honour its duration
    (folder / "slides.txt").write_text("\n".join(listing) + "\n")
    seconds = lesson_seconds(lesson)
    output = folder / f"{lesson.slug}.mp4"
    fade = f"afade=t=in:d=2,afade=t=out:st={seconds - 3}:d=3"
    args = [
        "-y", "-f", "concat", "-safe", "0", "-i", folder / "slides.txt",
        "-f", "lavfi", "-i", AUDIO_BED.format(seconds=seconds),
        "-vf", f"fps={FPS},format=yuv420p", "-af", fade, "-map", "0:v", "-map", "1:a",
        "-c:v", "libx264", "-preset", preset, "-tune", "stillimage", "-crf", "26",
        "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", "-t", seconds, output,
    ]  # fmt: skip
    subprocess.run([processing.ffmpeg_exe(), *map(str, args)], check=True, capture_output=True, timeout=600)
    return output


def lesson_video_make(*, lesson_id):
    """Make the flagship lesson's video and captions, and hand the video to the processing pipeline.

    Safe to run twice: a lesson that already has a video (or one on its way) is left alone. Returns whether a
    video was made."""
    lesson = Lesson.objects.select_related("course").filter(pk=lesson_id).first()
    if lesson is None or not is_flagship(lesson) or lesson.video_status != Lesson.VideoStatus.NONE:
        return False
    for language in Caption.Language.values:
        vtt = ContentFile(caption_vtt(lesson, language).encode(), name=f"{language}.vtt")
        services.caption_save(lesson=lesson, language=language, file=vtt)
    with tempfile.TemporaryDirectory(prefix="platziflix-flagship-") as scratch:
        video = make_video(scratch, lesson)
        with video.open("rb") as content, transaction.atomic():
            services.lesson_video_upload(lesson=lesson, file=File(content, name=video.name))
    return True
