"""The API applies the admin's rules to a teacher account that uses a token: its own courses only (another
teacher's answers 404), no publication fields (403), its own profile, and account links by staff only."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from accounts.tests.factories import UserFactory
from courses.models import Caption, Course, Lesson
from courses.tests.clips import CAPTIONS_ES
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from teachers.models import Teacher
from teachers.tests.factories import TeacherFactory
from teachers.tests.test_teacher_accounts import vtt

SAMPLE_VIDEO = Path(settings.BASE_DIR) / "static" / "video" / "sample.webm"  # a real video: uploads are probed

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_api(api_client, teacher_account):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=teacher_account)}")
    return api_client


@pytest.fixture
def own(teacher_account):
    course = CourseFactory(slug="propio", draft=True, teachers=[teacher_account.teacher])
    LessonFactory(course=course, slug="clase")
    return course


@pytest.fixture
def other(db):
    course = CourseFactory(slug="ajeno", draft=True, teachers=[TeacherFactory(slug="otro")])
    LessonFactory(course=course, slug="clase")
    return course


def test_teacher_edits_their_own_course(teacher_api, own):
    response = teacher_api.patch("/api/v1/courses/propio/", {"summary": "Nuevo resumen"}, format="json")

    assert response.status_code == 200
    assert Course.objects.get(pk=own.pk).summary == "Nuevo resumen"


def test_teacher_asks_for_review_through_the_api(teacher_api, own):
    response = teacher_api.patch("/api/v1/courses/propio/", {"status": "review"}, format="json")

    assert response.status_code == 200
    assert Course.objects.get(pk=own.pk).status == Course.Status.REVIEW


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("patch", "/api/v1/courses/ajeno/", {"summary": "x"}),
        ("put", "/api/v1/courses/ajeno/", {"summary": "x"}),
        ("patch", "/api/v1/courses/ajeno/lessons/clase/", {"name": "x"}),
        ("post", "/api/v1/courses/ajeno/lessons/", {"name": "Otra", "slug": "otra"}),
    ],
)
def test_another_teachers_course_answers_404(teacher_api, own, other, method, url, body):
    response = getattr(teacher_api, method)(url, body, format="json")

    assert response.status_code == 404
    assert Course.objects.get(pk=other.pk).summary != "x"


def test_another_teachers_lesson_video_and_captions_answer_404(teacher_api, other):
    video = teacher_api.put(
        "/api/v1/courses/ajeno/lessons/clase/video/",
        {"file": SimpleUploadedFile("v.webm", b"video", content_type="video/webm")},
        format="multipart",
    )
    captions = teacher_api.put(
        "/api/v1/courses/ajeno/lessons/clase/captions/es/", {"file": vtt(CAPTIONS_ES)}, format="multipart"
    )

    assert (video.status_code, captions.status_code) == (404, 404)
    assert not Caption.objects.exists()


def test_teacher_uploads_a_video_and_captions_for_their_own_lesson(teacher_api, own):
    video = teacher_api.put(
        "/api/v1/courses/propio/lessons/clase/video/",
        {"file": SimpleUploadedFile("v.webm", SAMPLE_VIDEO.read_bytes(), content_type="video/webm")},
        format="multipart",
    )
    captions = teacher_api.put(
        "/api/v1/courses/propio/lessons/clase/captions/es/", {"file": vtt(CAPTIONS_ES)}, format="multipart"
    )

    assert (video.status_code, captions.status_code) == (202, 200)
    assert Lesson.objects.get(course=own).video_status == Lesson.VideoStatus.PENDING


def test_teacher_adds_a_lesson_to_their_own_course(teacher_api, own):
    response = teacher_api.post(
        "/api/v1/courses/propio/lessons/", {"name": "Nueva", "slug": "nueva", "position": 2}, format="json"
    )

    assert response.status_code == 201
    assert own.lessons.filter(slug="nueva").exists()


@pytest.mark.parametrize(
    "body",
    [
        {"status": "published"},
        {"published_at": "2030-01-01T10:00:00Z"},
        {"status": "review", "published_at": "2030-01-01T10:00:00Z"},
        {"teachers": ["otro"]},
    ],
)
def test_publication_fields_and_teachers_are_refused_with_403(teacher_api, own, other, body):
    response = teacher_api.patch("/api/v1/courses/propio/", body, format="json")

    assert response.status_code == 403
    own.refresh_from_db()
    assert (own.status, own.published_at) == (Course.Status.DRAFT, None)


def test_a_published_course_cannot_be_unpublished_by_its_teacher(teacher_api, teacher_account):
    CourseFactory(slug="publicado", teachers=[teacher_account.teacher])

    response = teacher_api.patch("/api/v1/courses/publicado/", {"status": "draft"}, format="json")

    assert response.status_code == 403
    assert Course.objects.get(slug="publicado").status == Course.Status.PUBLISHED


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("delete", "/api/v1/courses/propio/"),
        ("delete", "/api/v1/courses/propio/lessons/clase/"),
        ("post", "/api/v1/categories/"),
        ("post", "/api/v1/teachers/"),
        ("delete", "/api/v1/teachers/ana-teacher/"),
    ],
)
def test_deleting_and_staff_only_writes_are_refused_with_403(teacher_api, own, method, url):
    response = getattr(teacher_api, method)(url, {"name": "x", "slug": "x"}, format="json")

    assert response.status_code == 403
    assert Course.objects.filter(pk=own.pk).exists()
    assert Lesson.objects.filter(course=own).exists()


def test_a_course_a_teacher_creates_is_a_draft_they_teach(teacher_api, teacher_account):
    category = CategoryFactory(slug="web")

    response = teacher_api.post(
        "/api/v1/courses/",
        {"name": "Curso nuevo", "slug": "nuevo", "summary": "Resumen", "category": category.slug},
        format="json",
    )

    assert response.status_code == 201
    course = Course.objects.get(slug="nuevo")
    assert course.status == Course.Status.DRAFT
    assert list(course.teachers.all()) == [teacher_account.teacher]


def test_a_teacher_cannot_create_a_published_course(teacher_api):
    category = CategoryFactory(slug="web")

    response = teacher_api.post(
        "/api/v1/courses/",
        {"name": "Curso", "slug": "nuevo", "summary": "R", "category": category.slug, "status": "published"},
        format="json",
    )

    assert response.status_code == 403
    assert not Course.objects.filter(slug="nuevo").exists()


def test_teacher_edits_their_own_profile_but_not_another(teacher_api, other):
    own = teacher_api.patch("/api/v1/teachers/ana-teacher/", {"headline": "Profe"}, format="json")
    others = teacher_api.patch("/api/v1/teachers/otro/", {"headline": "Profe"}, format="json")

    assert own.status_code == 200
    assert others.status_code == 404
    assert Teacher.objects.get(slug="otro").headline != "Profe"


def test_a_teacher_cannot_link_another_account(teacher_api):
    UserFactory(username="intruso")

    response = teacher_api.patch("/api/v1/teachers/ana-teacher/", {"user": "intruso"}, format="json")

    assert response.status_code == 403
    assert Teacher.objects.get(slug="ana-teacher").user.username == "ana-teacher"


def test_staff_link_an_account_with_patch(api_client, staff_editor):
    teacher = TeacherFactory(slug="luis")
    account = UserFactory(username="luis")
    api_client.force_authenticate(staff_editor)

    response = api_client.patch("/api/v1/teachers/luis/", {"user": "luis"}, format="json")

    assert response.status_code == 200
    assert response.json()["user"] == "luis"
    account.refresh_from_db()
    assert account.is_staff and account.is_teacher_account
    assert Teacher.objects.get(pk=teacher.pk).user == account


def test_staff_unlink_an_account_with_patch_null(api_client, staff_editor, teacher_account):
    api_client.force_authenticate(staff_editor)

    response = api_client.patch("/api/v1/teachers/ana-teacher/", {"user": None}, format="json")

    assert response.status_code == 200
    teacher_account = teacher_account.__class__.objects.get(pk=teacher_account.pk)
    assert not teacher_account.is_staff
    assert not teacher_account.is_teacher_account


def test_staff_write_to_any_course(api_client, staff_editor, own, other):
    api_client.force_authenticate(staff_editor)

    response = api_client.patch("/api/v1/courses/ajeno/", {"status": "published"}, format="json")

    assert response.status_code == 200
    assert Course.objects.get(pk=other.pk).status == Course.Status.PUBLISHED
