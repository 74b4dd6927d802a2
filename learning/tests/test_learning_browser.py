"""In Chromium: finish a course, fail then pass its exam, verify the certificate logged out and download the PDF."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from courses.tests.factories import CourseFactory, LessonFactory
from learning.models import Certificate, LessonProgress
from learning.tests.factories import LearningPathFactory, complete_course, exam_with_questions
from learning.tests.test_browser import _log_in, _wait_for
from teachers.tests.factories import TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def course(db):
    course = CourseFactory(
        name="Curso de Django", slug="django", teachers=[TeacherFactory(name="Facundo García", slug="facundo")]
    )
    LessonFactory(course=course, slug="intro", name="Introducción", position=1, video_url="", duration_seconds=1200)
    LessonFactory(course=course, slug="modelos", name="Modelos", position=2, video_url="", duration_seconds=1500)
    return course


@pytest.fixture
def exam(course):
    return exam_with_questions(course, questions=5, choices=3)


@pytest.fixture
def named_learner(learner):
    learner.first_name, learner.last_name = "Begoña", "Muñoz"
    learner.save()
    return learner


def _answer(page, exam, *, wrong):
    """Answers by value: each attempt shows the questions and their choices in an order of its own."""
    for index, question in enumerate(exam.questions.order_by("position", "id")):
        choices = list(question.choices.order_by("position", "id"))
        choice = choices[1] if index < wrong else choices[0]
        page.check(f"input[name=question_{question.id}][value='{choice.id}']")


def test_learner_finishes_a_course_fails_then_passes_the_exam_and_shares_a_verifiable_certificate(
    browser, page, live_server, named_learner, course, exam, screenshots_dir
):
    _log_in(page, named_learner, "/courses/django/")
    for lesson in ("intro", "modelos"):
        page.goto(f"/courses/django/lessons/{lesson}/")
        page.click("form.lesson-complete button[type=submit]")
        assert _wait_for(
            lambda lesson=lesson: LessonProgress.objects.filter(lesson__slug=lesson).exclude(completed_at=None).exists()
        )

    page.goto("/courses/django/")
    page.click("a[href='/courses/django/exam/']")
    page.wait_for_url("**/courses/django/exam/")
    _answer(page, exam, wrong=3)
    with page.expect_navigation():
        page.click("form.exam-form button[type=submit]")
    assert "Todavía no apruebas · 40%" in page.locator("#result-title").inner_text()
    assert page.locator(".exam-review-hidden").is_visible()  # which ones were wrong: only once passed
    page.screenshot(path=screenshots_dir / "exam-failed-1440.png", full_page=True)
    assert page.locator(".exam-review__item").count() == 0
    assert not Certificate.objects.exists()

    _answer(page, exam, wrong=0)
    with page.expect_navigation():
        page.click("form.exam-form button[type=submit]")
    assert "Aprobado · 100%" in page.locator("#result-title").inner_text()
    assert page.locator(".exam-review__item.is-right").count() == 5
    page.screenshot(path=screenshots_dir / "exam-passed-1440.png", full_page=True)
    page.click("text=Ver tu certificado")
    certificate = Certificate.objects.get(user=named_learner, course=course)
    page.wait_for_url(f"**/certificates/{certificate.code}/")

    visitor = browser.new_context(base_url=live_server.url, locale="es-ES")
    try:
        public = visitor.new_page()
        public.goto(f"/certificates/{certificate.code}/")
        assert public.locator(".certificate__status--valid").inner_text().strip() == "✓ Verificado"
        assert public.locator(".certificate__name").inner_text() == "Begoña Muñoz"
        assert public.locator("header").get_by_text("Begoña").count() == 0
        with public.expect_download() as download_info:
            public.click("text=Descargar PDF")
        pdf = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes()))
    finally:
        visitor.close()
    assert len(pdf.pages) == 1
    text = pdf.pages[0].extract_text()
    assert "Begoña Muñoz" in text and certificate.code in text and "Curso de Django" in text


@pytest.fixture
def showcase(named_learner, course, exam):
    """A path with three courses, the learner through the first one with its certificate, and a failed attempt."""
    others = []
    for name in ("Docker", "PostgreSQL"):
        other = CourseFactory(name=f"Curso de {name}", slug=name.lower())
        LessonFactory.create_batch(3, course=other, duration_seconds=900)
        others.append(other)
    LearningPathFactory(
        name="Desarrollo web con Python",
        slug="web-python",
        summary="De tu primer modelo a una aplicación en producción.",
        courses=[course, *others],
    )
    LearningPathFactory(name="Datos e IA", slug="datos", summary="SQL y análisis de datos.", courses=others[::-1])
    complete_course(named_learner, others[0])
    complete_course(named_learner, course)
    return Certificate.objects.get(user=named_learner, course=others[0])


@pytest.mark.parametrize("width", [375, 1440])
def test_learning_pages_fit_the_screen(browser, live_server, named_learner, showcase, screenshots_dir, width):
    context = browser.new_context(base_url=live_server.url, locale="es-ES", viewport={"width": width, "height": 900})
    page = context.new_page()
    overflowing = {}
    try:
        _log_in(page, named_learner, "/")
        for name, path in [
            ("home", "/"),
            ("paths", "/paths/"),
            ("path", "/paths/web-python/"),
            ("course-with-paths", "/courses/django/"),
            ("exam", "/courses/django/exam/"),
            ("certificate", showcase.get_absolute_url()),
            ("my-certificates", "/me/"),
            ("profile", "/me/profile/"),
        ]:
            page.goto(path)
            page.screenshot(path=screenshots_dir / f"learning-{name}-{width}.png", full_page=True)
            if page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                overflowing[name] = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()

    assert overflowing == {}
