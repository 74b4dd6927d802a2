"""Catalog search, the one place that decides what a learner's search text matches.

PostgreSQL: Spanish accent-insensitive full text plus trigram similarity for typos (see search_documents).
SQLite: a case-insensitive substring match.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, CharField, Exists, FloatField, OuterRef, Q, Value, When

from courses.models import Course, Lesson
from courses.search_documents import (
    SEARCH_CONFIG,
    ImmutableUnaccent,
    course_document,
    course_heading_document,
    cue_document,
    name_document,
)
from teachers.models import Teacher

SEARCH_MAX_LENGTH = 200
TRIGRAM_MIN_SIMILARITY = 0.45


def clean_search_text(text):
    """Whitespace collapsed, control characters (PostgreSQL refuses NUL) dropped, cut to SEARCH_MAX_LENGTH."""
    printable = "".join(char if char.isprintable() else " " for char in str(text))
    return " ".join(printable.split())[:SEARCH_MAX_LENGTH]


def course_ids_taught_by(teachers):
    return Course.teachers.through.objects.filter(teacher__in=teachers).values("course_id")


def course_search(queryset, text):
    """``queryset`` narrowed to the courses matching ``text``, annotated with a relevance ``rank``."""
    text = clean_search_text(text)
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, text)
    return _simple_search(queryset, text)


def _postgres_search(queryset, text):
    """Full-text (Spanish, accent-insensitive) plus trigram (typo-tolerant) search, annotated with ``rank``.

    The matching ids come from a UNION of four small lookups, so each one can use its own index (migration 0002)
    instead of one OR that forces a scan computing every course's document. Typos are caught by trigram word
    similarity on the short course and teacher names, with a threshold below pg_trgm's default 0.6 because
    "pyton" is only 0.5 similar to "Python".
    """
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    unaccented = ImmutableUnaccent(Value(text))

    def name_similarity():
        return TrigramWordSimilarity(unaccented, ImmutableUnaccent("name"))

    lessons = Lesson.objects.annotate(document=name_document()).filter(document=query).order_by().values("course_id")
    teachers = (
        Teacher.objects.annotate(document=name_document(), similarity=name_similarity())
        .order_by()
        .filter(Q(document=query) | Q(similarity__gte=TRIGRAM_MIN_SIMILARITY))
    )
    course_ids_by_teacher = course_ids_taught_by(teachers)
    matching_ids = (
        Course.all_objects.annotate(document=course_document())
        .filter(document=query)
        .order_by()
        .values("id")
        .union(
            Course.all_objects.annotate(similarity=name_similarity())
            .filter(similarity__gte=TRIGRAM_MIN_SIMILARITY)
            .order_by()
            .values("id"),
            lessons,
            course_ids_by_teacher,
        )
    )
    bonus = Value(0.2, output_field=FloatField())
    no_bonus = Value(0.0, output_field=FloatField())
    return queryset.filter(id__in=matching_ids).annotate(
        rank=SearchRank(course_heading_document(), query)
        + name_similarity()
        + Case(When(Exists(lessons.filter(course_id=OuterRef("pk"))), then=bonus), default=no_bonus)
        + Case(When(id__in=course_ids_by_teacher, then=bonus), default=no_bonus)
    )


def _simple_search(queryset, text):
    """The SQLite fallback: a case-insensitive substring match, every hit ranked alike."""
    return queryset.filter(
        Q(name__icontains=text)
        | Q(summary__icontains=text)
        | Q(description__icontains=text)
        | Q(id__in=Lesson.objects.filter(name__icontains=text).values("course_id"))
        | Q(id__in=course_ids_taught_by(Teacher.objects.filter(name__icontains=text)))
    ).annotate(rank=Value(1.0, output_field=FloatField()))


# Private-use characters that never occur in captions: PostgreSQL marks the matched words with them, and the
# page escapes the cue text before turning them into <mark>.
HIGHLIGHT_START, HIGHLIGHT_END = "\ue000", "\ue001"


def moment_search(queryset, text):
    """Caption cues of ``queryset`` matching ``text``, with a ``highlighted`` copy of their text and a ``rank``."""
    text = clean_search_text(text)
    if connection.vendor == "postgresql":
        query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
        return (
            queryset.annotate(document=cue_document())
            .filter(document=query)
            .annotate(
                rank=SearchRank(cue_document(), query),
                highlighted=SearchHeadline(
                    "text",
                    query,
                    config=SEARCH_CONFIG,
                    start_sel=HIGHLIGHT_START,
                    stop_sel=HIGHLIGHT_END,
                    highlight_all=True,
                ),
            )
        )
    return queryset.filter(text__icontains=text).annotate(
        rank=Value(1.0, output_field=FloatField()), highlighted=Value("", output_field=CharField())
    )


def highlight_substring(text, search):
    """``text`` with each case-insensitive occurrence of ``search`` between the highlight marks (SQLite)."""
    search = clean_search_text(search)
    if not search:
        return text
    return re.sub(re.escape(search), lambda found: f"{HIGHLIGHT_START}{found[0]}{HIGHLIGHT_END}", text, flags=re.I)
