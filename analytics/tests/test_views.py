"""Who sees the analytics pages, what they show, their CSV downloads and their query budgets."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.tests.factories import UserFactory
from analytics.generate import activity_generate
from courses.tests.factories import CourseFactory, LessonFactory
from learning.tests.factories import exam_with_questions
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db
OVERVIEW = "/admin/analytics/"


@pytest.fixture
def activity():
    courses = [CourseFactory(name=f"Curso {index}") for index in range(4)]
    for course in courses:
        for index in range(6):
            LessonFactory(course=course, position=index, duration_seconds=200)
    exam_with_questions(courses[0], questions=6)
    activity_generate(courses=courses, learners=60, days=90)
    return courses


def _teacher_of(course):
    user = UserFactory(is_staff=True)
    teacher_group, _created = Group.objects.get_or_create(name="Teachers")
    user.groups.add(teacher_group)
    TeacherFactory(user=user).courses.add(course)
    return user


def test_the_overview_shows_staff_members_every_section(client, staff_user, activity):
    client.force_login(staff_user)

    response = client.get(OVERVIEW)

    assert response.status_code == 200
    keys = [section.key for section in response.context["sections"]]
    assert keys == [
        "active",
        "signups",
        "watched",
        "ratings",
        "enrolments",
        "completions",
        "searches",
        "empty-searches",
        "videos",
    ]
    page = response.content.decode()
    assert page.count('<svg class="chart chart--') == len(keys)
    assert "<title" in page and 'style="' not in page


def test_the_overview_asks_anonymous_visitors_to_sign_in(client):
    response = client.get(OVERVIEW)

    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_overview_is_not_found_for_a_teacher(client, activity):
    client.force_login(_teacher_of(activity[0]))

    assert client.get(OVERVIEW).status_code == 404


def test_a_course_page_is_open_to_the_course_teacher(client, activity):
    course = activity[0]
    client.force_login(_teacher_of(course))

    response = client.get(f"/admin/analytics/courses/{course.slug}/")

    assert response.status_code == 200
    assert [section.key for section in response.context["sections"]][:2] == ["funnel", "lessons"]


def test_a_course_page_is_not_found_for_another_teacher(client, activity):
    client.force_login(_teacher_of(activity[1]))

    assert client.get(f"/admin/analytics/courses/{activity[0].slug}/").status_code == 404


def test_a_course_page_is_not_found_for_an_unknown_course(client, staff_user):
    client.force_login(staff_user)

    assert client.get("/admin/analytics/courses/no-such-course/").status_code == 404


def test_every_table_downloads_as_csv(client, staff_user, activity):
    client.force_login(staff_user)

    response = client.get(f"/admin/analytics/courses/{activity[0].slug}/", {"format": "csv", "table": "lessons"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert len(rows) == 1 + 6
    assert int(rows[1][1]) >= int(rows[-1][1])  # fewer learners start the last lesson than the first


def test_a_csv_without_a_known_table_names_the_tables(client, staff_user):
    client.force_login(staff_user)

    response = client.get(OVERVIEW, {"format": "csv", "table": "nope"})

    assert response.status_code == 400
    assert "active" in response.content.decode() and "empty-searches" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"start": "2026-13-40", "end": "2026-01-01"}, "Enter a valid date."),
        ({"start": "2026-02-01", "end": "2026-01-01"}, "The range starts after it ends."),
        ({"start": "2026-02-01"}, "Give both dates of the range, or neither."),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "A range can be at most 366 days long."),
    ],
)
def test_bad_dates_are_refused_with_a_clear_error(client, staff_user, params, message, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(staff_user)

    response = client.get(OVERVIEW, params)

    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_date_range_limits_the_days_shown(client, staff_user, activity):
    client.force_login(staff_user)
    today = timezone.localdate()

    response = client.get(OVERVIEW, {"start": (today - timedelta(days=9)).isoformat(), "end": today.isoformat()})

    assert len(response.context["sections"][0].table.rows) == 10


@pytest.mark.parametrize("days", ["7", "90"])
def test_the_overview_runs_a_fixed_number_of_queries(client, staff_user, activity, days, django_assert_max_num_queries):
    client.force_login(staff_user)

    # Budget 9: session + user (2), the site's days, courses by enrolments and by completions, searches and empty
    # searches, videos by state, video runs (7).
    with django_assert_max_num_queries(9):
        response = client.get(OVERVIEW, {"days": days})

    assert response.status_code == 200


@pytest.mark.parametrize("days", ["7", "90"])
def test_a_course_page_runs_a_fixed_number_of_queries(
    client, staff_user, activity, days, django_assert_max_num_queries
):
    client.force_login(staff_user)
    course = activity[0]

    # Budget 10: session + user (2), the course (1), its days, lessons and their days, exam scores, questions and
    # their days (6), and the discussion's unanswered questions with their total (1, a window count).
    with django_assert_max_num_queries(10):
        response = client.get(f"/admin/analytics/courses/{course.slug}/", {"days": days})

    assert response.status_code == 200


def test_my_learning_shows_the_learners_week(client, activity, django_assert_max_num_queries):
    learner = UserFactory()
    activity_generate(courses=activity, extra_users=[learner], learner_prefix="nadie", days=7, seed=5)
    client.force_login(learner)

    response = client.get("/me/")

    page = response.content.decode()
    assert "learner-week" in page
    assert page.count('<svg class="chart chart--') == 1


def test_the_admin_index_links_a_teacher_to_their_courses_analytics(client, activity):
    course = activity[0]
    client.force_login(_teacher_of(course))

    response = client.get("/admin/")

    assert f"/admin/analytics/courses/{course.slug}/" in response.content.decode()
    assert 'href="/admin/analytics/"' not in response.content.decode()
