"""Ratings and progress under /api/v1/: contracts, status codes, bad input, CSRF and query budgets."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from courses.tests.factories import HIDDEN_COURSE_KINDS, LessonFactory, hidden_course
from learning.models import LessonProgress, Rating
from learning.tests.factories import LessonProgressFactory, RatingFactory

pytestmark = pytest.mark.django_db

RATING_FIELDS = {"id", "course", "user", "score", "review", "created_at", "updated_at"}


def test_first_rating_is_created_with_201(signed_in, course):
    response = signed_in.post("/api/v1/courses/django/ratings/", {"score": 4, "review": "Bueno"}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert set(body) == RATING_FIELDS
    assert (body["score"], body["review"], body["course"]) == (4, "Bueno", "django")
    assert set(body["user"]) == {"id", "name"}


def test_rating_is_replaced_with_200_when_learner_rates_again(signed_in, course):
    signed_in.post("/api/v1/courses/django/ratings/", {"score": 4}, format="json")

    response = signed_in.post("/api/v1/courses/django/ratings/", {"score": 2}, format="json")

    assert response.status_code == 200
    assert Rating.objects.get(course=course).score == 2


def test_rating_list_shows_active_ratings_newest_first(api_client, course):
    RatingFactory(course=course, score=3)
    RatingFactory(course=course, score=5)

    response = api_client.get("/api/v1/courses/django/ratings/")

    assert response.status_code == 200
    assert [r["score"] for r in response.json()["results"]] == [5, 3]


def test_rating_stats_answer_average_to_two_decimals_count_and_distribution(signed_in, course, django_user_model):
    signed_in.post("/api/v1/courses/django/ratings/", {"score": 5}, format="json")
    for name, score in [("b", 4), ("c", 4)]:
        signed_in.force_login(django_user_model.objects.create_user(name))
        signed_in.post("/api/v1/courses/django/ratings/", {"score": score}, format="json")

    response = signed_in.get("/api/v1/courses/django/ratings/stats/")

    assert response.json() == {
        "average_rating": 4.33,
        "total_ratings": 3,
        "rating_distribution": {"1": 0, "2": 0, "3": 0, "4": 2, "5": 1},
    }


def test_my_rating_is_read_changed_and_deleted(signed_in, course):
    created = signed_in.put("/api/v1/courses/django/ratings/mine/", {"score": 3}, format="json")
    read = signed_in.get("/api/v1/courses/django/ratings/mine/")
    replaced = signed_in.put("/api/v1/courses/django/ratings/mine/", {"score": 1}, format="json")
    deleted = signed_in.delete("/api/v1/courses/django/ratings/mine/")
    after = signed_in.get("/api/v1/courses/django/ratings/mine/")

    assert [created.status_code, read.status_code, replaced.status_code, deleted.status_code] == [201, 200, 200, 204]
    assert read.json()["score"] == 3
    assert after.status_code == 404
    assert not Rating.objects.filter(course=course).exists()


def test_deleting_a_rating_that_does_not_exist_answers_404(signed_in, course):
    response = signed_in.delete("/api/v1/courses/django/ratings/mine/")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/courses/django/ratings/"),
        ("get", "/api/v1/courses/django/ratings/mine/"),
        ("put", "/api/v1/courses/django/ratings/mine/"),
        ("delete", "/api/v1/courses/django/ratings/mine/"),
        ("put", "/api/v1/courses/django/lessons/a/progress/"),
        ("get", "/api/v1/me/progress/"),
    ],
)
def test_learner_endpoints_answer_401_to_anonymous_callers(api_client, course, method, url):
    response = getattr(api_client, method)(url, {"score": 3, "position_seconds": 1}, format="json")

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"score": 6}, "score"),
        ({"score": 0}, "score"),
        ({"score": "five"}, "score"),
        ({"score": 4.5}, "score"),
        ({"score": None}, "score"),
        ({}, "score"),
        ({"score": 3, "review": "x" * 2001}, "review"),
        ({"score": 3, "review": ["a"]}, "review"),
        ({"score": 3, "review": 0}, "review"),
        ({"score": 3, "review": False}, "review"),
    ],
)
def test_bad_rating_bodies_answer_400_naming_the_field_and_change_nothing(signed_in, learner, course, body, field):
    RatingFactory(course=course, user=learner, score=2)

    response = signed_in.post("/api/v1/courses/django/ratings/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert Rating.objects.get(course=course).score == 2


def test_malformed_json_answers_400_and_changes_nothing(signed_in, course):
    response = signed_in.post("/api/v1/courses/django/ratings/", '{"score": 4', content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()
    assert not Rating.objects.exists()


def test_oversized_body_answers_413(signed_in, course, settings):
    body = '{"score": 4, "review": "' + "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1) + '"}'

    response = signed_in.post("/api/v1/courses/django/ratings/", body, content_type="application/json")

    assert response.status_code == 413
    assert "detail" in response.json()
    assert not Rating.objects.exists()


@pytest.mark.parametrize("hidden", HIDDEN_COURSE_KINDS)
def test_every_learner_route_of_a_course_learners_cannot_see_answers_404(signed_in, hidden):
    course = hidden_course(hidden, slug="oculto")
    lesson = LessonFactory(course=course, slug="clase")
    base = "/api/v1/courses/oculto"

    answers = [
        signed_in.get(f"{base}/").status_code,
        signed_in.get(f"{base}/lessons/").status_code,
        signed_in.get(f"{base}/lessons/{lesson.slug}/").status_code,
        signed_in.get(f"{base}/ratings/").status_code,
        signed_in.post(f"{base}/ratings/", {"score": 4}, format="json").status_code,
        signed_in.get(f"{base}/ratings/stats/").status_code,
        signed_in.put(f"{base}/ratings/mine/", {"score": 4}, format="json").status_code,
        signed_in.put(f"{base}/lessons/{lesson.slug}/progress/", {"position_seconds": 5}, format="json").status_code,
    ]

    assert answers == [404] * len(answers)
    assert not Rating.all_objects.exists() and not LessonProgress.objects.exists()


def test_progress_is_saved_and_answered(signed_in, course):
    response = signed_in.put(
        "/api/v1/courses/django/lessons/a/progress/", {"position_seconds": 42, "completed": False}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"course", "lesson", "position_seconds", "completed", "completed_at", "updated_at"}
    assert (body["course"], body["lesson"], body["position_seconds"], body["completed"]) == ("django", "a", 42, False)
    assert body["completed_at"] is None


def test_progress_marked_completed_stays_completed(signed_in, course):
    signed_in.put(
        "/api/v1/courses/django/lessons/a/progress/", {"position_seconds": 5, "completed": True}, format="json"
    )

    response = signed_in.put("/api/v1/courses/django/lessons/a/progress/", {"position_seconds": 0}, format="json")

    assert response.json()["completed"] is True


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"position_seconds": -1}, "position_seconds"),
        ({"position_seconds": 10**12}, "position_seconds"),
        ({"position_seconds": "abc"}, "position_seconds"),
        ({"position_seconds": 1.5}, "position_seconds"),
        ({}, "position_seconds"),
        ({"position_seconds": 1, "completed": "maybe"}, "completed"),
    ],
)
def test_bad_progress_bodies_answer_400_naming_the_field_and_change_nothing(signed_in, course, body, field):
    response = signed_in.put("/api/v1/courses/django/lessons/a/progress/", body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not LessonProgress.objects.exists()


def test_progress_on_an_unknown_lesson_answers_404(signed_in, course):
    response = signed_in.put("/api/v1/courses/django/lessons/nope/progress/", {"position_seconds": 1}, format="json")

    assert response.status_code == 404


def test_session_progress_put_needs_the_csrf_token(course, learner):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(learner)
    client.cookies["csrftoken"] = "a" * 32
    url = "/api/v1/courses/django/lessons/a/progress/"

    refused = client.put(url, {"position_seconds": 3}, format="json")
    accepted = client.put(url, {"position_seconds": 3}, format="json", HTTP_X_CSRFTOKEN="a" * 32)

    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert accepted.status_code == 200


def test_my_progress_lists_courses_with_counts_and_next_lesson(signed_in, course):
    signed_in.put(
        "/api/v1/courses/django/lessons/a/progress/", {"position_seconds": 1, "completed": True}, format="json"
    )

    response = signed_in.get("/api/v1/me/progress/")

    assert response.status_code == 200
    item = response.json()["results"][0]
    assert set(item) == {
        "course",
        "completed_lessons",
        "total_lessons",
        "percent",
        "is_completed",
        "last_lesson",
        "next_lesson",
        "last_activity",
    }
    assert (item["completed_lessons"], item["total_lessons"], item["percent"]) == (1, 3, 33)
    assert (item["last_lesson"]["slug"], item["next_lesson"]["slug"]) == ("a", "b")
    assert item["course"]["slug"] == "django"


def test_my_progress_runs_at_most_eight_queries(api_client, big_catalog, django_assert_max_num_queries):
    rater = big_catalog["raters"][0]
    api_client.force_login(rater)

    # Budget 8: the four of learner_course_progress plus the course cards' teachers prefetch (+3 spare).
    with django_assert_max_num_queries(8):
        response = api_client.get("/api/v1/me/progress/?page_size=100")

    assert response.json()["count"] == 62


def test_rating_submissions_keep_the_course_aggregates_exact(signed_in, course, django_user_model):
    for index in range(5):
        signed_in.force_login(django_user_model.objects.create_user(f"u{index}"))
        signed_in.post("/api/v1/courses/django/ratings/", {"score": 1 + index}, format="json")

    response = signed_in.get("/api/v1/courses/django/")

    assert (response.json()["average_rating"], response.json()["total_ratings"]) == (3.0, 5)


def test_lesson_progress_factory_rows_show_up_in_my_progress(api_client, learner):
    lesson = LessonFactory()
    LessonProgressFactory(user=learner, lesson=lesson, position_seconds=10)
    api_client.force_login(learner)

    response = api_client.get("/api/v1/me/progress/")

    assert response.json()["results"][0]["next_lesson"]["slug"] == lesson.slug


def test_nested_json_thousands_of_levels_deep_answers_400(signed_in, course):
    body = "[" * 5000 + "]" * 5000

    response = signed_in.post("/api/v1/courses/django/ratings/", body, content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize("url", ["/api/v1/courses/django/ratings/mine/", "/api/v1/courses/django/lessons/a/progress/"])
def test_options_with_a_token_describes_the_endpoint(api_client, learner, course, url):
    token = Token.objects.create(user=learner)

    response = api_client.options(url, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 200
    assert "PUT" in response.json()["actions"]
