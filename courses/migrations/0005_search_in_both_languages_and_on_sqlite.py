"""Search on both databases and in both languages.

PostgreSQL: GIN indexes for English full text on the translations. SQLite (the default set-up): FTS5 tables
with accent folding for courses, lessons and teachers, kept in step by triggers (courses.apps re-creates the
triggers after any later migration that rebuilds those tables). Each half is a no-op on the other database.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from courses.search_documents import (
    course_english_document,
    english_name_document,
    sqlite_full_text_create,
    sqlite_full_text_drop,
)


def _english_indexes(apps):
    course, lesson = apps.get_model("courses", "Course"), apps.get_model("courses", "Lesson")
    return [
        (course, GinIndex(course_english_document(), name="course_english_document_idx")),
        (lesson, GinIndex(english_name_document(), name="lesson_english_name_idx")),
    ]


def create_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _english_indexes(apps):
            schema_editor.execute(index.create_sql(model, schema_editor))
    sqlite_full_text_create(schema_editor.connection)


def drop_search_objects(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for model, index in _english_indexes(apps):
            schema_editor.execute(index.remove_sql(model, schema_editor))
    sqlite_full_text_drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0004_content_in_english"),
        ("teachers", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_search_objects, drop_search_objects)]
