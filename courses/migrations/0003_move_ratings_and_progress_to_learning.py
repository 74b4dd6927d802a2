"""Rating and LessonProgress now belong to the learning app (learning/0001 takes over their tables).

State only: the tables, their rows and their constraints stay exactly as they are.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_search"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="LessonProgress"),
                migrations.DeleteModel(name="Rating"),
            ],
            database_operations=[],
        ),
    ]
