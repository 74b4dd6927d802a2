"""Rating and LessonProgress, moved here from the courses app with every row they hold.

The models first take over the existing tables (``courses_rating``, ``courses_lessonprogress``) in the migration
state only; then the tables are renamed to this app's names, and the content types (and so the staff permissions
and admin history that point at them) follow. Backwards, each step is undone in reverse order.
"""

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED_MODELS = ["rating", "lessonprogress"]


def move_content_types(apps, schema_editor, source, target):
    content_types = apps.get_model("contenttypes", "ContentType")
    content_types.objects.using(schema_editor.connection.alias).filter(app_label=source, model__in=MOVED_MODELS).update(
        app_label=target
    )


def content_types_to_learning(apps, schema_editor):
    move_content_types(apps, schema_editor, "courses", "learning")


def content_types_to_courses(apps, schema_editor):
    move_content_types(apps, schema_editor, "learning", "courses")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("courses", "0003_move_ratings_and_progress_to_learning"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LessonProgress",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        (
                            "position_seconds",
                            models.PositiveIntegerField(default=0, verbose_name="last position (seconds)"),
                        ),
                        ("completed_at", models.DateTimeField(blank=True, null=True, verbose_name="completed at")),
                        (
                            "lesson",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="progress",
                                to="courses.lesson",
                                verbose_name="lesson",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="lesson_progress",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "courses_lessonprogress",
                        "verbose_name": "lesson progress",
                        "verbose_name_plural": "lesson progress",
                        "indexes": [models.Index(fields=["user", "-updated_at"], name="progress_user_recent_idx")],
                        "constraints": [
                            models.UniqueConstraint(fields=("user", "lesson"), name="progress_one_per_user_and_lesson")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="Rating",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created at")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="updated at")),
                        (
                            "deleted_at",
                            models.DateTimeField(
                                blank=True, db_index=True, editable=False, null=True, verbose_name="deleted at"
                            ),
                        ),
                        (
                            "score",
                            models.PositiveSmallIntegerField(
                                help_text="From 1 to 5 stars.",
                                validators=[
                                    django.core.validators.MinValueValidator(1),
                                    django.core.validators.MaxValueValidator(5),
                                ],
                                verbose_name="score",
                            ),
                        ),
                        ("review", models.TextField(blank=True, max_length=2000, verbose_name="review")),
                        (
                            "course",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="ratings",
                                to="courses.course",
                                verbose_name="course",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="ratings",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="user",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "courses_rating",
                        "verbose_name": "rating",
                        "verbose_name_plural": "ratings",
                        "ordering": ["-created_at"],
                        "indexes": [
                            models.Index(
                                condition=models.Q(("deleted_at__isnull", True)),
                                fields=["course", "score"],
                                name="rating_course_score_idx",
                            ),
                            models.Index(
                                condition=models.Q(("deleted_at__isnull", True)),
                                fields=["course", "-created_at"],
                                name="rating_course_recent_idx",
                            ),
                        ],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("score__gte", 1), ("score__lte", 5)),
                                name="rating_score_between_1_and_5",
                                violation_error_message="The score must be between 1 and 5.",
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("deleted_at__isnull", True)),
                                fields=("user", "course"),
                                name="rating_one_active_per_user_and_course",
                                violation_error_message="This learner has already rated this course.",
                            ),
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.AlterModelTable(name="lessonprogress", table=None),
        migrations.AlterModelTable(name="rating", table=None),
        migrations.RunPython(content_types_to_learning, content_types_to_courses),
    ]
