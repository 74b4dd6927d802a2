import pytest

from courses.tests.factories import CourseFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def test_teacher_list_answers_teachers_with_their_published_courses(api_client):
    teacher = TeacherFactory(slug="ana", name="Ana")
    CourseFactory(slug="live", teachers=[teacher])
    CourseFactory(slug="draft", teachers=[teacher], draft=True)

    response = api_client.get("/api/v1/teachers/")

    assert response.status_code == 200
    item = response.json()["results"][0]
    assert set(item) == {"id", "slug", "name", "headline", "avatar", "url", "courses"}
    assert item["courses"] == [{"id": item["courses"][0]["id"], "slug": "live", "name": item["courses"][0]["name"]}]
    assert item["url"] == "http://testserver/teachers/ana/"


def test_teacher_detail_answers_bio_and_full_course_cards(api_client):
    teacher = TeacherFactory(slug="ana")
    CourseFactory(slug="live", teachers=[teacher])

    response = api_client.get("/api/v1/teachers/ana/")

    body = response.json()
    assert set(body) == {"id", "slug", "name", "headline", "bio", "avatar", "url", "courses"}
    assert "email" not in body
    assert body["courses"][0]["slug"] == "live"
    assert {"lessons_count", "average_rating", "teachers"} <= set(body["courses"][0])


def test_unknown_teacher_answers_404(api_client):
    response = api_client.get("/api/v1/teachers/nobody/")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_teacher_detail_runs_at_most_five_queries(api_client, django_assert_max_num_queries):
    teacher = TeacherFactory(slug="ana")
    for _ in range(60):
        CourseFactory(teachers=[teacher, TeacherFactory()])

    # Budget 5: the teacher, the courses with their aggregates, the courses' teachers (+2 spare).
    with django_assert_max_num_queries(5):
        response = api_client.get("/api/v1/teachers/ana/")

    assert len(response.json()["courses"]) == 60
