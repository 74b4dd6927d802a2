"""The learner's journey in Chromium: sign up, rate with the star widget, watch, leave, resume."""

import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from core.tests.browser import wait_for
from courses.tests.factories import CourseFactory, LessonFactory
from learning import services
from learning.models import LessonProgress, Rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE_VIDEO = Path(django_settings.BASE_DIR) / "static" / "video" / "sample.webm"
PASSWORD = "learner-password-123"


@pytest.fixture
def course(db):
    course = CourseFactory(name="Curso de Python", slug="python")
    LessonFactory(course=course, slug="intro", position=1, video_url="", duration_seconds=8)
    LessonFactory(course=course, slug="variables", position=2, video_url="", duration_seconds=8)
    return course


@pytest.fixture
def video_lesson(course, settings):
    """The first lesson plays the 8-second sample video from a direct URL (uploaded originals are never served)."""
    lesson = course.lessons.get(slug="intro")
    lesson.video_url = (
        f"/{settings.STATIC_URL.strip('/')}/{SAMPLE_VIDEO.relative_to(SAMPLE_VIDEO.parents[1]).as_posix()}"
    )
    lesson.save()
    return lesson


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


def test_a_new_learner_signs_up_and_comes_back_to_the_course(page, course, screenshots_dir):
    page.goto("/courses/python/")
    page.click("header a[href^='/accounts/signup/']")
    page.fill("#id_first_name", "Nueva")
    page.fill("#id_last_name", "Aprendiz")
    page.fill("#id_username", "nueva")
    page.fill("#id_email", "nueva@example.com")
    page.fill("#id_password1", "una-clave-muy-segura-1")
    page.fill("#id_password2", "una-clave-muy-segura-1")
    page.screenshot(path=screenshots_dir / "signup-1440.png")
    page.click("form.form button[type=submit]")

    page.wait_for_url("**/courses/python/")
    assert page.locator(".site-nav--wide").get_by_text("nueva").is_visible()
    assert page.locator("form.rating-form").is_visible()


def test_learner_rates_a_course_by_clicking_the_stars(page, learner, course, screenshots_dir):
    _log_in(page, learner, "/courses/python/")

    page.click("label[for=id_score_3]")
    lit = page.locator(".star-rating__label.is-lit").count()
    page.fill("#id_review", "Clarísimo")
    page.screenshot(path=screenshots_dir / "rating-stars-1440.png")
    page.click("form.rating-form button[type=submit]")
    page.wait_for_load_state()

    course.refresh_from_db()
    assert lit == 4
    assert Rating.objects.get(user=learner, course=course).score == 4
    assert (course.average_rating, course.total_ratings) == (Decimal("4.00"), 1)
    assert page.locator(".rating-summary__value").inner_text() in {"4,0", "4.0"}
    assert page.locator("#id_score_3").is_checked()


def test_learner_rates_a_course_with_the_keyboard(page, learner, course):
    _log_in(page, learner, "/courses/python/")

    page.focus("#id_review")
    page.keyboard.press("Shift+Tab")  # back into the radio group, on the last star
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    focused_outline = page.evaluate(
        "getComputedStyle(document.querySelector('label[for=' + document.activeElement.id + ']')).outlineStyle"
    )
    lit = page.locator(".star-rating__label.is-lit").count()
    page.keyboard.press("Tab")
    page.keyboard.type("Muy útil")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/courses/python/#your-rating")

    rating = Rating.objects.get(user=learner, course=course)
    assert (lit, focused_outline) == (3, "solid")
    assert (rating.score, rating.review) == (3, "Muy útil")


def test_star_widget_is_plain_radio_buttons_without_javascript(browser, live_server, learner, course):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        _log_in(page, learner, "/courses/python/")
        page.check("#id_score_1")
        page.click("form.rating-form button[type=submit]")
        page.wait_for_load_state()
    finally:
        context.close()

    assert Rating.objects.get(user=learner, course=course).score == 2


def test_player_resumes_at_the_saved_position_and_the_course_shows_as_in_progress(
    page, learner, course, video_lesson, screenshots_dir
):
    _log_in(page, learner, "/")
    page.goto("/courses/python/lessons/intro/")
    wait_for(page, "document.getElementById('lesson-player').readyState >= 1")

    page.evaluate("() => { const v = document.getElementById('lesson-player'); v.muted = true; return v.play(); }")
    wait_for(page, "document.getElementById('lesson-player').currentTime >= 3", timeout=15_000)
    page.goto("/courses/python/")
    saved = _wait_for(lambda: LessonProgress.objects.filter(user=learner, lesson=video_lesson).exists())
    position = LessonProgress.objects.get(user=learner, lesson=video_lesson).position_seconds if saved else None

    page.goto("/courses/python/lessons/intro/")
    wait_for(page, "document.getElementById('lesson-player').readyState >= 1")
    wait_for(page, "document.getElementById('lesson-player').currentTime > 0")
    resumed_at = page.evaluate("document.getElementById('lesson-player').currentTime")
    page.screenshot(path=screenshots_dir / "lesson-resumed-1440.png")

    assert position is not None and 3 <= position < 8
    assert abs(resumed_at - position) < 1
    page.goto("/")
    assert page.locator(".continue-watching").get_by_text("Curso de Python").is_visible()
    page.goto("/me/")
    assert page.locator("#in-progress-title + .progress-grid").get_by_text("Curso de Python").is_visible()


def test_watching_to_the_end_completes_the_lesson(page, learner, course, video_lesson):
    _log_in(page, learner, "/")
    page.goto("/courses/python/lessons/intro/")
    wait_for(page, "document.getElementById('lesson-player').readyState >= 1")

    page.evaluate(
        "() => { const v = document.getElementById('lesson-player');"
        " v.muted = true; v.currentTime = 6; return v.play(); }"
    )
    wait_for(page, "document.getElementById('lesson-player').ended", timeout=15_000)

    assert _wait_for(lambda: LessonProgress.objects.filter(lesson=video_lesson, completed_at__isnull=False).exists())
    page.locator("[data-completed-badge]").wait_for(state="visible")


@pytest.mark.parametrize("width", [375, 1440])
def test_learner_pages_fit_the_screen_without_horizontal_scrolling(
    browser, live_server, learner, course, video_lesson, screenshots_dir, width
):
    services.lesson_progress_update(user=learner, lesson=video_lesson, position_seconds=3)
    services.rating_submit(user=learner, course=course, score=5, review="Excelente curso")
    context = browser.new_context(base_url=live_server.url, locale="es-ES", viewport={"width": width, "height": 900})
    page = context.new_page()
    overflowing = {}
    try:
        _log_in(page, learner, "/")
        for name, path in [
            ("home", "/"),
            ("course", "/courses/python/"),
            ("lesson", "/courses/python/lessons/intro/"),
            ("my-learning", "/me/"),
        ]:
            page.goto(path)
            page.screenshot(path=screenshots_dir / f"learner-{name}-{width}.png", full_page=True)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                overflowing[name] = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()

    assert overflowing == {}
