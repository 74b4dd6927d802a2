"""The WebVTT parser with any input: NUL bytes, extreme numbers, garbage. Each file is either parsed into cues the
database can store or refused with a ValidationError naming the problem; nothing else ever escapes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from courses import services
from courses.models import Caption
from courses.tests.factories import LessonFactory

BOUNDED = settings(max_examples=300, deadline=timedelta(seconds=2))
DIGITS = "0123456789"

# Hours of any length (WebVTT allows two digits or more), minutes and seconds in and out of range.
hours = st.one_of(
    st.none(),
    st.integers(min_value=0, max_value=10**20).map(lambda number: f"{number:02d}"),
    st.text(DIGITS, min_size=2, max_size=30),
    st.integers(min_value=4_000, max_value=6_000).map(lambda digits: "9" * digits),
)
sixty = st.one_of(st.integers(min_value=0, max_value=59).map(lambda number: f"{number:02d}"), st.text(DIGITS + "x"))
timestamps = st.builds(
    lambda hh, mm, ss, ms: f"{hh + ':' if hh is not None else ''}{mm}:{ss}.{ms}",
    hours,
    sixty,
    sixty,
    st.one_of(st.text(DIGITS, min_size=3, max_size=3), st.text(DIGITS, max_size=5)),
)
cue_texts = st.text(st.characters(codec="utf-8"), max_size=40)  # NUL, line breaks and "-->" included
cues = st.builds(lambda start, end, text: f"{start} --> {end}\n{text}", timestamps, timestamps, cue_texts)


def _timestamp(milliseconds):
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


# Well-formed cues, mostly in the first hours, some near and past what the columns hold (999,999.999 s), one
# line of any text each.
well_formed_cues = st.builds(
    lambda start, length, text: f"{_timestamp(start)} --> {_timestamp(start + length)}\n{text or '-'}",
    st.one_of(*[st.integers(min_value=0, max_value=10**7)] * 4, st.integers(min_value=999_990_000, max_value=10**9)),
    st.integers(min_value=1, max_value=10**7),
    st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=40),
)
well_formed_documents = st.lists(well_formed_cues, max_size=5).map(lambda blocks: "WEBVTT\n\n" + "\n\n".join(blocks))
documents = st.one_of(
    well_formed_documents,
    st.lists(st.one_of(well_formed_cues, cues), max_size=5).map(lambda blocks: "WEBVTT\n\n" + "\n\n".join(blocks)),
    st.text(st.characters(codec="utf-8")).map(lambda text: "WEBVTT\n\n" + text),
).map(lambda text: text.encode("utf-8"))
garbage = st.one_of(st.binary(max_size=200), st.binary(max_size=200).map(lambda data: b"WEBVTT\n\n" + data))


def _parsed_or_refused(data):
    """The cues of ``data``, or None when they are refused with a ValidationError."""
    try:
        parsed = services.caption_cues_parse(data=data)
    except ValidationError:
        event("refused")
        return None
    event("parsed")
    return parsed


@BOUNDED
@given(data=st.one_of(documents, garbage))
def test_any_file_is_parsed_into_storable_cues_or_refused_with_a_validation_error(data):
    parsed = _parsed_or_refused(data)

    latest = float(services.caption_cue_max_seconds())
    for cue in parsed or []:
        assert 0 <= cue.start_seconds < cue.end_seconds <= latest
        assert "\x00" not in cue.text


@pytest.fixture
def lesson(db):
    return LessonFactory()


@settings(
    max_examples=40,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.one_of(well_formed_documents.map(lambda text: text.encode("utf-8")), documents))
def test_whatever_the_parser_accepts_the_database_stores(lesson, data):
    if _parsed_or_refused(data) is None:
        return
    upload = SimpleUploadedFile("captions.vtt", data)

    caption = services.caption_save(lesson=lesson, language=Caption.Language.SPANISH, file=upload)

    assert caption.cues.count() == len(services.caption_cues_parse(data=data))
