"""Ratings and progress moved from the courses app to learning: an installation keeps every row."""

from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from learning.models import LessonProgress, Rating

BEFORE_THE_MOVE = [
    ("accounts", "0001_initial"),
    ("courses", "0002_search"),
    ("teachers", "0001_initial"),
    ("authtoken", "0004_alter_tokenproxy_options"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def _latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def database_before_the_move(transactional_db):
    """The database as main left it before the learning app existed; migrated to the latest state afterwards."""
    old_apps = _migrate(BEFORE_THE_MOVE)
    yield old_apps
    _migrate(_latest())


def _write_rows_with_the_historical_models(old_apps):
    user = old_apps.get_model("accounts", "User").objects.create(username="ana", email="ana@example.com")
    token = old_apps.get_model("authtoken", "Token").objects.create(key="a" * 40, user=user)
    category = old_apps.get_model("courses", "Category").objects.create(name="Datos", slug="datos")
    course = old_apps.get_model("courses", "Course").objects.create(
        name="SQL", slug="sql", summary="Consultas", category=category, average_rating=Decimal("4.00"), total_ratings=1
    )
    lesson = old_apps.get_model("courses", "Lesson").objects.create(course=course, name="SELECT", slug="select")
    rating = old_apps.get_model("courses", "Rating").objects.create(course=course, user=user, score=4, review="Útil")
    progress = old_apps.get_model("courses", "LessonProgress").objects.create(
        user=user, lesson=lesson, position_seconds=42
    )
    content_types = old_apps.get_model("contenttypes", "ContentType")
    rating_type = content_types.objects.get_or_create(app_label="courses", model="rating")[0]
    return {"user": user.pk, "token": token.key, "rating": rating.pk, "progress": progress.pk, "type": rating_type.pk}


def test_ratings_progress_users_and_tokens_survive_the_move_to_the_learning_app(database_before_the_move):
    written = _write_rows_with_the_historical_models(database_before_the_move)

    new_apps = _migrate(_latest())

    rating = Rating.objects.select_related("course", "user").get(pk=written["rating"])
    progress = LessonProgress.objects.select_related("lesson").get(pk=written["progress"])
    assert (rating.user.username, rating.course.slug, rating.score, rating.review) == ("ana", "sql", 4, "Útil")
    assert (progress.user_id, progress.lesson.slug, progress.position_seconds) == (written["user"], "select", 42)
    assert new_apps.get_model("authtoken", "Token").objects.get(user_id=written["user"]).key == written["token"]
    assert new_apps.get_model("contenttypes", "ContentType").objects.get(pk=written["type"]).app_label == "learning"
    assert {"learning_rating", "learning_lessonprogress"} <= set(connection.introspection.table_names())


def test_the_move_runs_backwards_and_keeps_the_rows(database_before_the_move):
    written = _write_rows_with_the_historical_models(database_before_the_move)
    _migrate(_latest())

    old_apps = _migrate(BEFORE_THE_MOVE)

    assert old_apps.get_model("courses", "Rating").objects.get(pk=written["rating"]).score == 4
    assert old_apps.get_model("courses", "LessonProgress").objects.get(pk=written["progress"]).position_seconds == 42
    assert "courses_rating" in connection.introspection.table_names()
