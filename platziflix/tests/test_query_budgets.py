"""Every learner page runs a fixed number of SQL queries, whatever the size of the catalog."""

import pytest
from django.db import connection

from accounts.tests.factories import UserFactory
from courses.models import Caption, CaptionCue
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from learning.tests.factories import RatingFactory
from teachers.tests.factories import TeacherFactory

# What each view queries itself; an anonymous read answered from the cache runs none (test_public_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_public_cache")]

COURSES = 64


@pytest.fixture
def catalog():
    """64 published courses in 4 categories, each with 3 lessons, 2 teachers and 2 rated reviews."""
    categories = CategoryFactory.create_batch(4)
    teachers = TeacherFactory.create_batch(5)
    learners = UserFactory.create_batch(2)
    courses = []
    for number in range(COURSES):
        course = CourseFactory(
            category=categories[number % 4],
            teachers=[teachers[number % 5], teachers[(number + 1) % 5]],
            level=["beginner", "intermediate", "advanced"][number % 3],
            average_rating=4.5,
            total_ratings=2,
        )
        LessonFactory.create_batch(3, course=course)
        for learner in learners:
            RatingFactory(course=course, user=learner, score=4 + number % 2, review="Muy buen curso.")
        courses.append(course)
    return {"courses": courses, "teachers": teachers}


# (page, budget): the budget is the number of queries the page may run, stated here on purpose.
SEARCH_BUDGET = 6 if connection.vendor == "sqlite" else 5
BUDGETS = [
    ("/", 7),  # newest cards + their teachers, top-rated cards + their teachers, categories, paths + their courses
    ("/courses/", 5),  # categories, count, the page's keys, page of cards, their teachers
    # searching adds the caption moments; SQLite also reads its full-text vocabulary once, to correct typos
    ("/courses/?q=curso&category=categoria-0&level=beginner&sort=rating&page=2", SEARCH_BUDGET),
    ("/courses/?q=curso", SEARCH_BUDGET),
    ("/teachers/", 2),  # teachers with their course counts, plus their published courses (shared with the API)
    ("/sitemap.xml", 4),  # per section: count for the sitemap's own paging, then the rows
    ("/courses/feed.xml", 2),  # cards, their teachers
    ("/robots.txt", 0),
]


@pytest.mark.parametrize(("url", "budget"), BUDGETS)
def test_list_pages_stay_within_their_query_budget(client, catalog, django_assert_max_num_queries, url, budget):
    with django_assert_max_num_queries(budget):
        response = client.get(url)

    assert response.status_code == 200


def test_course_page_stays_within_eight_queries(client, catalog, django_assert_max_num_queries):
    course = catalog["courses"][0]

    # course card, teachers, lessons, rating distribution, reviews count + page with their authors,
    # the paths it belongs to, whether it has an exam
    with django_assert_max_num_queries(8):
        response = client.get(course.get_absolute_url())

    assert response.status_code == 200


def test_lesson_page_stays_within_five_queries(client, catalog, django_assert_max_num_queries):
    course = catalog["courses"][0]
    LessonFactory.create_batch(20, course=course)
    lesson = course.lessons.all()[1]
    caption = Caption.objects.create(lesson=lesson, language="es", file="captions/x.vtt")
    CaptionCue.objects.bulk_create(
        CaptionCue(caption=caption, position=n, start_seconds=n, end_seconds=n + 1, text=f"Frase {n}")
        for n in range(50)
    )

    # course, its lessons, the lesson's caption tracks, their cues, the discussion's threads with their total
    with django_assert_max_num_queries(5):
        response = client.get(lesson.get_absolute_url())

    assert response.status_code == 200


def test_teacher_profile_stays_within_three_queries(client, catalog, django_assert_max_num_queries):
    teacher = catalog["teachers"][0]

    # teacher, their course cards, the cards' teachers
    with django_assert_max_num_queries(3):
        response = client.get(teacher.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["courses"]) > 20
