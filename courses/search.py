"""Catalog search, the one place that decides what a learner's search text matches.

A course matches by its own texts, its lessons' names, its teachers' names and its category's name, so
"programacion" finds every course of "Programación". The related names are looked up when searching, not copied
into the course, so renaming a category or a teacher changes what matches at once. Both databases forgive
accents and small typos and search the Spanish and English texts:

- PostgreSQL: Spanish accent-insensitive full text plus trigram similarity for typos (see search_documents),
  and English full text on the translations.
- SQLite (the default set-up): FTS5 tables with accent folding (``unicode61 remove_diacritics 2``), a light
  Spanish stemmer (prefix queries on word stems) and, for a word no indexed term starts with, the closest
  indexed terms by edit similarity.

``search_suggestion`` offers the closest course, teacher or category name when nothing matches.
"""

import difflib
import re
import unicodedata

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, TrigramWordSimilarity
from django.db import connection
from django.db.models import Case, CharField, F, FloatField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Greatest, NullIf

from core.translation import active_translation_language
from courses.models import Category, Course, Lesson
from courses.search_documents import (
    CATEGORY_TEXT,
    COURSE_TEXT,
    ENGLISH_CONFIG,
    LESSON_TEXT,
    SEARCH_CONFIG,
    SQLITE_INDEXES,
    TEACHER_TEXT,
    ImmutableUnaccent,
    course_document,
    course_english_document,
    course_heading_document,
    cue_document,
    english_name_document,
    name_document,
)
from teachers.models import Teacher

SEARCH_MAX_LENGTH = 200
TRIGRAM_MIN_SIMILARITY = 0.45
SUGGESTION_MIN_SIMILARITY = 0.5  # trigram word similarity (PostgreSQL)
SUGGESTION_MIN_RATIO = 0.6  # difflib's ratio, which scores unrelated words higher (SQLite)
TYPO_MIN_SIMILARITY = 0.8
MAX_SEARCH_WORDS = 12

# Name hits outrank summary hits, which outrank description, lesson, teacher and category hits (SQLite ranking).
FIELD_WEIGHTS = {"name": 3.0, "summary": 2.0, "description": 1.0}
RELATED_WEIGHT = 0.5

# Longest first; stems keep at least four letters, so "programando", "programar" and "programación" meet.
SPANISH_SUFFIXES = sorted(
    [
        "aciones", "iciones", "amientos", "imientos", "amiento", "imiento", "acion", "icion", "mente",
        "ando", "iendo", "ados", "idos", "adas", "idas", "ado", "ido", "ada", "ida", "ar", "er", "ir",
        "es", "os", "as", "s",
    ],
    key=len,
    reverse=True,
)  # fmt: skip


def clean_search_text(text):
    """Whitespace collapsed, control characters (PostgreSQL refuses NUL) dropped, cut to SEARCH_MAX_LENGTH."""
    printable = "".join(char if char.isprintable() else " " for char in str(text))
    return " ".join(printable.split())[:SEARCH_MAX_LENGTH]


def fold(text):
    """Lower case without accents: what both databases compare."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def search_words(text):
    return re.findall(r"\w+", fold(clean_search_text(text)))[:MAX_SEARCH_WORDS]


def course_ids_taught_by(teachers):
    return Course.teachers.through.objects.filter(teacher__in=teachers).values("course_id")


def course_ids_in(categories):
    return Course.all_objects.filter(category__in=categories).order_by().values("id")


def course_search(queryset, text):
    """``queryset`` narrowed to the courses matching ``text``, annotated with a relevance ``rank``."""
    text = clean_search_text(text)
    if connection.vendor == "postgresql":
        return _postgres_search(queryset, text)
    return _sqlite_search(queryset, text)


def _postgres_search(queryset, text):
    """Full-text (Spanish, accent-insensitive) plus trigram (typo-tolerant) search, annotated with ``rank``.

    The matching ids come from a UNION of small lookups, so each one can use its own index (migrations 0002 and
    0005) instead of one OR that forces a scan computing every course's document. Typos are caught by trigram word
    similarity on the short course and teacher names, with a threshold below pg_trgm's default 0.6 because
    "pyton" is only 0.5 similar to "Python". English translations are matched with English full text.
    """
    query = SearchQuery(text, config=SEARCH_CONFIG, search_type="websearch")
    english_query = SearchQuery(text, config=ENGLISH_CONFIG, search_type="websearch")
    unaccented = ImmutableUnaccent(Value(text))

    def name_similarity():
        return TrigramWordSimilarity(unaccented, ImmutableUnaccent("name"))

    lessons = (
        Lesson.objects.annotate(document=name_document())
        .filter(document=query)
        .order_by()
        .values("course_id")
        .union(
            Lesson.objects.annotate(document=english_name_document())
            .filter(document=english_query)
            .order_by()
            .values("course_id")
        )
    )
    teachers = (
        Teacher.objects.annotate(document=name_document(), similarity=name_similarity())
        .order_by()
        .filter(Q(document=query) | Q(similarity__gte=TRIGRAM_MIN_SIMILARITY))
    )
    course_ids_by_teacher = course_ids_taught_by(teachers)
    categories = (
        Category.objects.annotate(document=name_document())
        .filter(document=query)
        .order_by()
        .values("id")
        .union(Category.objects.annotate(document=english_name_document()).filter(document=english_query).values("id"))
    )
    course_ids_by_category = course_ids_in(categories)
    matching_ids = (
        Course.all_objects.annotate(document=course_document())
        .filter(document=query)
        .order_by()
        .values("id")
        .union(
            Course.all_objects.annotate(document=course_english_document())
            .filter(document=english_query)
            .order_by()
            .values("id"),
            Course.all_objects.annotate(similarity=name_similarity())
            .filter(similarity__gte=TRIGRAM_MIN_SIMILARITY)
            .order_by()
            .values("id"),
            lessons,
            course_ids_by_teacher,
            course_ids_by_category,
        )
    )
    bonus = Value(0.2, output_field=FloatField())
    no_bonus = Value(0.0, output_field=FloatField())
    return queryset.filter(id__in=matching_ids).annotate(
        rank=SearchRank(course_heading_document(), query)
        + SearchRank(course_english_document(), english_query)
        + name_similarity()
        + Case(When(id__in=lessons, then=bonus), default=no_bonus)
        + Case(When(id__in=course_ids_by_teacher, then=bonus), default=no_bonus)
        + Case(When(id__in=course_ids_by_category, then=bonus), default=no_bonus)
    )


def _stem(word):
    for suffix in SPANISH_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def _indexed_terms():
    """Every term the SQLite full-text tables hold (already folded): what typos are corrected towards."""
    with connection.cursor() as cursor:
        cursor.execute(" UNION ".join(f"SELECT term FROM {index.vocabulary}" for index in SQLITE_INDEXES))
        return [row[0] for row in cursor.fetchall()]


def _fts_query(words, terms):
    """An FTS5 MATCH expression: every word must match, as a stem prefix or as a close indexed term."""
    clauses = []
    for word in words:
        options = [f'"{_stem(word)}"*']
        if not any(term.startswith(word) for term in terms):
            # Typos rarely hit the first letter; keeping it stops "fredy" from matching "ready".
            same_start = [term for term in terms if term[:1] == word[:1]]
            close = difflib.get_close_matches(word, same_start, n=3, cutoff=TYPO_MIN_SIMILARITY)
            options.extend(f'"{term}"' for term in close)
        clauses.append("(" + " OR ".join(options) + ")")
    return " AND ".join(clauses)


def _fts_ids(index, match, column=None):
    expression = f"{{{column}}} : ({match})" if column else match
    return RawSQL(f"SELECT rowid FROM {index.name} WHERE {index.name} MATCH %s", [expression])


def _sqlite_search(queryset, text):
    """FTS5 search on the default set-up, ranked by where the words were found (name > summary > rest)."""
    words = search_words(text)
    if not words:
        return queryset.none().annotate(rank=Value(0.0, output_field=FloatField()))
    match = _fts_query(words, set(_indexed_terms()))
    lessons = Lesson.objects.filter(id__in=_fts_ids(LESSON_TEXT, match)).values("course_id")
    by_teacher = course_ids_taught_by(Teacher.objects.filter(id__in=_fts_ids(TEACHER_TEXT, match)))
    by_category = course_ids_in(Category.objects.filter(id__in=_fts_ids(CATEGORY_TEXT, match)))
    no_weight = Value(0.0, output_field=FloatField())

    def weight(condition, value):
        return Case(When(condition, then=Value(value, output_field=FloatField())), default=no_weight)

    rank = sum(
        (weight(Q(id__in=_fts_ids(COURSE_TEXT, match, column)), value) for column, value in FIELD_WEIGHTS.items()),
        start=weight(Q(id__in=lessons), RELATED_WEIGHT)
        + weight(Q(id__in=by_teacher), RELATED_WEIGHT)
        + weight(Q(id__in=by_category), RELATED_WEIGHT),
    )
    matches = Q(id__in=_fts_ids(COURSE_TEXT, match)) | Q(id__in=lessons) | Q(id__in=by_teacher) | Q(id__in=by_category)
    return queryset.filter(matches).annotate(rank=rank)


def _similarity(query, name):
    """How close ``query`` is to ``name`` or to a run of as many words in it, from 0 to 1."""
    query, name = fold(query), fold(name)
    words = name.split()
    size = max(1, len(query.split()))
    windows = [" ".join(words[start : start + size]) for start in range(max(1, len(words) - size + 1))]
    return max(difflib.SequenceMatcher(None, query, candidate).ratio() for candidate in [name, *windows])


def _displayed_name():
    """A course or category name as the learner reads it: the active language's translation, else the Spanish."""
    language = active_translation_language()
    if language is None:
        return F("name")
    return Coalesce(NullIf(F(f"name_{language}"), Value("")), F("name"), output_field=CharField())


def _suggestion_sources():
    """What a suggestion may offer: published courses, teachers and categories, each annotated with ``shown``,
    its name as the learner reads it."""
    return [
        Course.objects.published().order_by().annotate(shown=_displayed_name()),
        Teacher.objects.order_by().annotate(shown=F("name")),
        Category.objects.order_by().annotate(shown=_displayed_name()),
    ]


def suggestion_names():
    """The names a suggestion may offer, as the learner reads them."""
    courses, *others = (source.values_list("shown", flat=True) for source in _suggestion_sources())
    return courses.union(*others)


def _suggestion_pieces(text):
    """The whole text and its longer words: "kubernetis avanzado" should still suggest "Curso de Kubernetes"."""
    return [text, *(word for word in search_words(text) if len(word) >= 4)][:5]


def search_suggestion(text):
    """The course, teacher or category name closest to ``text`` ("¿Quisiste decir …?"), or "" when none is."""
    text = clean_search_text(text)
    if not search_words(text):
        return ""
    if connection.vendor == "postgresql":
        return _postgres_suggestion(text)
    pieces = _suggestion_pieces(text)
    scored = [(max(_similarity(piece, name) for piece in pieces), name) for name in suggestion_names()]
    best = max(scored, default=(0, ""))
    return best[1] if best[0] >= SUGGESTION_MIN_RATIO and fold(best[1]) != fold(text) else ""


def _postgres_suggestion(text):
    """The best trigram word similarity of the whole text, or of any one of its longer words, to each name."""
    pieces = _suggestion_pieces(text)

    def similarity():
        scores = [
            TrigramWordSimilarity(ImmutableUnaccent(Value(piece)), ImmutableUnaccent("shown")) for piece in pieces
        ]
        return Greatest(*scores) if len(scores) > 1 else scores[0]

    candidates = []
    for source in _suggestion_sources():
        best = (
            source.annotate(similarity=similarity()).order_by("-similarity").values_list("similarity", "shown").first()
        )
        if best:
            candidates.append(best)
    similarity, name = max(candidates, default=(0, ""))
    if similarity < SUGGESTION_MIN_SIMILARITY or fold(name) == fold(text):
        return ""
    return name


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
