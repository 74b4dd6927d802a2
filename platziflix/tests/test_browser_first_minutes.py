"""The first ten minutes of a newcomer, in Chromium: the phone header, the rating confirmation, English content,
the debug 404, and screenshots of every page they meet on the demo catalog, at 375 and 1440 px."""

import pytest
from django.core.management import call_command

from core.tests.browser import wait_for
from courses.models import Course
from courses.tests.factories import CourseFactory, LessonFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1440, "height": 900}
DEMO_LEARNER = ("maria", "platziflix-demo")
DEMO_STAFF = ("admin", "platziflix-admin")


@pytest.fixture
def course(db):
    course = CourseFactory(
        name="Curso de Python", name_en="Python course", slug="python", summary="Desde cero.", summary_en="From zero."
    )
    LessonFactory(course=course, slug="intro", name="Instalación", name_en="Installing Python", position=1)
    LessonFactory(course=course, slug="variables", name="Variables y tipos de datos", position=2)
    return course


def _log_in(page, username, password, next_path="/"):
    page.goto(f"/accounts/login/?next={next_path}")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"**{next_path}")


def test_phone_header_is_one_row_with_search_in_reach(page, course):
    page.set_viewport_size(PHONE)
    page.goto("/")

    header = page.locator(".site-header").bounding_box()

    assert header["height"] <= 72
    assert page.get_by_role("searchbox", name="Buscar cursos").is_visible()
    assert not page.locator(".site-nav--wide").is_visible()


def test_phone_menu_opens_without_javascript(browser, live_server, course):
    context = browser.new_context(base_url=live_server.url, locale="es-ES", java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    try:
        page.goto("/")
        menu_links = page.locator(".site-nav--menu a")
        hidden_before = not menu_links.first.is_visible()
        page.click(".site-menu__button")

        assert hidden_before
        assert page.locator(".site-nav--menu").get_by_role("link", name="Cursos").is_visible()
    finally:
        context.close()


def test_rating_confirmation_appears_in_the_viewport(page, learner, course):
    page.set_viewport_size(PHONE)
    _log_in(page, learner.username, "learner-password-123", "/courses/python/")

    page.check("#id_score_4", force=True)
    page.fill("#id_review", "Clarísimo")
    page.click("form.rating-form button[type=submit]")
    page.wait_for_url("**/courses/python/#your-rating")
    confirmation = page.locator("#your-rating .message")
    confirmation.wait_for()

    box = confirmation.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]


def test_english_visitor_sees_the_course_in_english(page, course):
    page.goto("/courses/python/")

    page.locator(".site-header__languages").get_by_role("link", name="English").click()
    wait_for(page, "document.documentElement.lang === 'en'")

    assert page.get_by_role("heading", name="Python course").is_visible()
    assert page.get_by_text("Installing Python").first.is_visible()


def test_debug_404_is_styled_while_debug_is_on(page, settings, course):
    settings.DEBUG = True
    page.set_viewport_size(PHONE)

    response = page.goto("/no-such-page/")
    background = page.evaluate("getComputedStyle(document.getElementById('summary')).backgroundColor")

    assert response.status == 404
    assert background == "rgb(255, 255, 204)"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1440"])
def test_demo_catalog_pages_are_captured(browser, live_server, settings, screenshots_dir, viewport):
    settings.ROOT_URLCONF = "platziflix.tests.browser_urls"
    settings.DEMO_VIDEOS = False  # the demo's video pipeline has tests of its own; the tour needs only the pages
    call_command("seed_demo", "--with-demo-accounts", verbosity=0)
    python = Course.objects.get(slug="curso-de-python")
    width = viewport["width"]
    context = browser.new_context(base_url=live_server.url, locale="es-ES", viewport=viewport)
    page = context.new_page()
    overflowing = {}

    def capture(name, path):
        page.goto(path)
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(image => { image.loading = 'eager'; })")
        wait_for(page, "[...document.images].every(image => image.complete)")
        page.screenshot(path=screenshots_dir / f"tour-{name}-{width}.png", full_page=True)
        if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
            overflowing[name] = page.evaluate("document.documentElement.scrollWidth")

    try:
        capture("login", "/accounts/login/")
        capture("signup", "/accounts/signup/")
        _log_in(page, *DEMO_LEARNER)
        capture("home", "/")
        capture("catalog", "/courses/")
        capture("search-empty", "/courses/?q=blockchain+cuantico")
        capture("course", python.get_absolute_url())
        capture("lesson", python.lessons.order_by("position")[1].get_absolute_url())
        capture("teachers", "/teachers/")
        capture("me", "/me/")
        page.context.clear_cookies()
        _log_in(page, *DEMO_STAFF, "/admin/")
        capture("admin-courses", "/admin/courses/course/")
        capture("admin-course-form", f"/admin/courses/course/{python.pk}/change/")
    finally:
        context.close()

    assert overflowing == {} or (set(overflowing) <= {"admin-courses", "admin-course-form"} and width == 375)
