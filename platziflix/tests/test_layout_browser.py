"""Layout that only a browser measures: the footer on short pages, one-line pills, even tiles and cards, the
signed-in menu (issue 24, item 8)."""

import pytest

from accounts.tests.factories import UserFactory
from courses.tests.factories import CategoryFactory, CourseFactory
from learning.models import LearningPath, PathCourse
from teachers.tests.factories import TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1440, "height": 900}


def _box(page, selector):
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("path", ["/accounts/login/", "/en/accounts/password/reset/", "/paths/", "/no-such-page/"])
def test_footer_sits_at_the_bottom_of_a_short_page(page, path):
    page.set_viewport_size(DESKTOP)

    page.goto(path)

    footer = _box(page, ".site-footer")
    assert footer["y"] + footer["height"] == pytest.approx(DESKTOP["height"], abs=1)


def test_english_header_keeps_the_language_switch_next_to_sign_up(page):
    page.set_viewport_size(DESKTOP)

    page.goto("/en/accounts/login/")

    sign_up = _box(page, ".site-nav--wide .button")
    languages = _box(page, ".site-header__languages")
    assert languages["x"] - (sign_up["x"] + sign_up["width"]) < 40


def test_category_tiles_in_a_row_are_equally_tall(page):
    for position, name in enumerate(["Desarrollo web", "Programación", "Datos e inteligencia artificial", "Diseño"]):
        CourseFactory(category=CategoryFactory(name=name, position=position))
    page.set_viewport_size(DESKTOP)

    page.goto("/")

    heights = {round(tile["height"]) for tile in page.locator(".category-tile").evaluate_all(_boxes_js())}
    assert len(heights) == 1


def test_course_cards_in_a_row_have_their_stats_on_one_line(page):
    short, long = TeacherFactory(name="Ana"), TeacherFactory(name="Facundo García Martoni y Freddy Vega Tercero")
    CourseFactory(name="Curso de React", teachers=[short])
    CourseFactory(name="Curso de Django", teachers=[long, short])
    page.set_viewport_size(DESKTOP)

    page.goto("/courses/")

    tops = {round(stat["y"]) for stat in page.locator(".course-card__stats").evaluate_all(_boxes_js())}
    teacher_to_stats = page.locator(".course-card").evaluate_all(
        """cards => cards.map(card => card.querySelector('.course-card__stats').getBoundingClientRect().top
              - card.querySelector('.course-card__teachers').getBoundingClientRect().bottom)"""
    )
    assert len(tops) == 1
    assert max(teacher_to_stats) < 40


def test_next_course_pill_on_the_path_page_stays_on_one_line(page):
    learner = UserFactory(username="lucia")
    path = LearningPath.objects.create(
        name="Desarrollo web con Python", slug="web-python", summary="Del script a Django.", status="published"
    )
    PathCourse.objects.create(path=path, course=CourseFactory(name="Curso de Python"), position=1)
    page.set_viewport_size(DESKTOP)
    _log_in(page, learner)

    page.goto("/paths/web-python/")

    pill = page.locator(".path-status .button")
    assert pill.inner_text() == "Siguiente: Curso de Python"
    assert pill.evaluate("element => element.scrollWidth <= element.clientWidth")
    assert pill.bounding_box()["height"] < 60


def test_signed_in_name_opens_a_menu_with_learning_profile_and_log_out(page):
    learner = UserFactory(username="lucia", first_name="Lucía", last_name="Pérez")
    page.set_viewport_size(DESKTOP)
    _log_in(page, learner)
    menu = page.locator(".site-nav--wide .account-menu")

    menu.locator("summary").click()

    assert menu.get_attribute("open") is not None
    items = menu.locator(".account-menu__panel").inner_text().split("\n")
    assert items == ["Mi aprendizaje", "Perfil", "Cerrar sesión"]
    menu.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url("**/")
    assert page.locator(".account-menu").count() == 0


def _log_in(page, user):
    page.goto("/accounts/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "learner-password-123")
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()


def _boxes_js():
    return "elements => elements.map(element => element.getBoundingClientRect().toJSON())"
