"""The search expressions that migration 0002 indexes, kept apart from the models so the migration can import them.

The text search configuration ``spanish_unaccent`` is Spanish stemming behind the unaccent dictionary, so
"programacion" and "Programación" are the same word. ``platziflix_unaccent`` is an IMMUTABLE wrapper around
unaccent(), which PostgreSQL needs before it lets an index use it. Both are created by migration 0002.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchVector
from django.db.models import CharField, Func

SEARCH_CONFIG = "spanish_unaccent"


class ImmutableUnaccent(Func):
    function = "platziflix_unaccent"
    output_field = CharField()


def course_document():
    """The weighted search document of a course; migration 0002 builds a GIN index on this exact expression."""
    return (
        SearchVector("name", weight="A", config=SEARCH_CONFIG)
        + SearchVector("summary", weight="B", config=SEARCH_CONFIG)
        + SearchVector("description", weight="C", config=SEARCH_CONFIG)
    )


def course_heading_document():
    """Name and summary only: ranking on these stays cheap, as the long description is only used to match."""
    return SearchVector("name", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "summary", weight="B", config=SEARCH_CONFIG
    )


ENGLISH_CONFIG = "english"


def course_english_document():
    """The English translations of a course, searched alongside the Spanish; migration 0005 indexes it."""
    return (
        SearchVector("name_en", weight="A", config=ENGLISH_CONFIG)
        + SearchVector("summary_en", weight="B", config=ENGLISH_CONFIG)
        + SearchVector("description_en", weight="C", config=ENGLISH_CONFIG)
    )


def english_name_document():
    return SearchVector("name_en", config=ENGLISH_CONFIG)


def name_document():
    """The search document of a lesson, teacher or category name; migration 0002 indexes the first two (the
    handful of categories need no index)."""
    return SearchVector("name", config=SEARCH_CONFIG)


# SQLite, the zero-set-up default: FTS5 tables kept in step by triggers. ``unicode61 remove_diacritics 2`` folds
# case and accents, so "programacion" finds "Programación". Each table indexes the Spanish and English texts.
SQLITE_TOKENIZER = "unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class FullTextIndex:
    table: str
    columns: dict  # full-text column -> the source columns it joins

    @property
    def name(self):
        return f"{self.table}_fts"

    @property
    def vocabulary(self):
        return f"{self.table}_fts_terms"

    @property
    def triggers(self):
        return [f"{self.name}_{event}" for event in ("insert", "update", "delete")]

    def _values(self, row):
        return ", ".join(
            " || ' ' || ".join(f"coalesce({row}.{source}, '')" for source in sources)
            for sources in self.columns.values()
        )

    def create_statements(self):
        columns = ", ".join(self.columns)
        sources = ", ".join(source for group in self.columns.values() for source in group)
        insert_new = f"INSERT INTO {self.name}(rowid, {columns}) VALUES (new.id, {self._values('new')});"
        return [
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.name} USING fts5({columns}, tokenize = '{SQLITE_TOKENIZER}')",
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.vocabulary} USING fts5vocab({self.name}, 'row')",
            f"DELETE FROM {self.name}",
            f"INSERT INTO {self.name}(rowid, {columns}) SELECT id, {self._values(self.table)} FROM {self.table}",
            f"DROP TRIGGER IF EXISTS {self.name}_insert",
            f"DROP TRIGGER IF EXISTS {self.name}_update",
            f"DROP TRIGGER IF EXISTS {self.name}_delete",
            f"CREATE TRIGGER {self.name}_insert AFTER INSERT ON {self.table} BEGIN {insert_new} END",
            f"CREATE TRIGGER {self.name}_update AFTER UPDATE OF {sources} ON {self.table} "
            f"BEGIN DELETE FROM {self.name} WHERE rowid = old.id; {insert_new} END",
            f"CREATE TRIGGER {self.name}_delete AFTER DELETE ON {self.table} "
            f"BEGIN DELETE FROM {self.name} WHERE rowid = old.id; END",
        ]

    def drop_statements(self):
        return [
            *(f"DROP TRIGGER IF EXISTS {trigger}" for trigger in self.triggers),
            f"DROP TABLE IF EXISTS {self.vocabulary}",
            f"DROP TABLE IF EXISTS {self.name}",
        ]


COURSE_TEXT = FullTextIndex(
    "courses_course",
    {
        "name": ("name", "name_en"),
        "summary": ("summary", "summary_en"),
        "description": ("description", "description_en"),
    },
)
LESSON_TEXT = FullTextIndex("courses_lesson", {"name": ("name", "name_en")})
TEACHER_TEXT = FullTextIndex("teachers_teacher", {"name": ("name",)})
CATEGORY_TEXT = FullTextIndex("courses_category", {"name": ("name", "name_en")})
SQLITE_INDEXES = (COURSE_TEXT, LESSON_TEXT, TEACHER_TEXT, CATEGORY_TEXT)


def sqlite_full_text_create(connection):
    """Create (or rebuild) the FTS5 tables and their triggers on SQLite; nothing elsewhere."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for index in SQLITE_INDEXES:
            for statement in index.create_statements():
                cursor.execute(statement)


def sqlite_full_text_drop(connection):
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for index in SQLITE_INDEXES:
            for statement in index.drop_statements():
                cursor.execute(statement)


def sqlite_full_text_ensure(connection):
    """Rebuild the FTS5 tables when a trigger is missing: SQLite drops a table's triggers when a later migration
    rebuilds the table (how it adds most columns), so this runs after every ``migrate``. Does nothing before
    migration 0005 created the tables, or after it was reversed."""
    if connection.vendor != "sqlite":
        return
    expected = {trigger for index in SQLITE_INDEXES for trigger in index.triggers}
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        tables = {row[0] for row in cursor.fetchall()}
    if not all(index.name in tables for index in SQLITE_INDEXES):
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {row[0] for row in cursor.fetchall()}
    if not expected <= present:
        sqlite_full_text_create(connection)


def cue_document():
    """The search document of a caption cue; migration 0008_caption_cue_search indexes this exact expression."""
    return SearchVector("text", config=SEARCH_CONFIG)
