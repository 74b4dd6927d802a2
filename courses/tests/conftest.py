"""Fixtures for the API tests of the catalog apps."""

import pytest
from django.contrib.auth.models import Permission

from accounts.tests.factories import UserFactory
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory, LessonProgressFactory, RatingFactory
from teachers.tests.factories import TeacherFactory

CATALOG_MODELS = ["course", "lesson", "category", "teacher"]


def _staff_with(username, actions):
    user = UserFactory(username=username, is_staff=True)
    codenames = [f"{action}_{model}" for action in actions for model in CATALOG_MODELS]
    user.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def staff_viewer(db):
    return _staff_with("viewer", ["view"])


@pytest.fixture
def staff_editor(db):
    return _staff_with("editor", ["view", "add", "change", "delete"])


@pytest.fixture
def actor(request, learner, staff_viewer, staff_editor):
    """One of the permission matrix's callers, by name; None is the anonymous caller."""
    return {"anonymous": None, "learner": learner, "viewer": staff_viewer, "editor": staff_editor}[request.param]


@pytest.fixture
def course_with_lessons(db):
    teacher = TeacherFactory(name="Ana", slug="ana")
    course = CourseFactory(name="Curso de Django", slug="django", teachers=[teacher])
    lessons = [LessonFactory(course=course, slug=slug, position=index) for index, slug in enumerate("abc")]
    return course, lessons


@pytest.fixture
def course(course_with_lessons):
    """The "django" course of ``course_with_lessons`` (modules with a course of their own override this)."""
    return course_with_lessons[0]


@pytest.fixture
def signed_in(api_client, learner):
    """An API client signed in as the learner."""
    api_client.force_authenticate(learner)
    return api_client


@pytest.fixture
def big_catalog(db):
    """60+ published courses with lessons, teachers, ratings and progress, to expose any N+1 query."""
    categories = CategoryFactory.create_batch(3)
    teachers = TeacherFactory.create_batch(6)
    raters = UserFactory.create_batch(3)
    courses = []
    for index in range(62):
        course = CourseFactory(
            category=categories[index % 3], teachers=[teachers[index % 6], teachers[(index + 1) % 6]]
        )
        lessons = LessonFactory.create_batch(3, course=course)
        for rater in raters[: 1 + index % 3]:
            RatingFactory(course=course, user=rater, score=1 + index % 5)
        LessonProgressFactory(user=raters[0], lesson=lessons[0])
        courses.append(course)
    CourseFactory.create_batch(3, draft=True, category=categories[0])
    return {"courses": courses, "categories": categories, "teachers": teachers, "raters": raters}
