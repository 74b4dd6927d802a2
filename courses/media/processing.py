"""Lesson video processing: probe, poster frame, HLS renditions and test clips.

Knows no model or storage (Django only marks its messages for translation). Everything runs the FFmpeg binary that the
``imageio-ffmpeg`` wheel bundles (x264, AAC, the HLS muxer, lavfi test sources),
as a child process: a crash or a hang on a hostile upload stays in the child,
which ``subprocess.run(timeout=...)`` kills. That wheel has no ffprobe, so
``probe`` reads FFmpeg's input summary and decodes the last two seconds.

Messages in ``VideoError.message`` are short English sentences meant for
staff, marked with gettext_noop (translate them with gettext at the call site); ``VideoError.detail`` keeps
FFmpeg's own words for the logs.
"""

import re
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path

import imageio_ffmpeg

from courses.media import gettext_noop

SEGMENT_SECONDS = 6
MAX_FPS = 30
DEFAULT_PRESET = "veryfast"
MASTER_PLAYLIST = "master.m3u8"
RENDITION_PLAYLIST = "index.m3u8"
PROBE_TIMEOUT = 120
TITLE_FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    Path("/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"),
)

# (short side in pixels, video bitrate cap in kbit/s, audio bitrate in kbit/s)
LADDER = ((360, 800, 96), (720, 2500, 128))

# (offset, bytes) that open common video containers.
VIDEO_SIGNATURES = (
    (4, b"ftyp"),  # MP4, MOV, M4V, 3GP
    (4, b"moov"),  # QuickTime without ftyp
    (4, b"mdat"),
    (0, b"\x1a\x45\xdf\xa3"),  # Matroska, WebM
    (8, b"AVI "),  # RIFF AVI
    (0, b"FLV"),
    (0, b"OggS"),
    (0, b"\x00\x00\x01\xba"),  # MPEG program stream
)

NOT_A_VIDEO = gettext_noop("The file is not a video, or its format is not supported.")
INCOMPLETE = gettext_noop("The video file is incomplete or damaged. Please upload it again.")


class VideoError(Exception):
    """A video that cannot be used; ``message`` is for staff, ``detail`` for logs."""

    def __init__(self, message, detail=""):
        super().__init__(message)
        self.message = message
        self.detail = detail


@dataclass(frozen=True)
class VideoInfo:
    duration_seconds: float
    width: int  # as displayed: rotation and non-square pixels applied
    height: int
    has_audio: bool


@dataclass(frozen=True)
class Rendition:
    name: str  # "360p", "720p", or e.g. "240p" for a small source
    width: int
    height: int
    video_kbps: int  # cap (x264 maxrate); the playlist states the measured peak
    audio_kbps: int


@cache
def ffmpeg_exe():
    """Path of the bundled FFmpeg binary."""
    return imageio_ffmpeg.get_ffmpeg_exe()


def _run(args, *, timeout):
    """Run FFmpeg with ``args``; return the CompletedProcess whatever its exit code."""
    command = [ffmpeg_exe(), "-hide_banner", "-nostdin", *map(str, args)]
    try:
        return subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise VideoError(gettext_noop("Processing the video took too long."), f"timeout after {timeout}s") from exc


def _run_checked(args, *, timeout, message):
    result = _run(args, timeout=timeout)
    if result.returncode != 0:
        raise VideoError(message, result.stderr[-2000:])
    return result


def _even(value):
    return max(2, round(value / 2) * 2)


# --- probe -----------------------------------------------------------------

INPUT_LINE = re.compile(r"^Input #0, (?P<format>.+?), from ", re.MULTILINE)
DURATION = re.compile(r"Duration: (?P<h>\d+):(?P<m>\d\d):(?P<s>\d\d(?:\.\d+)?)")
STREAM_LINE = re.compile(r"^\s*Stream #0:\d+.*?: (?P<kind>Video|Audio): (?P<rest>.*)$", re.MULTILINE)
DIMENSIONS = re.compile(r"^#dimensions 0: (\d+)x(\d+)$", re.MULTILINE)
SAR = re.compile(r"^#sar 0: (\d+)/(\d+)$", re.MULTILINE)
TIME_BASE = re.compile(r"^#tb 0: (\d+)/(\d+)$", re.MULTILINE)


@dataclass(frozen=True)
class _Header:
    format_name: str
    duration_seconds: float | None
    has_video: bool
    has_audio: bool


def probe(path):
    """Describe the video at ``path`` or raise VideoError saying why it is unusable."""
    path = Path(path)
    if not path.is_file():
        raise VideoError(gettext_noop("The file does not exist."), str(path))
    if path.stat().st_size == 0:
        raise VideoError(gettext_noop("The file is empty."))
    header = _read_header(path)
    if header.format_name.endswith("_pipe") or header.format_name == "image2":
        raise VideoError(gettext_noop("The file is a still image, not a video."), header.format_name)
    if not header.has_video:
        raise VideoError(gettext_noop("The file has no video track (it may be audio only)."))
    width, height, decoded_end = _decode_tail(path, whole_file=header.duration_seconds is None)
    duration = header.duration_seconds if header.duration_seconds is not None else decoded_end
    return VideoInfo(duration_seconds=duration, width=width, height=height, has_audio=header.has_audio)


def check_video(path, *, timeout):
    """Raise VideoError if FFmpeg finds no video stream in the file at ``path`` (not a media file at all, a
    still image, audio only). Returns without a verdict when that takes longer than ``timeout`` seconds, or when
    the file looks like a damaged video: processing decides those, with a reason for staff."""
    path = Path(path)
    if path.stat().st_size == 0:
        raise VideoError(gettext_noop("The file is empty."))
    try:
        header = _read_header(path, timeout=timeout)
    except VideoError as error:
        if error.message == NOT_A_VIDEO:
            raise
        return
    if header.format_name.endswith("_pipe") or header.format_name == "image2":
        raise VideoError(gettext_noop("The file is a still image, not a video."), header.format_name)
    if not header.has_video:
        raise VideoError(gettext_noop("The file has no video track (it may be audio only)."))


def _read_header(path, *, timeout=PROBE_TIMEOUT):
    """Parse FFmpeg's input summary (``ffmpeg -i path`` always exits 1: no output given)."""
    stderr = _run(["-i", path], timeout=timeout).stderr
    found = INPUT_LINE.search(stderr)
    if not found:
        message = INCOMPLETE if _has_video_signature(path) else NOT_A_VIDEO
        raise VideoError(message, stderr[-2000:])
    duration = DURATION.search(stderr)
    streams = STREAM_LINE.findall(stderr)
    return _Header(
        format_name=found["format"],
        duration_seconds=(int(duration["h"]) * 3600 + int(duration["m"]) * 60 + float(duration["s"]))
        if duration
        else None,
        # A cover picture in an audio file shows up as a video stream.
        has_video=any(kind == "Video" and "(attached pic)" not in rest for kind, rest in streams),
        has_audio=any(kind == "Audio" for kind, _ in streams),
    )


def _has_video_signature(path):
    """Whether the file starts like a common video container (so failing to open means damaged).

    FFmpeg itself cannot tell: it opens a text file named ``.mp4`` as MP4 and then
    reports the same "moov atom not found" as for a cut-off upload.
    """
    with open(path, "rb") as file:
        head = file.read(12)
    return any(head[offset : offset + len(magic)] == magic for offset, magic in VIDEO_SIGNATURES)


def _decode_tail(path, *, whole_file):
    """Decode the last two seconds (or the whole file) of the first video stream.

    A file cut short after its index still opens, but has no pictures at the end:
    zero decoded frames means incomplete. Returns the displayed width and height
    (FFmpeg applies rotation before the frame checksum muxer) and, for a whole-file
    decode, where the last frame ends in seconds.
    """
    seek = [] if whole_file else ["-sseof", "-2"]
    result = _run([*seek, "-i", path, "-map", "0:v:0", "-f", "framecrc", "-"], timeout=PROBE_TIMEOUT)
    frames = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    dimensions = DIMENSIONS.search(result.stdout)
    if result.returncode != 0 or not frames or not dimensions:
        raise VideoError(INCOMPLETE, result.stderr[-2000:])
    width, height = int(dimensions[1]), int(dimensions[2])
    sar = SAR.search(result.stdout)
    if sar and int(sar[1]) and int(sar[2]):
        width = _even(width * int(sar[1]) / int(sar[2]))
    time_base = TIME_BASE.search(result.stdout)
    _, _, pts, frame_duration, *_ = (field.strip() for field in frames[-1].split(","))
    end = float((int(pts) + int(frame_duration)) * Fraction(int(time_base[1]), int(time_base[2])))
    return width, height, end


# --- poster ----------------------------------------------------------------


def extract_poster(src, dest_jpeg, *, at_seconds, max_width=1280):
    """Write the frame shown at ``at_seconds`` as a JPEG, no wider than ``max_width``."""
    dest = Path(dest_jpeg)
    dest.parent.mkdir(parents=True, exist_ok=True)
    args = ["-y", "-ss", f"{at_seconds:.3f}", "-i", src, "-map", "0:v:0", "-frames:v", "1"]
    args += ["-vf", f"scale='min({max_width},iw)':-2", "-q:v", "3", "-update", "1", "-f", "image2", dest]
    result = _run(args, timeout=PROBE_TIMEOUT)
    if not dest.exists() or dest.stat().st_size == 0:
        raise VideoError(gettext_noop("The video has no picture at that time."), result.stderr[-2000:])
    return dest


# --- HLS -------------------------------------------------------------------


def plan_renditions(info):
    """The renditions worth making for ``info``, smallest first, never upscaled.

    Steps are named by the short side (so portrait videos work too); a source
    smaller than a step yields one rendition at its own size instead.
    """
    short_side = min(info.width, info.height)
    plans = {}
    for step, video_kbps, audio_kbps in LADDER:
        size = min(step, _even(short_side))
        scale = size / short_side
        width, height = _even(info.width * scale), _even(info.height * scale)
        plans.setdefault(size, Rendition(f"{size}p", width, height, video_kbps, audio_kbps))
    return [plans[size] for size in sorted(plans)]


def write_hls(src, out_dir, *, info, preset=DEFAULT_PRESET):
    """Encode ``src`` as HLS into ``out_dir``; return the path of its master playlist.

    Layout: ``out_dir/master.m3u8`` and ``out_dir/<name>/index.m3u8`` with
    ``seg_000.ts``... (H.264 + AAC in MPEG-TS, ~6 s, keyframe-aligned across
    renditions). ``out_dir`` is a new scratch folder: learners never see it half
    written, since the service uploads it under a new name and only then points
    the lesson at it.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    args = _hls_args(src, out_dir, plan_renditions(info), has_audio=info.has_audio, preset=preset)
    timeout = 300 + 6 * info.duration_seconds
    _run_checked(args, timeout=timeout, message=gettext_noop("The video could not be converted for streaming."))
    if not (out_dir / MASTER_PLAYLIST).is_file():
        raise VideoError(gettext_noop("The video could not be converted for streaming."), "no master playlist written")
    return out_dir / MASTER_PLAYLIST


# --- scrubbing previews ---------------------------------------------------

THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT = 160, 90
THUMBNAIL_EVERY_SECONDS = 5
THUMBNAILS_MAX = 1000  # longer videos get a thumbnail less often, so the sprite stays a few MB
THUMBNAIL_COLUMNS = 10
SPRITE = "sprite.jpg"
THUMBNAILS_TRACK = "thumbnails.vtt"


def write_thumbnails(src, out_dir, *, info):
    """Write a sprite of thumbnails (``sprite.jpg``, THUMBNAIL_WIDTHxTHUMBNAIL_HEIGHT tiles, THUMBNAIL_COLUMNS a
    row, one every few seconds) and a WebVTT thumbnails track (``thumbnails.vtt``, cues naming
    ``sprite.jpg#xywh=x,y,w,h``) into ``out_dir``: what the player shows while scrubbing. Returns the track's path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    duration = max(info.duration_seconds, 0.001)
    every = max(THUMBNAIL_EVERY_SECONDS, -(-duration // THUMBNAILS_MAX))
    count = max(1, int(-(-duration // every)))
    columns = min(THUMBNAIL_COLUMNS, count)
    rows = -(-count // columns)
    fit = (
        f"scale={THUMBNAIL_WIDTH}:{THUMBNAIL_HEIGHT}:force_original_aspect_ratio=decrease,"
        f"pad={THUMBNAIL_WIDTH}:{THUMBNAIL_HEIGHT}:(ow-iw)/2:(oh-ih)/2"
    )
    # select keeps the first frame at or after 0, every, 2*every... seconds (the last one too, which fps= loses
    # at the end of the file); tile lays them out row by row.
    keep = f"select='isnan(prev_selected_t)+gte(t-prev_selected_t\\,{every - 0.01:.2f})'"
    video_filter = f"{keep},{fit},setsar=1,tile={columns}x{rows}"
    args = ["-y", "-i", src, "-map", "0:v:0", "-an", "-vf", video_filter, "-fps_mode", "vfr", "-frames:v", "1"]
    args += ["-q:v", "5"]
    args += ["-update", "1", "-f", "image2", out_dir / SPRITE]
    _run_checked(
        args, timeout=300 + 2 * duration, message=gettext_noop("The video's scrubbing previews could not be made.")
    )
    cues = ["WEBVTT", ""]
    for index in range(count):
        start, end = index * every, min((index + 1) * every, duration)
        x, y = (index % columns) * THUMBNAIL_WIDTH, (index // columns) * THUMBNAIL_HEIGHT
        cues += [
            f"{_vtt_time(start)} --> {_vtt_time(end)}",
            f"{SPRITE}#xywh={x},{y},{THUMBNAIL_WIDTH},{THUMBNAIL_HEIGHT}",
            "",
        ]
    track = out_dir / THUMBNAILS_TRACK
    track.write_text("\n".join(cues), encoding="utf-8")
    return track


def _vtt_time(seconds):
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


POSTER_AT_SECONDS = 5


def process(src, out_dir, *, preset=DEFAULT_PRESET):
    """What an uploaded lesson video goes through: probe it, take a poster (``poster.jpg``), write HLS (``hls/``)
    and the scrubbing previews (``thumbnails/``) into ``out_dir``. Returns the probe's VideoInfo; raises
    VideoError for a file staff must replace."""
    info = probe(src)
    extract_poster(src, Path(out_dir) / "poster.jpg", at_seconds=min(POSTER_AT_SECONDS, info.duration_seconds / 3))
    write_hls(src, Path(out_dir) / "hls", info=info, preset=preset)
    write_thumbnails(src, Path(out_dir) / "thumbnails", info=info)
    return info


def _hls_args(src, work, renditions, *, has_audio, preset):
    count = len(renditions)
    scalers = ";".join(
        f"[s{i}]scale={r.width}:{r.height},setsar=1,format=yuv420p[v{i}]" for i, r in enumerate(renditions)
    )
    split_outputs = "".join(f"[s{i}]" for i in range(count))
    args = ["-y", "-i", src, "-filter_complex", f"[0:v:0]split={count}{split_outputs};{scalers}"]
    stream_map = []
    for i, rendition in enumerate(renditions):
        args += ["-map", f"[v{i}]"]
        args += [f"-maxrate:v:{i}", f"{rendition.video_kbps}k", f"-bufsize:v:{i}", f"{2 * rendition.video_kbps}k"]
        audio = ""
        if has_audio:
            args += ["-map", "0:a:0", f"-b:a:{i}", f"{rendition.audio_kbps}k"]
            audio = f",a:{i}"
        stream_map.append(f"v:{i}{audio},name:{rendition.name}")
    # -threads:v 0 lets x264 choose, measured fastest on 2 cores.
    args += ["-c:v", "libx264", "-preset", preset, "-crf", "23", "-threads:v", 0, "-fpsmax", MAX_FPS]
    # Keyframes on the same clock in every rendition, so segments line up for switching.
    args += ["-sc_threshold", "0", "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})"]
    if has_audio:
        args += ["-c:a", "aac", "-ac", "2", "-ar", "48000"]
    args += ["-f", "hls", "-hls_time", SEGMENT_SECONDS, "-hls_playlist_type", "vod"]
    args += ["-hls_flags", "independent_segments", "-master_pl_name", MASTER_PLAYLIST]
    args += ["-hls_segment_filename", work / "%v" / "seg_%03d.ts", "-var_stream_map", " ".join(stream_map)]
    return [*args, work / "%v" / RENDITION_PLAYLIST]


# --- test clips --------------------------------------------------------------


def make_test_clip(
    path, *, seconds, width, height, with_audio=True, text=None, preset="ultrafast", fps=MAX_FPS, pattern="testsrc2"
):
    """Write an H.264/AAC MP4 test pattern (FFmpeg's testsrc2, a 440 Hz tone).

    ``pattern="title"`` gives a still dark card instead: far cheaper to encode, for demo clips.

    ``text``, e.g. a course and lesson title, is drawn centred on a dark band.
    It is rendered by Pillow and overlaid as a still image rather than with
    FFmpeg's drawtext: drawtext needs a font file on the machine anyway and
    careful escaping of ``:``, ``'``, ``%`` and ``\\`` in titles.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        background = "color=c=0x141b2d:" if pattern == "title" else "testsrc2="
        inputs = ["-f", "lavfi", "-i", f"{background}size={width}x{height}:rate={fps}:duration={seconds}"]
        if with_audio:
            inputs += ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={seconds}"]
        video_filter = "[0:v]format=yuv420p[v]"
        if text:
            title = Path(scratch) / "title.png"
            _render_title(text, width, height).save(title)
            inputs += ["-i", title]
            video_filter = f"[0:v][{len(inputs) // 3 - 1}:v]overlay=format=auto,format=yuv420p[v]"
        outputs = ["-filter_complex", video_filter, "-map", "[v]"]
        if with_audio:
            outputs += ["-map", "1:a", "-c:a", "aac", "-b:a", "96k"]
        outputs += ["-c:v", "libx264", "-preset", preset, "-crf", "23", "-movflags", "+faststart", "-t", seconds]
        message = "The test clip could not be made."
        _run_checked(["-y", *inputs, *outputs, path], timeout=300 + 10 * seconds, message=message)
    return path


def _render_title(text, width, height):
    """A transparent RGBA image of ``width``x``height`` with ``text`` on a dark band."""
    from PIL import Image, ImageDraw  # Only needed for titled clips.

    font, ascii_only = _title_font(max(12, height // 14))
    if ascii_only:
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    image = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    lines = _wrap(draw, text, font, max_width=int(width * 0.9))
    line_height = int(font.size * 1.3)
    top = (height - line_height * len(lines)) // 2
    draw.rectangle((0, top - line_height // 2, width, top + line_height * (len(lines) + 0.5)), fill=(0, 0, 0, 170))
    for number, line in enumerate(lines):
        line_width = draw.textlength(line, font=font)
        draw.text(((width - line_width) / 2, top + number * line_height), line, font=font, fill="white")
    return image


def _title_font(size):
    """A bold system font, or Pillow's built-in one (ASCII only: it lacks accents)."""
    from PIL import ImageFont

    for candidate in TITLE_FONTS:
        if candidate.is_file():
            return ImageFont.truetype(str(candidate), size), False
    return ImageFont.load_default(size=size), True


def _wrap(draw, text, font, *, max_width):
    lines = []
    for word in text.split():
        if lines and draw.textlength(f"{lines[-1]} {word}", font=font) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]
