"""Catalog search on PostgreSQL: unaccent and pg_trgm, a Spanish accent-insensitive configuration and indexes.

Everything here is a no-op on SQLite, where the catalog falls back to a simple ``icontains`` search.
"""

from django.contrib.postgres import operations as postgres
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations

from courses.search_documents import SEARCH_CONFIG, ImmutableUnaccent, course_document, name_document

CREATE_SQL = f"""
CREATE OR REPLACE FUNCTION platziflix_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;
CREATE TEXT SEARCH CONFIGURATION {SEARCH_CONFIG} (COPY = pg_catalog.spanish);
ALTER TEXT SEARCH CONFIGURATION {SEARCH_CONFIG}
    ALTER MAPPING FOR hword, hword_part, word WITH public.unaccent, spanish_stem;
"""
DROP_SQL = f"""
DROP TEXT SEARCH CONFIGURATION IF EXISTS {SEARCH_CONFIG};
DROP FUNCTION IF EXISTS platziflix_unaccent(text);
"""


class PostgresOnlyBackwards:
    """Django's CreateExtension skips other databases going forwards but not backwards; make both skip."""

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class UnaccentExtension(PostgresOnlyBackwards, postgres.UnaccentExtension):
    pass


class TrigramExtension(PostgresOnlyBackwards, postgres.TrigramExtension):
    pass


def _indexes(apps):
    course, lesson, teacher = (
        apps.get_model("courses", "Course"),
        apps.get_model("courses", "Lesson"),
        apps.get_model("teachers", "Teacher"),
    )
    trigram_name = OpClass(ImmutableUnaccent("name"), name="gin_trgm_ops")
    return [
        (course, GinIndex(course_document(), name="course_search_document_idx")),
        (course, GinIndex(trigram_name, name="course_name_trigram_idx")),
        (lesson, GinIndex(name_document(), name="lesson_name_search_idx")),
        (teacher, GinIndex(name_document(), name="teacher_name_search_idx")),
        (teacher, GinIndex(trigram_name, name="teacher_name_trigram_idx")),
    ]


def create_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(CREATE_SQL)
    for model, index in _indexes(apps):
        schema_editor.execute(index.create_sql(model, schema_editor))


def drop_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, index in _indexes(apps):
        schema_editor.execute(index.remove_sql(model, schema_editor))
    schema_editor.execute(DROP_SQL)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("teachers", "0001_initial"),
    ]

    operations = [
        UnaccentExtension(),
        TrigramExtension(),
        migrations.RunPython(create_search_objects, drop_search_objects),
    ]
