"""The public catalog under /api/v1/: contracts, filters, ordering, pagination and query budgets."""

from decimal import Decimal

import pytest
from django.utils import timezone

from api.tests.contract import documented_answer
from courses import selectors
from courses.api.serializers import CourseDetailSerializer
from courses.models import Course
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from learning.tests.factories import RatingFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

COURSE_LIST_FIELDS = {
    "id": int,
    "slug": str,
    "name": str,
    "summary": str,
    "thumbnail": (str, type(None)),
    "url": str,
    "category": dict,
    "level": str,
    "teachers": list,
    "lessons_count": int,
    "duration_seconds": int,
    "average_rating": (int, float),
    "total_ratings": int,
    "published_at": str,
}


def assert_fields(item, fields):
    assert set(item) == set(fields)
    for name, kind in fields.items():
        assert isinstance(item[name], kind), name


def slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_course_list_answers_the_documented_page_and_item_shape(api_client, course_with_lessons):
    response = api_client.get("/api/v1/courses/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    item = body["results"][0]
    assert_fields(item, COURSE_LIST_FIELDS)
    assert set(item["category"]) == {"slug", "name"}
    assert item["teachers"] == [{"id": item["teachers"][0]["id"], "slug": "ana", "name": "Ana"}]
    assert item["url"] == "http://testserver/courses/django/"
    assert (item["lessons_count"], item["duration_seconds"]) == (3, 900)


def test_course_list_shows_only_published_live_courses(api_client):
    CourseFactory(slug="live")
    CourseFactory(slug="draft", draft=True)
    CourseFactory(slug="scheduled", published_at=timezone.now() + timezone.timedelta(days=1))
    CourseFactory(slug="deleted", deleted_at=timezone.now())

    response = api_client.get("/api/v1/courses/")

    assert slugs(response) == ["live"]


def test_course_list_filters_by_category_level_and_teacher(api_client):
    web = CategoryFactory(slug="web")
    teacher = TeacherFactory(slug="ana")
    CourseFactory(slug="match", category=web, level=Course.Level.ADVANCED, teachers=[teacher])
    CourseFactory(slug="other-level", category=web, teachers=[teacher])
    CourseFactory(slug="other-teacher", category=web, level=Course.Level.ADVANCED)

    response = api_client.get("/api/v1/courses/", {"category": "web", "level": "advanced", "teacher": "ana"})

    assert slugs(response) == ["match"]


def test_course_list_search_goes_through_the_shared_selector(api_client):
    CourseFactory(slug="django", name="Curso de Django")
    CourseFactory(slug="react", name="Curso de React")

    response = api_client.get("/api/v1/courses/", {"search": "django"})

    assert slugs(response) == ["django"]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("name", ["a", "b", "c"]),
        ("-name", ["c", "b", "a"]),
        ("average_rating", ["b", "c", "a"]),
        ("-average_rating", ["a", "c", "b"]),
        ("total_ratings", ["c", "a", "b"]),
        ("-total_ratings", ["b", "a", "c"]),
        ("published_at", ["c", "b", "a"]),
        ("-published_at", ["a", "b", "c"]),
    ],
)
def test_course_list_orders_by_the_requested_field(api_client, ordering, expected):
    now = timezone.now()
    for slug, rating, total, age in [("a", "4.50", 5, 1), ("b", "1.00", 9, 2), ("c", "3.00", 1, 3)]:
        CourseFactory(
            slug=slug,
            name=slug.upper(),
            average_rating=Decimal(rating),
            total_ratings=total,
            published_at=now - timezone.timedelta(days=age),
        )

    response = api_client.get("/api/v1/courses/", {"ordering": ordering})

    assert slugs(response) == expected


def test_course_list_pages_by_page_size(api_client):
    CourseFactory.create_batch(5)

    response = api_client.get("/api/v1/courses/", {"page_size": 2, "page": 2})

    body = response.json()
    assert (body["count"], len(body["results"])) == (5, 2)
    assert "page=3" in body["next"] and "page_size=2" in body["previous"]


def test_course_list_clamps_page_size_to_100(api_client):
    CourseFactory.create_batch(101)

    response = api_client.get("/api/v1/courses/", {"page_size": 100000})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 100


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"level": "expert"}, "level"),
        ({"category": "no-such-category"}, "category"),
        ({"teacher": "no-such-teacher"}, "teacher"),
        ({"ordering": "password"}, "ordering"),
        ({"ordering": "-id"}, "ordering"),
        ({"page": "abc"}, "page"),
        ({"search": "x" * 201}, "search"),
    ],
)
def test_course_list_rejects_bad_query_parameters_naming_them(api_client, params, problem):
    CourseFactory()

    response = api_client.get("/api/v1/courses/", params)

    assert response.status_code == 400
    assert problem in response.json()


def test_course_list_answers_404_json_for_a_page_past_the_end(api_client):
    CourseFactory()

    response = api_client.get("/api/v1/courses/", {"page": 999999})

    assert response.status_code == 404
    assert "999999" in response.json()["detail"]


def test_course_list_answers_404_json_for_an_absurdly_long_page_number(api_client):
    CourseFactory()

    response = api_client.get("/api/v1/courses/", {"page": "9" * 5000})

    assert response.status_code == 404
    assert "detail" in response.json()


def test_course_detail_adds_description_ordered_lessons_and_distribution(api_client, course_with_lessons):
    course, lessons = course_with_lessons
    lessons[0].position = 10
    lessons[0].save()
    RatingFactory(course=course, score=5)

    response = api_client.get("/api/v1/courses/django/")

    assert response.status_code == 200
    body = response.json()
    assert_fields(body, {**COURSE_LIST_FIELDS, "description": str, "lessons": list, "rating_distribution": dict})
    assert [lesson["slug"] for lesson in body["lessons"]] == ["b", "c", "a"]
    assert set(body["lessons"][0]) == {"id", "slug", "name", "description", "duration_seconds", "position"}
    assert body["rating_distribution"] == {"1": 0, "2": 0, "3": 0, "4": 0, "5": 1}


@pytest.mark.parametrize("language", ["es", "en"])
def test_course_detail_answers_exactly_what_its_documented_serializer_says(
    api_client, fully_described_course, language
):
    slug = fully_described_course.slug

    response = api_client.get(f"/api/v1/courses/{slug}/", HTTP_ACCEPT_LANGUAGE=language)

    course = selectors.course_detail(slug=slug)
    assert response.json() == documented_answer(CourseDetailSerializer, course, response, language=language)
    assert response.json()["thumbnail"].startswith("http://testserver/media/courses/")


@pytest.mark.parametrize("trait", [{"draft": True}, {"deleted_at": timezone.now()}])
def test_course_detail_answers_404_json_for_hidden_courses(api_client, trait):
    CourseFactory(slug="hidden", **trait)

    response = api_client.get("/api/v1/courses/hidden/")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_lesson_detail_answers_absolute_video_url_and_neighbours(api_client, course_with_lessons):
    response = api_client.get("/api/v1/courses/django/lessons/b/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "id",
        "slug",
        "name",
        "description",
        "duration_seconds",
        "position",
        "url",
        "video_url",
        "course",
        "previous_lesson_slug",
        "next_lesson_slug",
        "video_status",
        "hls_url",
        "poster_url",
        "captions",
    }
    assert (body["previous_lesson_slug"], body["next_lesson_slug"]) == ("a", "c")
    assert body["video_url"] == "https://example.com/video.webm"
    assert body["course"]["slug"] == "django"


def test_lesson_detail_never_links_an_uploaded_original(api_client, course_with_lessons):
    _course, lessons = course_with_lessons
    lessons[0].video_url = ""
    lessons[0].video_file.name = "originals/intro.webm"
    lessons[0].save()

    response = api_client.get("/api/v1/courses/django/lessons/a/")

    assert response.json()["video_url"] is None
    assert response.json()["previous_lesson_slug"] is None


def test_lesson_detail_answers_404_for_a_lesson_of_a_draft_course(api_client):
    LessonFactory(course=CourseFactory(slug="draft", draft=True), slug="intro")

    response = api_client.get("/api/v1/courses/draft/lessons/intro/")

    assert response.status_code == 404


def test_lesson_list_answers_the_lessons_of_a_course_in_order(api_client, course_with_lessons):
    response = api_client.get("/api/v1/courses/django/lessons/")

    assert response.status_code == 200
    assert slugs(response) == ["a", "b", "c"]


def test_category_list_counts_only_published_courses(api_client):
    web = CategoryFactory(slug="web", name="Web")
    CourseFactory(category=web)
    CourseFactory(category=web, draft=True)

    response = api_client.get("/api/v1/categories/")

    item = response.json()["results"][0]
    assert set(item) == {"id", "slug", "name", "description", "position", "url", "courses_count"}
    assert (item["slug"], item["courses_count"]) == ("web", 1)


def test_category_detail_answers_one_category_by_slug(api_client):
    CategoryFactory(slug="web")

    response = api_client.get("/api/v1/categories/web/")

    assert response.status_code == 200
    assert response.json()["slug"] == "web"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/courses/?page_size=100",
        "/api/v1/courses/?page_size=100&ordering=-average_rating",
        "/api/v1/courses/?page_size=100&search=curso&category={category}&teacher={teacher}&level=beginner",
        "/api/v1/categories/?page_size=100",
        "/api/v1/teachers/?page_size=100",
    ],
)
def test_list_endpoints_run_at_most_six_queries(
    api_client, big_catalog, django_assert_max_num_queries, url, without_public_cache
):
    category, teacher = big_catalog["categories"][1], big_catalog["teachers"][1]
    # Budget 6: count, the page's keys (course lists), page, one prefetch, and up to two lookups validating
    # category and teacher slugs.
    with django_assert_max_num_queries(6):
        response = api_client.get(url.format(category=category.slug, teacher=teacher.slug))

    assert response.status_code == 200
    assert response.json()["count"] > 0


def test_course_ratings_and_lessons_lists_run_a_fixed_number_of_queries(
    api_client, big_catalog, django_assert_max_num_queries, without_public_cache
):
    slug = big_catalog["courses"][2].slug

    # Budget 3: the course, the count, the page (user and course joined in); lessons add their caption tracks.
    with django_assert_max_num_queries(3):
        ratings = api_client.get(f"/api/v1/courses/{slug}/ratings/")
    with django_assert_max_num_queries(4):
        lessons = api_client.get(f"/api/v1/courses/{slug}/lessons/")

    assert len(ratings.json()["results"]) == 3
    assert len(lessons.json()["results"]) == 3


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # the course with its category, its teachers, its lessons; the distribution is stored on the course
        ("/api/v1/courses/{slug}/", 3),
        ("/api/platziflix/courses/{slug}", 3),
        ("/api/v1/courses/{slug}/ratings/stats/", 1),
        ("/api/platziflix/courses/{id}/ratings/stats", 1),
    ],
)
def test_course_detail_and_rating_stats_run_a_fixed_number_of_queries(
    api_client, big_catalog, django_assert_num_queries, url, queries, without_public_cache
):
    course = big_catalog["courses"][0]

    with django_assert_num_queries(queries):
        response = api_client.get(url.format(slug=course.slug, id=course.pk))

    assert response.status_code == 200
    assert response.json()["rating_distribution"] == course.rating_distribution
