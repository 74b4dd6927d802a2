"""Fixtures shared by every app's tests."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.urls import clear_url_caches
from django.utils import translation

from accounts.tests.factories import UserFactory
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from learning.tests.factories import LessonProgressFactory, RatingFactory
from teachers.tests.factories import TeacherFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded and generated files go to a throw-away folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff_user(django_user_model):
    return django_user_model.objects.create_superuser("staff", "staff@example.com", "staff-password-123")


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("learner", "learner@example.com", "learner-password-123")


@pytest.fixture(scope="session")
def browser():
    """The system Chromium driven by Playwright. CI sets REQUIRE_BROWSER=1 so a missing browser fails the run."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; install it with: apt-get install -y chromium")
        pytest.skip(f"Chromium not found at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the ORM calls in the tests themselves are safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, settings):
    settings.ROOT_URLCONF = "platziflix.tests.browser_urls"
    context = browser.new_context(base_url=live_server.url, locale="es-ES")
    page = context.new_page()
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    yield page
    context.close()
    assert blocked == [], "the Content-Security-Policy blocked something the page needs"


@pytest.fixture(scope="session")
def screenshots_dir():
    ARTIFACTS.joinpath("screenshots").mkdir(parents=True, exist_ok=True)
    return ARTIFACTS / "screenshots"


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's first language: a request leaves its language active in the thread, and
    ``reverse()`` would then give another test /en/ addresses."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def english_is_the_first_language(settings):
    """The site's first language (the one without a URL prefix) is English for the test."""
    settings.LANGUAGE_CODE = "en"
    translation.activate("en")
    clear_url_caches()  # reverse() keeps each language's URLs, and their prefix depends on LANGUAGE_CODE
    yield
    clear_url_caches()


@pytest.fixture
def without_public_cache(settings):
    """Every request renders: for tests of what a view itself does (its queries, its throttles, its database)."""
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "core.middleware.PublicResponseCacheMiddleware"
    ]


@pytest.fixture(autouse=True)
def clear_cache():
    """The local-memory cache (throttle counters among others) starts empty in every test."""
    from django.core.cache import cache

    from core.learner_pages import LearnerPage

    cache.clear()
    LearnerPage.local_copies.clear()  # copies of this process, which a cleared cache would not end
    yield
    cache.clear()
    LearnerPage.local_copies.clear()


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()


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
    editor = _staff_with("editor", ["view", "add", "change", "delete"])
    editor.user_permissions.add(Permission.objects.get(codename="publish_course"))
    return editor


@pytest.fixture
def teacher_account(db):
    """A user account linked to the teacher "Ana": a member of the "Teachers" group who signs in to the admin."""
    from teachers.services import teacher_account_link

    teacher = TeacherFactory(name="Ana Teacher", slug="ana-teacher")
    user = UserFactory(username="ana-teacher", email="ana@example.com")
    teacher_account_link(teacher=teacher, user=user)
    user.refresh_from_db()
    return user


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
def fully_described_course(db):
    """A course with every field an API answer shows filled in: picture, English texts, two teachers, lessons
    with and without a video, ratings."""
    from django.core.files.base import ContentFile

    from demo import demo_images

    teachers = [TeacherFactory(name="Beatriz Peña"), TeacherFactory(name="Ana Ruiz")]
    course = CourseFactory(name="Curso de Django", name_en="Django course", description="Todo.", teachers=teachers)
    course.thumbnail.save("django.png", ContentFile(demo_images.course_thumbnail(course.name)))
    LessonFactory(
        course=course,
        slug="con-video",
        name="Lección en español",
        name_en="Video",
        video_url="https://videos.example.com/1.mp4",
    )
    LessonFactory(course=course, slug="sin-video", video_url="", description="Lectura.", description_en="Reading.")
    RatingFactory(course=course, score=5)
    RatingFactory(course=course, score=2)
    return course


@pytest.fixture
def course(course_with_lessons):
    """The "django" course of ``course_with_lessons`` (modules with a course of their own override this)."""
    return course_with_lessons[0]


@pytest.fixture
def signed_in(api_client, learner):
    """An API client signed in as the learner, with a session cookie as the site's own scripts have (a request
    with neither a cookie nor an ``Authorization`` header is anonymous, and may be answered from the cache)."""
    api_client.force_login(learner)
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


@pytest.fixture(autouse=True)
def celery_tasks_run_in_process():
    """Queued tasks run in the test's own process after commit, whatever broker REDIS_URL names (CI sets it for
    the shared cache); the worker tests start real workers and switch this off themselves."""
    from platziflix.celery import app

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = eager


@pytest.fixture
def clock(monkeypatch):
    """The time as the test sets it, for code that reads ``time.time()`` or Django's ``timezone.now()`` (the
    counters, local memory and the database cache; Redis keeps its own clock). ``clock.move(seconds)``."""
    import datetime
    import time

    from django.utils import timezone

    class Clock:
        now = 1_900_000_801.0  # a second past the hour (UTC)

        def move(self, seconds):
            self.now += seconds

    def now():
        return datetime.datetime.fromtimestamp(clock.now, tz=datetime.timezone.utc)

    clock = Clock()
    monkeypatch.setattr(time, "time", lambda: clock.now)
    monkeypatch.setattr(timezone, "now", now)
    monkeypatch.setattr("django.core.cache.backends.db.tz_now", now)  # the database cache's own name for it
    return clock
