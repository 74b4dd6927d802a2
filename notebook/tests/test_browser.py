"""In Chromium: a note at the player's current second, the notification bell, saving a course; the learner's
pages at 375 px and 1440 px, in Spanish and English."""

import time
from pathlib import Path

import pytest

from core.tests.browser import wait_for
from courses.tests.factories import CourseFactory, LessonFactory
from notebook.models import Note, SavedCourse
from notebook.tests.factories import NoteFactory, SavedCourseFactory
from notifications import services as notifications
from notifications.models import Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path("/tmp/personal-shots")
PLAYER = "document.getElementById('lesson-player')"
PASSWORD = "learner-password-123"


def _log_in(page, learner, next_path="/"):
    page.goto(f"/accounts/login/?next={next_path}")
    page.fill("#id_username", learner.username)
    page.fill("#id_password", PASSWORD)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def _wait_for(condition, timeout=10):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def shots():
    SHOTS.mkdir(exist_ok=True)
    return SHOTS


@pytest.fixture
def course(db):
    course = CourseFactory(name="Curso de Python", slug="python")
    LessonFactory(course=course, slug="intro", name="Introducción", position=1, video_url="", duration_seconds=8)
    LessonFactory(course=course, slug="variables", name="Variables", position=2, video_url="", duration_seconds=8)
    return course


@pytest.fixture
def video_lesson(course, live_server):
    # A typed video address plays as it is (an uploaded original never does: only its HLS renditions).
    lesson = course.lessons.get(slug="intro")
    lesson.video_url = f"{live_server.url}/static/video/sample.webm"
    lesson.save()
    return lesson


def test_a_note_is_saved_at_the_players_second_listed_and_seeks_back(page, learner, video_lesson, shots):
    _log_in(page, learner, "/courses/python/lessons/intro/")
    wait_for(page, f"{PLAYER}.readyState >= 1")

    page.evaluate(f"() => {{ const v = {PLAYER}; v.muted = true; return v.play(); }}")
    wait_for(page, f"{PLAYER}.currentTime >= 3", timeout=15_000)
    second = page.evaluate(f"() => {{ const v = {PLAYER}; v.pause(); return Math.floor(v.currentTime); }}")
    wait_for(page, f"document.querySelector('[data-note-second]').value === '{second}'")
    page.fill("[data-note-body]", "Aquí explica las variables")
    page.click("[data-note-form] button[type=submit]")
    page.locator(".note-list .note", has_text="Aquí explica las variables").wait_for()

    note = Note.objects.get(learner=learner)
    assert (note.lesson_id, note.second) == (video_lesson.pk, second)
    item = page.locator(f"#note-{note.pk}")
    assert item.locator(".note__time").inner_text() == f"0:{second:02d}"
    page.screenshot(path=shots / "lesson-note-1440.png", full_page=True)

    # The test server cannot answer byte ranges, so the video is not seekable here: record where the note's
    # link asks the player to go instead.
    page.evaluate(
        f"() => {{ const v = {PLAYER}; Object.defineProperty(v, 'currentTime', "
        "{ configurable: true, get() { return window.requestedSecond || 0; }, "
        "set(value) { window.requestedSecond = value; } }); }"
    )
    item.locator(".note__time").click()
    wait_for(page, f"window.requestedSecond === {second}")
    assert page.url.endswith("/courses/python/lessons/intro/")  # in place, no reload

    page.goto("/me/notes/")
    page.click(f"#note-{note.pk} .note__time")
    page.wait_for_url(f"**/courses/python/lessons/intro/?t={second}")
    wait_for(page, f"{PLAYER}.currentTime >= {second - 0.5}", timeout=15_000)


def test_the_bell_counts_a_new_notification_and_opening_it_marks_it_read(page, learner, course, django_user_model):
    replier = django_user_model.objects.create_user("ana", "ana@example.com", "x-password-123", first_name="Ana")
    _log_in(page, learner, "/courses/")
    assert page.locator("[data-bell-count]").count() == 0

    notifications.notify(
        recipients=[learner],
        kind="reply",
        actor=replier,
        thread_id=7,
        title="¿Cómo instalo Python?",
        url="/courses/python/lessons/intro/",
    )
    page.reload()

    assert page.locator("[data-bell-count]").inner_text() == "1"
    page.click("[data-bell]")
    page.wait_for_url("**/me/notifications/")
    assert "Ana respondió a tu discusión" in page.locator(".notification--unread").inner_text()
    page.screenshot(path=SHOTS / "notifications-1440.png", full_page=True)
    page.click(".notification__link")
    page.wait_for_url("**/courses/python/lessons/intro/")

    assert Notification.objects.get(recipient=learner).is_read
    assert page.locator("[data-bell-count]").count() == 0


def test_saving_a_course_from_its_card_in_one_click(page, learner, course):
    _log_in(page, learner, "/courses/")
    button = page.locator(".course-card", has_text="Curso de Python").locator(".save-course__button")

    button.click()
    wait_for(page, "document.querySelector('.save-course__button').getAttribute('aria-pressed') === 'true'")

    assert _wait_for(lambda: SavedCourse.objects.filter(learner=learner, course=course).exists())
    assert page.url.endswith("/courses/")  # no navigation
    page.goto("/me/")
    assert page.locator("#saved-courses").get_by_text("Curso de Python").is_visible()
    page.goto("/courses/python/")
    page_button = page.locator(".save-course--page .save-course__button")
    assert page_button.get_attribute("aria-pressed") == "true"
    page_button.click()
    wait_for(page, "document.querySelector('.save-course--page button').getAttribute('aria-pressed') === 'false'")
    assert _wait_for(lambda: not SavedCourse.objects.filter(learner=learner).exists())


@pytest.mark.parametrize("width", [375, 1440])
@pytest.mark.parametrize("language", ["es", "en"])
def test_the_learners_own_pages_fit_the_screen(browser, live_server, learner, course, video_lesson, width, language):
    SHOTS.mkdir(exist_ok=True)
    NoteFactory(learner=learner, lesson=video_lesson, second=3, body="Una nota **importante**\ncon dos líneas")
    NoteFactory(learner=learner, lesson=course.lessons.get(slug="variables"), second=7, body="Otra nota")
    SavedCourseFactory(learner=learner, course=course)
    notifications.notify(
        recipients=[learner], kind="accepted", actor=None, thread_id=1, title="¿Qué es una variable?", url="/"
    )
    prefix = "" if language == "es" else "/en"
    context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 900})
    page = context.new_page()
    overflowing = {}
    try:
        _log_in(page, learner, "/")
        for name, path in [
            ("courses", "/courses/"),
            ("course", "/courses/python/"),
            ("lesson", "/courses/python/lessons/intro/"),
            ("me", "/me/"),
            ("notes", "/me/notes/"),
            ("notifications", "/me/notifications/"),
            ("profile", "/me/profile/"),
        ]:
            page.goto(prefix + path)
            page.screenshot(path=SHOTS / f"{name}-{language}-{width}.png", full_page=True)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                overflowing[name] = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()

    assert overflowing == {}
