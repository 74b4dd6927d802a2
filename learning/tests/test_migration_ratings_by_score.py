"""courses.0009 adds the per-score rating counts and learning.0004 fills them from the ratings already there."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from courses.models import Course
from learning.tests.test_migrations import _latest, _migrate

BEFORE_THE_COUNTS = [("courses", "0008_caption_cue_search"), ("learning", "0003_learning_paths_in_english")]


@pytest.fixture
def database_before_the_counts(transactional_db):
    old_apps = _migrate(BEFORE_THE_COUNTS)
    yield old_apps
    _migrate(_latest())


def _courses_with_ratings(old_apps):
    users = old_apps.get_model("accounts", "User").objects
    category = old_apps.get_model("courses", "Category").objects.create(name="Datos", slug="datos")
    courses = old_apps.get_model("courses", "Course").objects
    rated = courses.create(name="SQL", slug="sql", summary="Consultas", category=category)
    unrated = courses.create(name="Excel", slug="excel", summary="Tablas", category=category)
    ratings = old_apps.get_model("learning", "Rating").objects
    for number, score in enumerate([5, 5, 3, 1]):
        user = users.create(username=f"learner{number}", email=f"learner{number}@example.com")
        ratings.create(course=rated, user=user, score=score)
    ratings.filter(score=1).update(deleted_at=datetime(2026, 1, 1, tzinfo=UTC))  # hidden by moderation
    return rated.pk, unrated.pk


def test_the_counts_by_score_are_filled_from_the_active_ratings(database_before_the_counts):
    rated, unrated = _courses_with_ratings(database_before_the_counts)

    _migrate(_latest())

    assert Course.all_objects.get(pk=rated).rating_distribution == {"1": 0, "2": 0, "3": 1, "4": 0, "5": 2}
    assert Course.all_objects.get(pk=unrated).rating_distribution == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}


def test_the_counts_migrations_run_backwards(database_before_the_counts):
    rated, _unrated = _courses_with_ratings(database_before_the_counts)
    _migrate(_latest())

    old_apps = _migrate(BEFORE_THE_COUNTS)

    with connection.cursor() as cursor:
        columns = {column.name for column in connection.introspection.get_table_description(cursor, "courses_course")}
    assert "five_star_ratings" not in columns
    assert old_apps.get_model("learning", "Rating").objects.filter(course_id=rated).count() == 4
