"""Moment search on PostgreSQL: a GIN index on the Spanish, accent-insensitive document of each caption cue.

The configuration comes from 0002_search. A no-op on SQLite, where moments are found with ``icontains``.
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations

from courses.search_documents import cue_document

INDEX = GinIndex(cue_document(), name="caption_cue_search_idx")


def create_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX.create_sql(apps.get_model("courses", "CaptionCue"), schema_editor))


def drop_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX.remove_sql(apps.get_model("courses", "CaptionCue"), schema_editor))


class Migration(migrations.Migration):
    dependencies = [("courses", "0007_lesson_video_and_captions")]

    operations = [migrations.RunPython(create_index, drop_index)]
