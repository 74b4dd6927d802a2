"""Staff catalog writes under /api/v1/: the permission matrix, admin-like validation and soft deletes."""

import pytest

from courses.models import Category, Course, Lesson
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from teachers.models import Teacher
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

ACTORS = ["anonymous", "learner", "viewer", "editor"]
REFUSED = {"anonymous": 401, "learner": 403, "viewer": 403}


@pytest.fixture
def catalog():
    CategoryFactory(slug="web")
    TeacherFactory(slug="ana", email="ana@example.com")
    course = CourseFactory(slug="django", name="Django")
    LessonFactory(course=course, slug="intro", name="Intro")
    return course


def _course_body(**changes):
    return {
        "slug": "nuevo",
        "name": "Curso nuevo",
        "summary": "Una línea.",
        "category": "web",
        "level": "beginner",
        "teachers": ["ana"],
        "status": "draft",
        **changes,
    }


WRITES = [
    ("post", "/api/v1/courses/", _course_body(), 201),
    ("put", "/api/v1/courses/django/", _course_body(slug="django"), 200),
    ("patch", "/api/v1/courses/django/", {"name": "Django 5"}, 200),
    ("delete", "/api/v1/courses/django/", None, 204),
    ("post", "/api/v1/courses/django/lessons/", {"slug": "second", "name": "Second", "position": 2}, 201),
    ("put", "/api/v1/courses/django/lessons/intro/", {"slug": "intro", "name": "Intro 2"}, 200),
    ("patch", "/api/v1/courses/django/lessons/intro/", {"duration_seconds": 60}, 200),
    ("delete", "/api/v1/courses/django/lessons/intro/", None, 204),
    ("post", "/api/v1/categories/", {"slug": "data", "name": "Data"}, 201),
    ("put", "/api/v1/categories/web/", {"slug": "web", "name": "Web 2"}, 200),
    ("patch", "/api/v1/categories/web/", {"position": 4}, 200),
    ("delete", "/api/v1/categories/web/", None, 204),
    ("post", "/api/v1/teachers/", {"slug": "luis", "name": "Luis", "email": "luis@example.com"}, 201),
    ("put", "/api/v1/teachers/ana/", {"slug": "ana", "name": "Ana M.", "email": "ana@example.com"}, 200),
    ("patch", "/api/v1/teachers/ana/", {"headline": "Pythonista"}, 200),
    ("delete", "/api/v1/teachers/ana/", None, 204),
]


def _snapshot():
    return [list(model.all_objects.order_by("pk").values()) for model in (Course, Lesson, Category, Teacher)]


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
@pytest.mark.parametrize(("method", "url", "body", "success"), WRITES, ids=[f"{w[0]} {w[1]}" for w in WRITES])
def test_catalog_writes_follow_the_permission_matrix(api_client, catalog, actor, method, url, body, success):
    api_client.force_authenticate(actor)
    before = _snapshot()

    response = getattr(api_client, method)(url, body, format="json")

    role = (
        "anonymous" if actor is None else {"learner": "learner", "viewer": "viewer", "editor": "editor"}[actor.username]
    )
    expected = REFUSED.get(role, success)
    assert response.status_code == expected, response.content
    if expected != success:
        assert "detail" in response.json()
        assert _snapshot() == before


def test_created_course_is_returned_with_its_write_fields(api_client, catalog, staff_editor):
    api_client.force_authenticate(staff_editor)

    response = api_client.post("/api/v1/courses/", _course_body(), format="json")

    body = response.json()
    assert body["teachers"] == ["ana"] and body["category"] == "web" and body["status"] == "draft"
    assert Course.objects.get(slug="nuevo").teachers.get().slug == "ana"


def test_publishing_a_course_without_a_date_publishes_it_now_as_the_admin_does(api_client, catalog, staff_editor):
    api_client.force_authenticate(staff_editor)

    response = api_client.post("/api/v1/courses/", _course_body(status="published"), format="json")

    assert response.status_code == 201
    assert response.json()["published_at"] is not None
    assert api_client.get("/api/v1/courses/nuevo/").status_code == 200


def test_course_slug_must_be_unique_among_live_courses(api_client, catalog, staff_editor):
    api_client.force_authenticate(staff_editor)

    response = api_client.post("/api/v1/courses/", _course_body(slug="django"), format="json")

    assert response.status_code == 400
    assert "slug" in response.json()
    assert Course.objects.filter(slug="django").count() == 1


def test_a_soft_deleted_course_frees_its_slug(api_client, catalog, staff_editor):
    api_client.force_authenticate(staff_editor)
    api_client.delete("/api/v1/courses/django/")

    response = api_client.post("/api/v1/courses/", _course_body(slug="django"), format="json")

    assert response.status_code == 201
    assert Course.all_objects.filter(slug="django").count() == 2


def test_deleting_a_course_is_soft(api_client, catalog, staff_editor):
    api_client.force_authenticate(staff_editor)

    response = api_client.delete("/api/v1/courses/django/")

    assert response.status_code == 204
    assert Course.all_objects.get(slug="django").deleted_at is not None
    assert api_client.get("/api/v1/courses/django/").status_code == 404


def test_lesson_slug_must_be_unique_within_its_course(api_client, catalog, staff_editor):
    api_client.force_authenticate(staff_editor)

    response = api_client.post("/api/v1/courses/django/lessons/", {"slug": "intro", "name": "Again"}, format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()
    assert Lesson.objects.filter(slug="intro").count() == 1


def test_teacher_email_must_be_unique_among_live_teachers(api_client, catalog, staff_editor):
    api_client.force_authenticate(staff_editor)
    body = {"slug": "otra", "name": "Otra", "email": "ana@example.com"}

    response = api_client.post("/api/v1/teachers/", body, format="json")

    assert response.status_code == 400
    assert "email" in response.json()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "no-such"}, "category"),
        ({"teachers": ["nobody"]}, "teachers"),
        ({"level": "expert"}, "level"),
        ({"slug": "not a slug"}, "slug"),
        ({"name": ""}, "name"),
        ({"status": "archived"}, "status"),
        ({"published_at": "yesterday"}, "published_at"),
        ({"published_at": ""}, "published_at"),
        ({"published_at": "0035-04-11T15:51:32-13:56"}, "published_at"),
        ({"name": 0}, "name"),
        ({"summary": True}, "summary"),
        ({"name": 12345678901234567890 * 10**200}, "name"),
    ],
)
def test_invalid_course_writes_answer_400_naming_the_field_and_change_nothing(
    api_client, catalog, staff_editor, changes, field
):
    api_client.force_authenticate(staff_editor)
    before = _snapshot()

    response = api_client.put("/api/v1/courses/django/", _course_body(**{"slug": "django", **changes}), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert _snapshot() == before


def test_staff_can_edit_a_draft_course_the_public_cannot_see(api_client, staff_editor):
    CourseFactory(slug="draft", draft=True)
    api_client.force_authenticate(staff_editor)

    response = api_client.patch("/api/v1/courses/draft/", {"summary": "Nuevo resumen"}, format="json")

    assert response.status_code == 200
    assert Course.objects.get(slug="draft").summary == "Nuevo resumen"


def test_writing_an_unknown_course_answers_404(api_client, staff_editor):
    api_client.force_authenticate(staff_editor)

    response = api_client.patch("/api/v1/courses/nope/", {"name": "x"}, format="json")

    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url", "body", "field"),
    [
        ("/api/v1/courses/django/lessons/intro/", {"duration_seconds": 2**70}, "duration_seconds"),
        ("/api/v1/courses/django/lessons/intro/", {"position": -1}, "position"),
        ("/api/v1/categories/web/", {"position": 2**70}, "position"),
        ("/api/v1/categories/web/", {"name": "nul\u0000byte"}, "name"),
    ],
)
def test_out_of_range_numbers_and_nul_bytes_answer_400_and_change_nothing(
    api_client, catalog, staff_editor, url, body, field
):
    api_client.force_authenticate(staff_editor)
    before = _snapshot()

    response = api_client.patch(url, body, format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert _snapshot() == before


def test_an_empty_publication_date_in_a_form_body_is_refused_not_read_as_null(api_client, catalog, staff_editor):
    api_client.force_authenticate(staff_editor)
    before = _snapshot()

    response = api_client.patch("/api/v1/courses/django/", {"published_at": ""}, format="multipart")

    assert response.status_code == 400
    assert "published_at" in response.json()
    assert _snapshot() == before
