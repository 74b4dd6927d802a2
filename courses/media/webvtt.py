"""Parse and validate WebVTT caption files uploaded for lessons.

Follows the W3C WebVTT syntax for what matters to a lesson player: the
``WEBVTT`` signature, cue blocks (optional identifier line, timing line, text
lines) separated by blank lines, and NOTE / STYLE / REGION blocks, which are
skipped. Cue text is returned as written, markup such as ``<v Ana>`` included,
except that NUL characters become U+FFFD, as the W3C parser does (the database
could not store them anyway). Timestamps are ASCII digits; ``max_seconds``
bounds them (the caller knows what its storage holds).

Messages in ``CaptionError.message`` are short English sentences for staff
marked with gettext_noop (translate them with gettext at the call site); ``line_number`` is 1-based, or None
when the problem is the file as a whole.
"""

import math
import re
from dataclasses import dataclass

from courses.media import gettext_noop


MAX_CAPTION_BYTES = 1024 * 1024  # 1 MiB: hours of captions; anything bigger is not a caption file.

TIMESTAMP = r"(?:([0-9]{2,}):)?([0-5][0-9]):([0-5][0-9])\.([0-9]{3})"
TIMING_LINE = re.compile(rf"^{TIMESTAMP}[ \t]+-->[ \t]+{TIMESTAMP}(?:[ \t]+.*)?$")
SIGNATURE = re.compile(r"^WEBVTT(?:[ \t].*)?$")
SKIPPED_BLOCKS = re.compile(r"^(?:NOTE|STYLE|REGION)(?:[ \t].*)?$")
LINE_BREAK = re.compile(r"\r\n|\r|\n")


class CaptionError(Exception):
    """A caption file that cannot be used, and the line where the problem is."""

    def __init__(self, message, line_number=None, params=None):
        text = message % params if params else message
        super().__init__(text if line_number is None else f"Line {line_number}: {text}")
        self.message = message
        self.line_number = line_number
        self.params = params or {}


@dataclass(frozen=True)
class Cue:
    start_seconds: float
    end_seconds: float
    text: str


def parse_webvtt_bytes(data: bytes, *, max_seconds=None) -> list[Cue]:
    """Check the size and UTF-8 encoding of an uploaded file, then parse it."""
    if len(data) > MAX_CAPTION_BYTES:
        raise CaptionError(gettext_noop("The caption file is larger than 1 MB."))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_number = data[: exc.start].count(b"\n") + 1
        raise CaptionError(gettext_noop("The caption file is not valid UTF-8 text."), line_number) from exc
    return parse_webvtt(text, max_seconds=max_seconds)


def parse_webvtt(text: str, *, max_seconds=None) -> list[Cue]:
    """The cues of a WebVTT document, in file order; raise CaptionError if it is invalid or a timestamp is later
    than ``max_seconds`` (an int or Decimal, compared exactly; None for no bound)."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_CAPTION_BYTES:
        raise CaptionError(gettext_noop("The caption file is larger than 1 MB."))
    lines = LINE_BREAK.split(text.removeprefix("\ufeff").replace("\x00", "\ufffd"))
    if not SIGNATURE.match(lines[0]):
        raise CaptionError(gettext_noop('The caption file must start with "WEBVTT".'), 1)
    header, *cue_blocks = _blocks(lines)
    _check_header(*header)
    return [cue for first_line, block in cue_blocks if (cue := _parse_block(block, first_line, max_seconds))]


def _blocks(lines):
    """(1-based number of the first line, lines) for each run of non-blank lines."""
    blocks, block, first_line = [], [], 0
    for index, line in enumerate(lines, start=1):
        if line.strip():
            if not block:
                first_line = index
            block.append(line)
        elif block:
            blocks.append((first_line, block))
            block = []
    if block:
        blocks.append((first_line, block))
    return blocks


def _check_header(first_line, block):
    for offset, line in enumerate(block):
        if "-->" in line:
            raise CaptionError(
                gettext_noop('Leave a blank line between the "WEBVTT" line and the first cue.'), first_line + offset
            )


def _parse_block(block, first_line, max_seconds):
    """A Cue for a cue block, None for a NOTE, STYLE or REGION block."""
    if SKIPPED_BLOCKS.match(block[0]):
        return None
    timing_index = next((index for index, line in enumerate(block[:2]) if "-->" in line), None)
    if timing_index is None:
        raise CaptionError(gettext_noop("Expected a timing line such as 00:01.000 --> 00:04.000."), first_line)
    line_number = first_line + timing_index
    found = TIMING_LINE.match(block[timing_index].strip())
    if not found:
        raise CaptionError(gettext_noop("Bad timing line; expected e.g. 00:01.000 --> 00:04.000."), line_number)
    start, end = _milliseconds(found.groups()[:4]), _milliseconds(found.groups()[4:])
    latest = max(start, end)
    if latest == math.inf:
        raise CaptionError(gettext_noop("This timestamp is too large."), line_number)
    if max_seconds is not None and latest > max_seconds * 1000:
        raise CaptionError(
            gettext_noop("Timestamps can be %(latest)s at the latest."), line_number, {"latest": _timestamp(max_seconds)}
        )
    if end <= start:
        raise CaptionError(gettext_noop("The cue ends before or when it starts."), line_number)
    return Cue(start_seconds=start / 1000, end_seconds=end / 1000, text="\n".join(block[timing_index + 1 :]))


# More hour digits than this are later than any bound a caller can mean (and Python refuses to parse 4,300).
MAX_HOUR_DIGITS = 15


def _timestamp(seconds):
    """``seconds`` as a WebVTT timestamp, hours:minutes:seconds.milliseconds."""
    milliseconds = int(seconds * 1000)
    minutes, milliseconds = divmod(milliseconds, 60_000)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{milliseconds // 1000:02d}.{milliseconds % 1000:03d}"


def _milliseconds(parts):
    """The timestamp in whole milliseconds; infinity when its hours have more than MAX_HOUR_DIGITS significant
    digits."""
    hours, minutes, seconds, millis = parts
    hours = (hours or "0").lstrip("0") or "0"
    if len(hours) > MAX_HOUR_DIGITS:
        return math.inf
    return ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000 + int(millis)
