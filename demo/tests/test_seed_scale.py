import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Max, Min, Sum

from analytics.models import CourseDay, SiteDay
from courses.models import Course, Lesson
from courses.tests.factories import CategoryFactory
from learning.models import Rating

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="seed_scale generates its rows in PostgreSQL"),
]


def test_seed_scale_adds_published_courses_with_lessons_and_ratings_that_the_api_serves(api_client):
    CategoryFactory()

    call_command(
        "seed_scale",
        courses=4,
        lessons_per_course=3,
        learners=5,
        ratings_per_learner=2,
        active_learners=10,
        active_courses=2,
        stdout=io.StringIO(),
    )

    course = Course.objects.published().get(slug="curso-sintetico-1")
    assert (Course.objects.published().count(), Lesson.objects.count()) == (4, 12)
    scores = list(Rating.objects.filter(course=course).values_list("score", flat=True))
    assert course.total_ratings == len(scores) > 0
    assert course.rating_distribution == {str(score): scores.count(score) for score in range(1, 6)}
    response = api_client.get("/api/v1/courses/curso-sintetico-1/")
    assert response.status_code == 200
    assert [lesson["slug"] for lesson in response.json()["lessons"]] == ["clase-1", "clase-2", "clase-3"]


def test_seed_scale_adds_ninety_days_of_activity_to_the_rollups():
    CategoryFactory()

    call_command(
        "seed_scale",
        courses=4,
        lessons_per_course=3,
        learners=5,
        ratings_per_learner=2,
        active_learners=40,
        active_courses=3,
        stdout=io.StringIO(),
    )

    days = SiteDay.objects.aggregate(first=Min("day"), last=Max("day"), learners=Sum("active_learners"))
    assert (days["last"] - days["first"]).days > 60
    assert days["learners"] > 0
    assert CourseDay.objects.filter(enrolments__gt=0).values("course").distinct().count() > 1
