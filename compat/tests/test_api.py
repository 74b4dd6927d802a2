"""The original Platziflix contract under /api/platziflix/, status code by status code."""

import pytest
from django.conf import settings
from django.test import Client
from rest_framework.authtoken.models import Token

from api.tests.contract import documented_answer
from compat.serializers import CompatClassSerializer, CompatCourseDetailSerializer
from courses import selectors as catalog
from courses.tests.factories import HIDDEN_COURSE_KINDS, LessonFactory, hidden_course
from learning.models import Rating
from learning.tests.factories import RatingFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

PREFIX = "/api/platziflix"
RATING_FIELDS = {"id", "course_id", "user_id", "rating", "created_at", "updated_at"}
ORIGINAL_LIST_FIELDS = {"id", "name", "description", "thumbnail", "slug", "average_rating", "total_ratings"}


@pytest.mark.parametrize("language", ["es", "en"])
def test_course_detail_answers_exactly_what_its_documented_serializer_says(
    api_client, fully_described_course, language
):
    slug = fully_described_course.slug

    response = api_client.get(f"{PREFIX}/courses/{slug}", HTTP_ACCEPT_LANGUAGE=language)

    course = catalog.course_detail(slug=slug)
    assert response.json() == documented_answer(CompatCourseDetailSerializer, course, response, language=language)
    assert [lesson["video"] for lesson in response.json()["classes"]] == ["https://videos.example.com/1.mp4", ""]


@pytest.mark.parametrize(("language", "title"), [("es", "Lección en español"), ("en", "Video")])
def test_class_answers_exactly_what_its_documented_serializer_says(api_client, fully_described_course, language, title):
    lesson = fully_described_course.lessons.get(slug="con-video")

    response = api_client.get(f"{PREFIX}/classes/{lesson.pk}", HTTP_ACCEPT_LANGUAGE=language)

    assert response.json() == documented_answer(CompatClassSerializer, lesson, response, language=language)
    assert (response.json()["title"], response.json()["video"]) == (title, "https://videos.example.com/1.mp4")


def test_course_list_keeps_the_original_fields_and_adds_the_mobile_dto_ones(api_client, course):
    response = api_client.get(f"{PREFIX}/courses")

    assert response.status_code == 200
    item = response.json()[0]
    assert set(item) == ORIGINAL_LIST_FIELDS | {"teacher_id", "created_at", "updated_at", "deleted_at"}
    assert isinstance(item["average_rating"], float) and isinstance(item["total_ratings"], int)
    assert item["teacher_id"] == [course.teachers.get().pk]
    assert item["deleted_at"] is None


def test_a_course_without_thumbnail_gets_the_placeholder_picture(api_client, course):
    item = api_client.get(f"{PREFIX}/courses").json()[0]

    assert item["thumbnail"].startswith("http://testserver/static/img/course-placeholder")
    assert api_client.get(f"{PREFIX}/courses/django").json()["thumbnail"] == item["thumbnail"]


def test_course_detail_adds_teacher_ids_classes_and_distribution(api_client, course_with_lessons):
    course, lessons = course_with_lessons

    response = api_client.get(f"{PREFIX}/courses/django")

    body = response.json()
    assert body["teacher_id"] == [course.teachers.get().pk]
    assert [c["id"] for c in body["classes"]] == [lesson.pk for lesson in lessons]
    assert body["rating_distribution"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 0}


def test_course_detail_adds_the_title_and_teacher_the_nextjs_site_shows(api_client, course_with_lessons):
    course, _lessons = course_with_lessons
    course.teachers.add(TeacherFactory(name="Bruno"))

    body = api_client.get(f"{PREFIX}/courses/django").json()

    assert (body["title"], body["teacher"]) == ("Curso de Django", "Ana, Bruno")


def test_course_detail_classes_add_title_duration_and_video(api_client, course_with_lessons):
    lesson = course_with_lessons[1][0]

    first = api_client.get(f"{PREFIX}/courses/django").json()["classes"][0]

    assert first == {
        "id": lesson.pk,
        "name": lesson.name,
        "description": lesson.description,
        "slug": lesson.slug,
        "title": lesson.name,
        "duration": 300,
        "video": "https://example.com/video.webm",
    }


def test_class_detail_answers_the_original_fields_and_the_ios_class_detail_ones(api_client, course_with_lessons):
    course, lessons = course_with_lessons
    lesson = lessons[0]

    body = api_client.get(f"{PREFIX}/classes/{lesson.pk}").json()

    assert {key: body[key] for key in ("id", "title", "description", "slug", "video", "duration")} == {
        "id": lesson.pk,
        "title": lesson.name,
        "description": lesson.description,
        "slug": lesson.slug,
        "video": "https://example.com/video.webm",
        "duration": 300,
    }
    assert (body["course_id"], body["name"], body["video_url"]) == (course.pk, lesson.name, body["video"])
    assert body["deleted_at"] is None and body["created_at"] and body["updated_at"]


def test_a_class_without_video_answers_an_empty_string_not_null(api_client, course):
    lesson = LessonFactory(course=course, video_url="")

    body = api_client.get(f"{PREFIX}/classes/{lesson.pk}").json()

    assert (body["video"], body["video_url"]) == ("", "")


def test_root_answers_the_original_welcome(api_client):
    response = api_client.get(f"{PREFIX}/")

    assert response.json() == {"message": "Bienvenido a Platziflix API"}


def test_health_answers_the_original_shape(api_client, course):
    response = api_client.get(f"{PREFIX}/health")

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "service": "Platziflix",
        "version": settings.VERSION,
        "database": True,
        "courses_count": 1,
    }


@pytest.mark.parametrize(
    "path",
    [
        "/courses/no-such-course",
        "/classes/999999",
        "/classes/-1",
        "/courses/999999/ratings",
        "/courses/999999/ratings/stats",
        "/courses/999999/ratings/user/1",
        "/classes/9223372036854775807",  # the largest id a row can have
        "/courses/9223372036854775807/ratings/stats",
        "/classes/99999999999999999999999999",
        "/classes/-99999999999999999999999999",
        "/courses/999999/ratings/user/-99999999999999999999999999",
        "/courses/99999999999999999999999999/ratings/stats",
        "/teachers",
    ],
)
def test_unknown_ids_and_paths_answer_404_json(api_client, course, path):
    response = api_client.get(PREFIX + path)

    assert response.status_code == 404
    assert "detail" in response.json()


@pytest.mark.parametrize(
    ("path", "name", "value"),
    [
        ("/classes/abc", "class_id", "abc"),
        ("/classes/1.5", "class_id", "1.5"),
        ("/courses/abc/ratings", "course_id", "abc"),
        ("/courses/abc/ratings/stats", "course_id", "abc"),
        ("/courses/1/ratings/user/abc", "user_id", "abc"),
    ],
)
def test_non_numeric_ids_answer_fastapi_422(api_client, course, path, name, value):
    response = api_client.get(PREFIX + path)

    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "type": "int_parsing",
                "loc": ["path", name],
                "msg": "Input should be a valid integer, unable to parse string as an integer",
                "input": value,
            }
        ]
    }


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


def test_rating_post_replacing_a_rating_answers_201_like_the_original(signed_in, learner, course):
    first = signed_in.post(f"{PREFIX}/courses/{course.pk}/ratings", {"user_id": learner.pk, "rating": 5}, format="json")

    second = signed_in.post(
        f"{PREFIX}/courses/{course.pk}/ratings", {"user_id": learner.pk, "rating": 3}, format="json"
    )

    assert second.status_code == 201
    assert (second.json()["id"], second.json()["rating"]) == (first.json()["id"], 3)


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


def test_anonymous_rating_create_with_a_bad_body_answers_401_first(api_client, course):
    response = api_client.post(f"{PREFIX}/courses/{course.pk}/ratings", {"rating": 9}, format="json")

    assert response.status_code == 401


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
    assert response.json() == {"detail": "El user_id del cuerpo debe coincidir con el de la ruta."}
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


def test_a_trailing_slash_is_redirected_with_307_to_the_absolute_original_route(signed_in, learner, course):
    response = signed_in.post(
        f"{PREFIX}/courses/{course.pk}/ratings/", {"user_id": learner.pk, "rating": 5}, format="json", follow=True
    )

    assert response.redirect_chain == [(f"http://testserver{PREFIX}/courses/{course.pk}/ratings", 307)]
    assert response.status_code == 201


def test_a_trailing_slash_post_with_a_session_is_redirected_not_refused_for_csrf(learner, course):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)

    response = browser.post(
        f"{PREFIX}/courses/{course.pk}/ratings/", {"user_id": learner.pk, "rating": 5}, content_type="application/json"
    )

    assert response.status_code == 307
    assert response["Location"] == f"http://testserver{PREFIX}/courses/{course.pk}/ratings"


def test_get_rating_by_user_on_the_write_route_answers_it_for_the_nextjs_rating_client(api_client, learner, course):
    RatingFactory(course=course, user=learner, score=4)

    found = api_client.get(f"{PREFIX}/courses/{course.pk}/ratings/{learner.pk}")
    missing = api_client.get(f"{PREFIX}/courses/{course.pk}/ratings/{learner.pk + 1}")

    assert (found.status_code, found.json()["rating"]) == (200, 4)
    assert missing.status_code == 404


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
