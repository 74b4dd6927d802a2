"""Learning paths: pages and API, with the learner's progress and a fixed number of queries."""

import pytest
from django.contrib.auth.models import AnonymousUser

from api.tests.contract import assert_matches_schema
from courses.tests.factories import CourseFactory, LessonFactory
from learning import selectors, services
from learning.tests.factories import LearningPathFactory, complete_course, exam_with_questions, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def path_courses(db):
    courses = []
    for name in ("Python", "Django", "Docker"):
        course = CourseFactory(name=f"Curso de {name}", slug=name.lower())
        LessonFactory.create_batch(2, course=course, duration_seconds=1800)
        courses.append(course)
    return courses


@pytest.fixture
def path(path_courses):
    return LearningPathFactory(name="Desarrollo web con Python", slug="web-python", courses=path_courses)


def test_path_progress_counts_courses_with_a_certificate_and_names_the_next(learner, path, path_courses):
    complete_course(learner, path_courses[0])

    [with_courses] = selectors.paths_with_courses([path])
    progress = selectors.learner_path_progress(user=learner, paths=[with_courses])[path.id]

    assert (progress.completed_courses, progress.total_courses, progress.percent) == (1, 3, 33)
    assert progress.next_course == path_courses[1]


def test_path_keeps_its_course_order_and_totals(path, path_courses):
    path_courses[0].path_memberships.update(position=10)

    found = selectors.path_detail(slug=path.slug)

    assert [course.slug for course in found.course_list] == ["django", "docker", "python"]
    assert (found.courses_count, found.total_duration_seconds) == (3, 3 * 3600)


def test_path_cards_list_the_same_courses_and_totals_as_the_path_page_in_two_queries(
    path, path_courses, django_assert_num_queries
):
    path_courses[0].path_memberships.update(position=10)
    found = selectors.path_detail(slug=path.slug)

    with django_assert_num_queries(2):
        [card] = selectors.path_cards(limit=3)

    assert [course.slug for course in card.course_list] == [course.slug for course in found.course_list]
    assert (card.courses_count, card.total_duration_seconds) == (found.courses_count, found.total_duration_seconds)


def test_a_course_in_two_paths_is_listed_in_each_at_its_own_place(path, path_courses):
    other = LearningPathFactory(slug="docker-primero", courses=[path_courses[2], path_courses[0]])

    found = selectors.paths_with_courses([path, other])

    assert [[course.slug for course in each.course_list] for each in found] == [
        ["python", "django", "docker"],
        ["docker", "python"],
    ]
    assert [each.total_duration_seconds for each in found] == [3 * 3600, 2 * 3600]


def test_unpublished_courses_and_draft_paths_do_not_show(client, path, path_courses):
    path_courses[2].status = "draft"
    path_courses[2].save()
    LearningPathFactory(slug="borrador", status="draft")

    body = client.get("/api/v1/paths/").json()

    assert [item["slug"] for item in body["results"]] == ["web-python"]
    assert [course["slug"] for course in body["results"][0]["courses"]] == ["python", "django"]
    assert client.get("/api/v1/paths/borrador/").status_code == 404
    assert client.get("/paths/borrador/").status_code == 404


def test_path_api_for_a_signed_in_caller_carries_progress(signed_in, learner, path, path_courses):
    complete_course(learner, path_courses[0])

    body = signed_in.get("/api/v1/paths/web-python/").json()

    assert set(body) >= {"slug", "name", "summary", "description", "courses", "courses_count", "total_duration_seconds"}
    assert body["progress"]["completed_courses"] == 1
    assert body["progress"]["total_courses"] == 3
    assert body["progress"]["percent"] == 33
    assert body["progress"]["next_course"]["slug"] == "django"


def test_path_api_for_anonymous_callers_has_null_progress(api_client, path):
    body = api_client.get("/api/v1/paths/web-python/").json()

    assert body["progress"] is None
    assert body["courses_count"] == 3


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed-in"])
@pytest.mark.parametrize(
    ("url", "template"), [("/api/v1/paths/", "/api/v1/paths/"), ("/api/v1/paths/web-python/", "/api/v1/paths/{slug}/")]
)
def test_path_api_answers_match_the_schema(api_client, learner, path, path_courses, signed_in, url, template):
    if signed_in:
        complete_course(learner, path_courses[0])
        api_client.force_authenticate(learner)

    response = api_client.get(url)

    assert response.status_code == 200
    assert_matches_schema(api_client, response, path=template)


def test_path_page_shows_each_course_progress_and_the_next_course(client, learner, path, path_courses):
    complete_course(learner, path_courses[0])
    client.force_login(learner)

    response = client.get("/paths/web-python/")

    steps = response.context["steps"]
    assert [(step["finished"], step["is_next"], step["percent"]) for step in steps] == [
        (True, False, 100),
        (False, True, 0),
        (False, False, 0),
    ]


def test_path_steps_say_when_only_the_exam_is_left_until_the_certificate_is_held(learner, path, path_courses):
    complete_course(learner, path_courses[0])
    exam = exam_with_questions(path_courses[1])
    complete_course(learner, path_courses[1])
    found = selectors.path_detail(slug=path.slug)
    progress = selectors.learner_path_progress(user=learner, paths=[found])[path.id]

    steps = selectors.learner_path_steps(user=learner, path=found, progress=progress)
    services.exam_attempt_submit(user=learner, exam=exam, answers=right_answers(exam))
    progress = selectors.learner_path_progress(user=learner, paths=[found])[path.id]
    after_the_exam = selectors.learner_path_steps(user=learner, path=found, progress=progress)

    assert [(step["completed_lessons"], step["finished"], step["exam_pending"]) for step in steps] == [
        (2, True, False),
        (2, False, True),
        (0, False, False),
    ]
    assert [(step["finished"], step["exam_pending"], step["is_next"]) for step in after_the_exam] == [
        (True, False, False),
        (True, False, False),
        (False, False, True),
    ]


def test_path_steps_of_an_anonymous_visitor_show_the_courses_alone_without_a_query(path, django_assert_num_queries):
    found = selectors.path_detail(slug=path.slug)

    with django_assert_num_queries(0):
        steps = selectors.learner_path_steps(user=AnonymousUser(), path=found, progress=None)

    assert [step["course"].slug for step in steps] == ["python", "django", "docker"]
    assert {(step["percent"], step["finished"], step["is_next"], step["exam_pending"]) for step in steps} == {
        (0, False, False, False)
    }


def test_a_lesson_deleted_after_it_was_finished_no_longer_counts_on_the_path_page(client, learner, path, path_courses):
    complete_course(learner, path_courses[0])
    path_courses[0].lessons.first().soft_delete()
    LessonFactory(course=path_courses[0])
    client.force_login(learner)

    first_step = client.get("/paths/web-python/").context["steps"][0]

    assert first_step["percent"] == 50


def test_path_page_links_to_the_path_certificate_once_earned(client, learner, path, path_courses):
    for course in path_courses:
        complete_course(learner, course)
    client.force_login(learner)

    response = client.get("/paths/web-python/")

    assert response.context["certificate"].get_absolute_url().encode() in response.content


def test_home_shows_a_row_of_paths_and_course_page_names_its_paths(client, path, path_courses):
    assert b"/paths/web-python/" in client.get("/").content
    assert b"/paths/web-python/" in client.get(path_courses[0].get_absolute_url()).content


@pytest.fixture
def many_paths(learner):
    courses = [CourseFactory() for _ in range(12)]
    for course in courses:
        LessonFactory.create_batch(2, course=course)
    for index in range(8):
        LearningPathFactory(courses=courses[index : index + 4])
    complete_course(learner, courses[0])
    return courses


@pytest.mark.parametrize(
    ("url", "budget"),
    [("/paths/", 10), ("/api/v1/paths/", 10), ("/", 16)],
)
def test_path_listings_stay_within_a_fixed_query_budget(
    client, learner, many_paths, url, budget, django_assert_max_num_queries
):
    client.force_login(learner)

    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_paths_speak_english_on_the_english_site_and_fall_back_to_spanish(client, api_client, path):
    path.name_en, path.summary_en = "Web development with Python", "From your first script to production."
    path.save()
    LearningPathFactory(name="Solo en español", slug="solo-es")
    page = client.get(f"/en/paths/{path.slug}/").text
    listing = api_client.get("/api/v1/paths/", HTTP_ACCEPT_LANGUAGE="en").json()["results"]

    assert "Web development with Python" in page and "From your first script to production." in page
    assert {item["name"] for item in listing} == {"Web development with Python", "Solo en español"}
