"""Video and caption files made for the tests: FFmpeg's test pattern and tone, nothing downloaded."""

from pathlib import Path

from courses.media import processing

CAPTIONS_ES = """WEBVTT

1
00:00:00.500 --> 00:00:01.500
Bienvenidos a la clase de programación.

2
00:00:01.500 --> 00:00:03.000
Ahora veremos los decoradores de Python.
"""


def make_clip(folder, name="clip.mp4", *, seconds=3, width=1280, height=720, **options):
    return processing.make_test_clip(Path(folder) / name, seconds=seconds, width=width, height=height, **options)


def truncated_copy(clip, folder):
    """The first third of a real MP4: what an interrupted upload leaves."""
    data = Path(clip).read_bytes()
    target = Path(folder) / "truncated.mp4"
    target.write_bytes(data[: len(data) // 3])
    return target
