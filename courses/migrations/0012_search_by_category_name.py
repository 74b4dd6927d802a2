"""Search finds a course by its category's name: on SQLite an FTS5 table of the category names (Spanish and
English), kept in step by triggers like the others of migration 0005. PostgreSQL needs nothing: the handful of
categories is read without an index."""

from django.db import migrations

from courses.search_documents import CATEGORY_TEXT, sqlite_full_text_create


def create_category_index(apps, schema_editor):
    sqlite_full_text_create(schema_editor.connection)


def drop_category_index(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    with schema_editor.connection.cursor() as cursor:
        for statement in CATEGORY_TEXT.drop_statements():
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("courses", "0011_course_review_status_and_publish_permission")]

    operations = [migrations.RunPython(create_category_index, drop_category_index)]
