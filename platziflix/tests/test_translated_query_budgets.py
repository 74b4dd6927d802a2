"""Every list page and list endpoint runs the same queries in English as in Spanish: translated texts come with
their rows, never one query per row (issue 20, finding 4)."""

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.translation import TranslatedFieldMixin, TranslatedQuerySet
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from learning.tests.factories import LearningPathFactory, RatingFactory, complete_course
from teachers.tests.factories import TeacherFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("without_public_cache")]

COURSES = 8


@pytest.fixture
def catalog(learner):
    """8 published courses with English texts, in 2 translated categories, 2 translated lessons each, 3 teachers,
    2 translated paths; the learner rated, finished and holds a certificate of 3 courses and started one more."""
    categories = [
        CategoryFactory(slug=f"categoria-{number}", name=f"Categoría {number}", name_en=f"Category {number}")
        for number in range(2)
    ]
    teachers = TeacherFactory.create_batch(3)
    courses = []
    for number in range(COURSES):
        course = CourseFactory(
            slug=f"curso-{number}",
            name=f"Curso {number}",
            name_en=f"Course {number}",
            summary=f"Resumen {number}",
            summary_en=f"Summary {number}",
            description_en=f"Description {number}",
            category=categories[number % 2],
            teachers=[teachers[number % 3], teachers[(number + 1) % 3]],
        )
        for position in range(2):
            LessonFactory(course=course, name=f"Clase {position}", name_en=f"Lesson {position}", position=position)
        courses.append(course)
    for course in courses[:3]:
        RatingFactory(course=course, user=learner, score=5, review="Muy bueno.")
        complete_course(learner, course)
    LessonFactory(course=courses[3], position=9)
    for number in range(2):
        LearningPathFactory(
            slug=f"ruta-{number}", name=f"Ruta {number}", name_en=f"Path {number}", courses=courses[number::2]
        )
    return {"teacher": teachers[0], "course_id": courses[0].id}


def queries_for(client, url, language, **headers):
    """How many queries one GET runs when ``language`` is asked for, and the answer."""
    if language == "en" and not url.startswith("/api/"):
        url = f"/en{url}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language, **headers)
    assert response.status_code == 200, url
    return len(queries), response


# (list, budget): the budget is the most queries the list may run, in either language.
ANONYMOUS = [
    ("/", 7),
    ("/courses/", 5),
    ("/courses/?q=curso", 6),
    ("/courses/?category=categoria-0", 5),
    ("/courses/feed.xml", 2),
    ("/courses/curso-0/", 8),
    ("/teachers/", 2),
    ("/paths/", 3),
    ("/paths/ruta-0/", 5),
    ("/api/v1/courses/", 5),
    ("/api/v1/courses/?search=curso", 6),
    ("/api/v1/courses/curso-0/lessons/", 4),
    ("/api/v1/categories/", 2),
    ("/api/v1/categories/categoria-0/", 2),
    ("/api/v1/teachers/", 4),
    ("/api/v1/paths/", 4),
    ("/api/v1/paths/ruta-0/", 5),
    ("/api/v1/moments/?q=curso", 6),
    ("/api/v1/courses/curso-0/ratings/", 4),
    ("/api/platziflix/courses", 3),
    ("/api/platziflix/courses/{course_id}/ratings", 4),
]
SIGNED_IN = [
    ("/me/", 14),
    ("/api/v1/me/progress/", 6),
    ("/api/v1/me/certificates/", 6),
]


@pytest.mark.parametrize(("url", "budget"), ANONYMOUS)
def test_public_lists_run_the_same_queries_in_english_as_in_spanish(client, catalog, url, budget):
    url = url.format(course_id=catalog["course_id"])

    spanish, _answer = queries_for(client, url, "es")
    english, _answer = queries_for(client, url, "en")

    assert english == spanish
    assert spanish <= budget


@pytest.mark.parametrize(("url", "budget"), SIGNED_IN)
def test_signed_in_lists_run_the_same_queries_in_english_as_in_spanish(client, learner, catalog, url, budget, settings):
    settings.LEARNER_PAGE_CACHE = False  # what a whole render runs; repeated views come from core.learner_pages
    client.force_login(learner)
    queries_for(client, url, "es")  # the first page caches the learner's unread notifications count for both

    spanish, _answer = queries_for(client, url, "es")
    english, _answer = queries_for(client, url, "en")

    assert english == spanish
    assert spanish <= budget


@pytest.mark.parametrize(("url", "budget"), [("{page}", 3), ("/api/v1/teachers/{slug}/", 3)])
def test_teacher_profile_runs_the_same_queries_in_english_as_in_spanish(client, catalog, url, budget):
    teacher = catalog["teacher"]
    url = url.format(page=teacher.get_absolute_url(), slug=teacher.slug)

    spanish, _answer = queries_for(client, url, "es")
    english, _answer = queries_for(client, url, "en")

    assert english == spanish
    assert spanish <= budget


@pytest.mark.parametrize(
    ("url", "english_text"),
    [
        ("/api/platziflix/courses", "Course 7"),
        ("/api/v1/teachers/", "Course 7"),
        ("/api/v1/courses/", "Summary 7"),
        ("/api/v1/categories/", "Category 1"),
        ("/api/v1/paths/", "Path 1"),
    ],
)
def test_english_lists_show_the_english_texts(client, catalog, url, english_text):
    _count, response = queries_for(client, url, "en")

    assert english_text in response.text


def test_every_model_with_translated_fields_narrows_its_columns_with_their_translations():
    translated = [
        model
        for model in apps.get_models()
        if any(isinstance(field, TranslatedFieldMixin) for field in model._meta.get_fields())
    ]

    assert translated
    assert [model for model in translated if not isinstance(model._default_manager.all(), TranslatedQuerySet)] == []
