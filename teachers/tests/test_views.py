import pytest

from courses.tests.factories import CourseFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

XSS = '<script>alert("x")</script>'


def test_teacher_directory_lists_teachers_with_their_published_course_count(client):
    ana = TeacherFactory(name="Ana Martínez", headline="Profesora de React")
    CourseFactory.create_batch(2, teachers=[ana])
    CourseFactory(teachers=[ana], draft=True)

    response = client.get("/teachers/")

    assert response.status_code == 200
    assert "Ana Martínez" in response.text
    assert "Profesora de React" in response.text
    assert [t.courses_count for t in response.context["teachers"]] == [2]


def test_teacher_directory_hides_soft_deleted_teachers(client):
    TeacherFactory(name="Profesor retirado").soft_delete()

    response = client.get("/teachers/")

    assert "Profesor retirado" not in response.text


def test_teacher_profile_shows_bio_and_only_published_courses(client):
    teacher = TeacherFactory(bio="Enseña Python desde 2010.")
    CourseFactory(name="Curso publicado", teachers=[teacher])
    CourseFactory(name="Curso borrador", teachers=[teacher], draft=True)

    response = client.get(teacher.get_absolute_url())

    assert response.status_code == 200
    assert "Enseña Python desde 2010." in response.text
    assert "Curso publicado" in response.text
    assert "Curso borrador" not in response.text


def test_teacher_profile_escapes_staff_text(client):
    teacher = TeacherFactory(name=XSS, headline=XSS, bio=XSS)

    response = client.get(teacher.get_absolute_url())

    assert XSS not in response.text


@pytest.mark.parametrize("deleted", [True, False])
def test_teacher_profile_is_404_for_unknown_or_deleted_teachers(client, deleted):
    teacher = TeacherFactory(slug="ana")
    if deleted:
        teacher.soft_delete()

    response = client.get("/teachers/ana/" if deleted else "/teachers/nadie/")

    assert response.status_code == 404
