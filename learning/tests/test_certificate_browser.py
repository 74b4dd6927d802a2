"""In Chromium, at 375 and 1440 px, in Spanish and English: a blank exam answer is marked and costs nothing, the
certificate page shares and corrects its name, and sign-up asks for the name and ends with a welcome."""

import io
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from pypdf import PdfReader

from courses.tests.factories import CourseFactory, LessonFactory
from learning.models import Certificate, ExamAttempt
from learning.tests.factories import complete_course, exam_with_questions
from learning.tests.test_browser import _log_in
from teachers.tests.factories import TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [375, 1440]
PREFIX = {"es": "", "en": "/en"}


@pytest.fixture
def course(db):
    teachers = [TeacherFactory(name="Facundo García Martoni"), TeacherFactory(name="Ana Belisa Martínez")]
    course = CourseFactory(name="Curso de Django", name_en="Django course", slug="django", teachers=teachers)
    LessonFactory(course=course, slug="intro", position=1, video_url="", duration_seconds=400)
    LessonFactory(course=course, slug="modelos", position=2, video_url="", duration_seconds=320)
    return course


def _context(browser, live_server, width, language):
    locale = "es-ES" if language == "es" else "en-US"
    return browser.new_context(base_url=live_server.url, locale=locale, viewport={"width": width, "height": 900})


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_a_blank_answer_is_marked_and_uses_no_attempt(
    browser, live_server, learner, course, screenshots_dir, width, language
):
    exam = exam_with_questions(course, questions=4, choices=3)
    complete_course(learner, course)
    context = _context(browser, live_server, width, language)
    page = context.new_page()
    try:
        _log_in(page, learner, f"{PREFIX[language]}/courses/django/exam/")
        first = exam.questions.order_by("position").first()
        page.check(f"input[name=question_{first.id}][value='{first.choices.get(is_correct=True).id}']")
        with page.expect_navigation():
            page.click("form.exam-form button[type=submit]")
        page.screenshot(path=screenshots_dir / f"exam-unanswered-{language}-{width}.png", full_page=True)

        assert page.locator(".exam-question--unanswered").count() == 3
        assert page.locator(f"input[name=question_{first.id}]:checked").count() == 1
        alert = page.locator(".form-errors").inner_text()
        assert ("3 are unanswered" if language == "en" else "3 están sin responder") in alert
        assert _fits(page)
    finally:
        context.close()
    assert not ExamAttempt.objects.exists()


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_the_certificate_page_shares_switches_the_pdf_language_and_corrects_the_name(
    browser, live_server, learner, course, screenshots_dir, width, language
):
    learner.first_name, learner.last_name = "lucas_nuevo", ""
    learner.save()
    complete_course(learner, course)
    certificate = Certificate.objects.get(user=learner)
    context = _context(browser, live_server, width, language)
    page = context.new_page()
    try:
        _log_in(page, learner, f"{PREFIX[language]}/certificates/{certificate.code}/")
        title = "Django course" if language == "en" else "Curso de Django"
        assert page.locator(".certificate__title").inner_text() == title
        assert page.locator(".certificate__facts").get_by_text("12 min").count() == 1
        linkedin = parse_qs(urlsplit(page.locator(".certificate__linkedin").get_attribute("href")).query)
        assert (linkedin["startTask"], linkedin["name"], linkedin["certId"]) == (
            ["CERTIFICATION_NAME"],
            [title],
            [certificate.code],
        )
        page.screenshot(path=screenshots_dir / f"certificate-owner-{language}-{width}.png", full_page=True)

        page.fill("#id_first_name", "Lucas")
        page.fill("#id_last_name", "Nuevo Pérez")
        with page.expect_navigation():
            page.click("form.certificate-name__form button[type=submit]")
        assert page.locator(".certificate__name").inner_text() == "Lucas Nuevo Pérez"
        assert page.locator(".certificate__facts").get_by_text("Reissued on" if language == "en" else "Reemitido el")
        page.screenshot(path=screenshots_dir / f"certificate-reissued-{language}-{width}.png", full_page=True)
        assert _fits(page)

        other = "es" if language == "en" else "en"
        with page.expect_download() as download_info:
            page.click(f".certificate__languages a[hreflang={other}]")
        text = PdfReader(io.BytesIO(Path(download_info.value.path()).read_bytes())).pages[0].extract_text()
    finally:
        context.close()
    assert "Lucas Nuevo Pérez" in text and certificate.code in text
    assert ("CERTIFICADO" if other == "es" else "CERTIFICATE") in text
    assert Certificate.objects.get(pk=certificate.pk).code == certificate.code


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("width", WIDTHS)
def test_sign_up_asks_for_the_full_name_and_ends_with_a_welcome(
    browser, live_server, course, screenshots_dir, width, language
):
    context = _context(browser, live_server, width, language)
    page = context.new_page()
    try:
        page.goto(f"{PREFIX[language]}/accounts/signup/")
        page.fill("#id_first_name", "Lucía")
        page.fill("#id_last_name", "Fernández")
        page.fill("#id_username", "lucia")
        page.fill("#id_email", "lucia@example.com")
        page.fill("#id_password1", "una-clave-muy-segura-1")
        page.fill("#id_password2", "una-clave-muy-segura-1")
        page.screenshot(path=screenshots_dir / f"signup-name-{language}-{width}.png", full_page=True)
        with page.expect_navigation():
            page.click("form.form button[type=submit]")

        welcome = page.locator(".welcome")
        greeting = {"en": "Welcome to Platziflix, Lucía!", "es": "¡Te damos la bienvenida a Platziflix, Lucía!"}
        assert welcome.locator(".welcome__title").inner_text() == greeting[language]
        assert welcome.locator(f"a[href='{PREFIX[language]}/courses/']").is_visible()
        page.screenshot(path=screenshots_dir / f"signup-welcome-{language}-{width}.png")
        assert _fits(page)
    finally:
        context.close()
