import pytest

from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db


def test_home_lists_published_courses_and_hides_drafts(client):
    CourseFactory(name="Curso de Python")
    CourseFactory(name="Curso secreto", draft=True)

    response = client.get("/")

    assert response.status_code == 200
    assert "Curso de Python" in response.text
    assert "Curso secreto" not in response.text
