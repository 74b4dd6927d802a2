"""The original Platziflix contract under /api/platziflix/, status code by status code."""

import pytest
from rest_framework.authtoken.models import Token

from courses.tests.factories import HIDDEN_COURSE_KINDS, LessonFactory, hidden_course
from learning.models import Rating
from learning.tests.factories import RatingFactory

pytestmark = pytest.mark.django_db

PREFIX = "/api/platziflix"
RATING_FIELDS = {"id", "course_id", "user_id", "rating", "created_at", "updated_at"}


def test_course_list_is_a_plain_list_with_the_original_fields(api_client, course):
    response = api_client.get(f"{PREFIX}/courses")

    assert response.status_code == 200
    item = response.json()[0]
    assert set(item) == {"id", "name", "description", "thumbnail", "slug", "average_rating", "total_ratings"}
    assert isinstance(item["average_rating"], float) and isinstance(item["total_ratings"], int)


def test_course_detail_adds_teacher_ids_classes_and_distribution(api_client, course_with_lessons):
    course, lessons = course_with_lessons

    response = api_client.get(f"{PREFIX}/courses/django")

    body = response.json()
    assert body["teacher_id"] == [course.teachers.get().pk]
    assert [c["id"] for c in body["classes"]] == [lesson.pk for lesson in lessons]
    assert set(body["classes"][0]) == {"id", "name", "description", "slug"}
    assert body["rating_distribution"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}


def test_class_detail_answers_title_video_and_duration(api_client, course_with_lessons):
    lesson = course_with_lessons[1][0]

    response = api_client.get(f"{PREFIX}/classes/{lesson.pk}")

    assert response.json() == {
        "id": lesson.pk,
        "title": lesson.name,
        "description": lesson.description,
        "slug": lesson.slug,
        "video": "https://example.com/video.webm",
        "duration": 300,
    }


def test_health_answers_ok(api_client):
    response = api_client.get(f"{PREFIX}/health")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize(
    "path",
    [
        "/courses/no-such-course",
        "/classes/999999",
        "/courses/999999/ratings",
        "/courses/999999/ratings/stats",
        "/courses/999999/ratings/user/1",
        "/classes/abc",
        "/courses/abc/ratings",
        "/courses/1/ratings/user/abc",
        "/classes/99999999999999999999999999",
        "/courses/99999999999999999999999999/ratings/stats",
    ],
)
def test_unknown_or_non_numeric_ids_answer_404_json(api_client, course, path):
    response = api_client.get(PREFIX + path)

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize("hidden", HIDDEN_COURSE_KINDS)
def test_every_route_of_a_course_learners_cannot_see_answers_404(signed_in, learner, hidden):
    course = hidden_course(hidden, slug="oculto")
    lesson = LessonFactory(course=course)
    body = {"user_id": learner.pk, "rating": 4}

    answers = [
        signed_in.get(f"{PREFIX}/courses/oculto").status_code,
        signed_in.get(f"{PREFIX}/classes/{lesson.pk}").status_code,
        signed_in.get(f"{PREFIX}/courses/{course.pk}/ratings").status_code,
        signed_in.post(f"{PREFIX}/courses/{course.pk}/ratings", body, format="json").status_code,
        signed_in.get(f"{PREFIX}/courses/{course.pk}/ratings/stats").status_code,
        signed_in.get(f"{PREFIX}/courses/{course.pk}/ratings/user/{learner.pk}").status_code,
        signed_in.put(f"{PREFIX}/courses/{course.pk}/ratings/{learner.pk}", body, format="json").status_code,
    ]

    assert answers == [404] * len(answers)
    assert course.pk not in {item["id"] for item in signed_in.get(f"{PREFIX}/courses").json()}
    assert not Rating.all_objects.exists()


def test_rating_create_answers_201_with_the_original_rating_shape(signed_in, learner, course):
    response = signed_in.post(
        f"{PREFIX}/courses/{course.pk}/ratings", {"user_id": learner.pk, "rating": 5}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) == RATING_FIELDS
    assert (body["course_id"], body["user_id"], body["rating"]) == (course.pk, learner.pk, 5)


def test_rating_create_for_another_user_answers_403(signed_in, learner, course, django_user_model):
    other = django_user_model.objects.create_user("other")

    response = signed_in.post(
        f"{PREFIX}/courses/{course.pk}/ratings", {"user_id": other.pk, "rating": 5}, format="json"
    )

    assert response.status_code == 403
    assert not Rating.objects.exists()


def test_rating_create_needs_a_signed_in_caller(api_client, learner, course):
    response = api_client.post(
        f"{PREFIX}/courses/{course.pk}/ratings", {"user_id": learner.pk, "rating": 5}, format="json"
    )

    assert response.status_code == 401


@pytest.mark.parametrize("body", [{"user_id": 1, "rating": 9}, {"rating": 3}, {"user_id": "me", "rating": 3}])
def test_rating_create_with_a_bad_body_answers_400(signed_in, course, body):
    response = signed_in.post(f"{PREFIX}/courses/{course.pk}/ratings", body, format="json")

    assert response.status_code == 400


def test_rating_list_and_stats(api_client, course):
    RatingFactory(course=course, score=4)
    RatingFactory(course=course, score=2)
    course.average_rating, course.total_ratings = 3, 2
    course.save()

    ratings = api_client.get(f"{PREFIX}/courses/{course.pk}/ratings")
    stats = api_client.get(f"{PREFIX}/courses/{course.pk}/ratings/stats")

    assert [r["rating"] for r in ratings.json()] == [2, 4]
    assert set(ratings.json()[0]) == RATING_FIELDS
    assert stats.json() == {
        "average_rating": 3.0,
        "total_ratings": 2,
        "rating_distribution": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 0},
    }


def test_user_rating_answers_204_when_there_is_none(api_client, learner, course):
    response = api_client.get(f"{PREFIX}/courses/{course.pk}/ratings/user/{learner.pk}")

    assert response.status_code == 204
    assert response.content == b""


def test_user_rating_answers_the_rating_when_there_is_one(api_client, learner, course):
    RatingFactory(course=course, user=learner, score=3)

    response = api_client.get(f"{PREFIX}/courses/{course.pk}/ratings/user/{learner.pk}")

    assert response.status_code == 200
    assert response.json()["rating"] == 3


def test_rating_update_answers_200(signed_in, learner, course):
    RatingFactory(course=course, user=learner, score=3)

    response = signed_in.put(
        f"{PREFIX}/courses/{course.pk}/ratings/{learner.pk}", {"user_id": learner.pk, "rating": 1}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["rating"] == 1


def test_rating_update_with_a_body_user_differing_from_the_path_answers_400(signed_in, learner, course):
    RatingFactory(course=course, user=learner, score=3)

    response = signed_in.put(
        f"{PREFIX}/courses/{course.pk}/ratings/{learner.pk}", {"user_id": learner.pk + 1, "rating": 1}, format="json"
    )

    assert response.status_code == 400
    assert "user_id" in response.json()
    assert Rating.objects.get().score == 3


def test_rating_update_of_another_users_rating_answers_403(signed_in, course, django_user_model):
    other = django_user_model.objects.create_user("other")
    RatingFactory(course=course, user=other, score=3)

    response = signed_in.put(
        f"{PREFIX}/courses/{course.pk}/ratings/{other.pk}", {"user_id": other.pk, "rating": 1}, format="json"
    )

    assert response.status_code == 403
    assert Rating.objects.get().score == 3


def test_rating_update_without_a_rating_answers_404(signed_in, learner, course):
    response = signed_in.put(
        f"{PREFIX}/courses/{course.pk}/ratings/{learner.pk}", {"user_id": learner.pk, "rating": 1}, format="json"
    )

    assert response.status_code == 404


def test_rating_delete_answers_204_then_404(signed_in, learner, course):
    RatingFactory(course=course, user=learner)

    first = signed_in.delete(f"{PREFIX}/courses/{course.pk}/ratings/{learner.pk}")
    second = signed_in.delete(f"{PREFIX}/courses/{course.pk}/ratings/{learner.pk}")

    assert (first.status_code, second.status_code) == (204, 404)


def test_rating_delete_of_another_users_rating_answers_403(signed_in, course, django_user_model):
    other = django_user_model.objects.create_user("other")
    RatingFactory(course=course, user=other)

    response = signed_in.delete(f"{PREFIX}/courses/{course.pk}/ratings/{other.pk}")

    assert response.status_code == 403
    assert Rating.objects.exists()


def test_a_trailing_slash_is_redirected_to_the_original_route_keeping_the_method(signed_in, learner, course):
    response = signed_in.post(
        f"{PREFIX}/courses/{course.pk}/ratings/", {"user_id": learner.pk, "rating": 5}, format="json", follow=True
    )

    assert response.redirect_chain == [(f"{PREFIX}/courses/{course.pk}/ratings", 308)]
    assert response.status_code == 201


@pytest.mark.parametrize("path", ["/courses", "/courses/{course_id}/ratings"])
def test_compat_lists_run_at_most_three_queries(api_client, big_catalog, django_assert_max_num_queries, path):
    url = PREFIX + path.format(course_id=big_catalog["courses"][2].pk)

    # Budget 3: the courses and their teachers prefetch, or the course and its ratings.
    with django_assert_max_num_queries(3):
        response = api_client.get(url)

    assert response.status_code == 200 and len(response.json()) > 0


def test_options_with_a_token_on_a_rating_route_answers_200(api_client, learner, course):
    token = Token.objects.create(user=learner)

    response = api_client.options(
        f"/api/platziflix/courses/{course.pk}/ratings/{learner.pk}", HTTP_AUTHORIZATION=f"Token {token.key}"
    )

    assert response.status_code == 200
