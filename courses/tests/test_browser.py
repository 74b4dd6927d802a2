"""What only a browser shows: navigation by clicking, the video playing, layout on a phone, keyboard use."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from accounts.tests.factories import UserFactory
from core.tests.browser import wait_for
from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory
from demo import demo_images
from learning import services
from teachers.tests.factories import TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLE_VIDEO = Path(settings.BASE_DIR) / "static" / "video" / "sample.webm"
PHONE, DESKTOP = {"width": 375, "height": 812}, {"width": 1440, "height": 900}


@pytest.fixture
def course():
    """A small catalog like the demo one; returns its Python course, whose lessons play the sample video."""
    programming = CategoryFactory(name="Programación", slug="programacion")
    design = CategoryFactory(name="Diseño y UX", slug="diseno")
    teacher = TeacherFactory(
        name="Facundo García Martoni", slug="facundo", headline="Profesor de Python y fundamentos de programación"
    )
    teacher.avatar.save("facundo.png", ContentFile(demo_images.teacher_avatar(teacher.name)))
    now = timezone.now()
    names = ["Curso de JavaScript", "Curso de Diseño de Interfaces", "Curso de Experiencia de Usuario (UX)"]
    for days, name in enumerate(names, start=1):
        other = CourseFactory(
            name=name,
            summary="Un curso práctico, de principio a fin, con un proyecto real para tu portafolio.",
            category=design if "Dise" in name or "UX" in name else programming,
            level="intermediate",
            published_at=now - timedelta(days=days),
            average_rating=4.2,
            total_ratings=12,
            teachers=[teacher],
        )
        picture = demo_images.course_thumbnail(name, other.category.slug)
        other.thumbnail.save(f"{other.slug}.png", ContentFile(picture))
        LessonFactory.create_batch(4, course=other, duration_seconds=420)
    python = CourseFactory(
        name="Curso de Python",
        slug="curso-de-python",
        summary="Aprende a programar en Python desde cero con ejercicios prácticos.",
        description="Variables, funciones, listas y diccionarios.\n\nAl final construyes una aplicación de consola.",
        category=programming,
        teachers=[teacher],
    )
    python.thumbnail.save("python.png", ContentFile(demo_images.course_thumbnail(python.name, "programacion")))
    # A direct video URL, as staff may give one (an uploaded original is never served: it plays once processed).
    sample_url = f"/{settings.STATIC_URL.strip('/')}/{SAMPLE_VIDEO.relative_to(SAMPLE_VIDEO.parents[1]).as_posix()}"
    LessonFactory(course=python, name="Tu primer programa", slug="primer-programa", position=1, video_url=sample_url)
    for position, name in enumerate(["Variables y tipos", "Funciones", "Listas y diccionarios"], start=2):
        LessonFactory(course=python, name=name, position=position, video_url=sample_url)
    reviews = [
        (5, "Excelente: por fin entendí las funciones."),
        (5, "Muy claro y práctico."),
        (4, "Buen ritmo."),
        (3, ""),
    ]
    for number, (score, review) in enumerate(reviews):
        learner = UserFactory(username=f"estudiante{number}", first_name=f"Estudiante {number}")
        services.rating_submit(user=learner, course=python, score=score, review=review)
    return python


def load_lazy_images(page):
    """Lazy images below the fold would be blank in a full-page screenshot: load them all first."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(image => { image.loading = 'eager'; })")
    wait_for(page, "[...document.images].every(image => image.complete)")


def assert_no_horizontal_scroll(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_learner_goes_from_home_to_course_to_lesson_by_clicking_and_the_video_loads(page, course):
    page.goto("/")
    page.get_by_role("link", name="Curso de Python").first.click()
    page.wait_for_url(f"**{course.get_absolute_url()}")
    page.get_by_role("link", name="Tu primer programa").click()
    page.wait_for_url("**/lessons/primer-programa/")

    wait_for(page, "document.getElementById('lesson-player').readyState > 0", timeout=15_000)

    assert page.locator("#lesson-player").get_attribute("data-lesson-slug") == "primer-programa"


def test_header_search_box_finds_a_course(page, course):
    page.goto("/")

    page.get_by_role("searchbox", name="Buscar cursos").fill("python")
    page.keyboard.press("Enter")
    page.wait_for_url("**/courses/?q=python")

    assert page.locator(".course-card__title").all_inner_texts() == ["Curso de Python"]


def test_language_switcher_switches_the_page_to_english_and_back(page, course):
    page.goto(course.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "es"

    page.get_by_role("link", name="English").first.click()
    wait_for(page, "document.documentElement.lang === 'en'")
    assert page.get_by_role("heading", name="About this course").is_visible()
    assert page.url.endswith(f"/en{course.get_absolute_url()}")

    page.get_by_role("link", name="Español").first.click()
    wait_for(page, "document.documentElement.lang === 'es'")
    assert page.get_by_role("heading", name="Sobre este curso").is_visible()


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_main_content(page, course):
    page.goto("/courses/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Saltar al contenido")
    assert skip_link.evaluate("element => element === document.activeElement")
    assert skip_link.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")

    assert page.evaluate("document.activeElement.id") == "main-content"


def test_keyboard_focus_is_visible_on_links_and_buttons(page, course):
    page.goto("/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")

    focused = page.evaluate(
        "(() => { const el = document.activeElement, style = getComputedStyle(el); return"
        " {text: el.textContent.trim(), outline: style.outlineStyle, width: parseFloat(style.outlineWidth)}; })()"
    )

    assert focused["text"] == "Platziflix"
    assert focused["outline"] != "none" and focused["width"] >= 2


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375", "1440"])
def test_pages_fit_the_screen_and_are_captured(page, course, screenshots_dir, viewport):
    page.set_viewport_size(viewport)
    pages = {
        "home": "/",
        "catalog": "/courses/",
        "course": course.get_absolute_url(),
        "lesson": course.lessons.first().get_absolute_url(),
        "teacher": "/teachers/facundo/",
        "search-empty": "/courses/?q=cocina",
    }
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        load_lazy_images(page)

        page.screenshot(path=screenshots_dir / f"{name}-{viewport['width']}.png", full_page=True)

        assert_no_horizontal_scroll(page)
