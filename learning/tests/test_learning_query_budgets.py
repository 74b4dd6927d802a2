"""Path, exam and certificate pages and endpoints run a fixed number of queries however many rows they show."""

import pytest

from courses.tests.factories import CourseFactory, LessonFactory
from learning.models import Certificate
from learning.tests.factories import LearningPathFactory, complete_course, exam_with_questions

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(learner):
    """A 12-course path, a 12-question exam with 6 choices each, and 8 certificates held by the learner."""
    courses = [CourseFactory(slug=f"c{index}") for index in range(12)]
    for course in courses:
        LessonFactory.create_batch(3, course=course)
    LearningPathFactory(slug="larga", courses=courses)
    for course in courses[:8]:
        complete_course(learner, course)
    exam_with_questions(courses[11], questions=12, choices=6)
    complete_course(learner, courses[11])
    return {"certificate": Certificate.objects.filter(user=learner).first()}


BUDGETS = [
    ("/paths/larga/", 12),
    # session, user, course, exam + questions + choices, lessons left, last attempt, attempts in the window,
    # certificate: the window is read once for both the attempts left and the wait; then the questions drawn
    # for the learner (a read and, on this first visit, the draw's savepoint and insert), and the page's unread
    # notifications count while it is not cached
    ("/courses/c11/exam/", 15),
    ("/me/", 14),
    ("/api/v1/paths/larga/", 10),
    ("/api/v1/courses/c11/exam/", 14),
    ("/api/v1/me/certificates/", 6),
]


@pytest.mark.parametrize(("url", "budget"), BUDGETS)
def test_signed_in_pages_and_endpoints_stay_within_their_budget(
    client, learner, rows, url, budget, django_assert_max_num_queries
):
    client.force_login(learner)

    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_public_certificate_page_and_pdf_run_one_query_each(client, rows, django_assert_max_num_queries):
    code = rows["certificate"].code

    with django_assert_max_num_queries(1):
        assert client.get(f"/certificates/{code}/").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(f"/certificates/{code}/pdf/").status_code == 200
    with django_assert_max_num_queries(1):
        assert client.get(f"/api/v1/certificates/{code}/").status_code == 200
