"""In Chromium, on a 375 px phone in Spanish and on a desktop in English: a learner asks under a lesson, another
replies and votes, the course's teacher accepts the reply."""

import pytest

from community.models import Reply, Thread
from community.tests.factories import VeteranFactory
from courses.tests.factories import CourseFactory, LessonFactory
from teachers.tests.factories import TeacherFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "learner-password-123"
LAYOUTS = {
    "phone-es": {"viewport": {"width": 375, "height": 812}, "prefix": "", "accepted": "Respuesta aceptada"},
    "desktop-en": {"viewport": {"width": 1440, "height": 900}, "prefix": "/en", "accepted": "Accepted answer"},
}


@pytest.fixture
def lesson(db):
    teacher = TeacherFactory(name="Facundo García", slug="facundo", user=VeteranFactory(username="facundo"))
    course = CourseFactory(name="Curso de Django", slug="django", teachers=[teacher])
    return LessonFactory(course=course, slug="modelos", name="Modelos", video_url="", duration_seconds=900)


@pytest.fixture
def open_as(browser, live_server, settings):
    settings.ROOT_URLCONF = "platziflix.tests.browser_urls"
    contexts, blocked = [], []

    def open_as(user, layout, next_path):
        context = browser.new_context(base_url=live_server.url, viewport=LAYOUTS[layout]["viewport"])
        contexts.append(context)
        page = context.new_page()
        page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
        page.goto(f"{LAYOUTS[layout]['prefix']}/accounts/login/?next={next_path}")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("form.form button[type=submit]")
        page.wait_for_url(f"**{next_path}")
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert blocked == [], "the Content-Security-Policy blocked something the page needs"


def _fits(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_learner_asks_another_replies_and_votes_and_the_teacher_accepts(lesson, open_as, layout, screenshots_dir):
    prefix = LAYOUTS[layout]["prefix"]
    lesson_path = f"{prefix}/courses/django/lessons/modelos/"
    asker, replier = VeteranFactory(username="ana"), VeteranFactory(username="beto")

    page = open_as(asker, layout, lesson_path)
    page.check("input[name=kind][value=question]")
    page.fill("#id_thread_title", "¿Para qué sirve makemigrations?")
    page.fill("#id_thread_body", "No entiendo el paso:\n\n```python\nclass Curso(models.Model):\n    pass\n```")
    page.fill("#id_thread_video_second", "95")
    page.click("form.thread-form button[type=submit]")
    page.wait_for_selector("h1.post__title")
    thread = Thread.objects.get()
    assert page.locator("pre.highlight span.k").first.is_visible()
    assert page.locator(f"a.seek-link[href='{lesson_path}?t=95']").is_visible()
    assert _fits(page)
    page.screenshot(path=screenshots_dir / f"community-{layout}-asked.png", full_page=True)

    page = open_as(replier, layout, f"{lesson_path}threads/{thread.pk}/")
    page.fill("#id_body", "Escribe el archivo de migración a partir de tus modelos; `migrate` lo aplica.")
    page.click("#reply form button[type=submit]")
    page.wait_for_selector(".post--reply")
    page.click(f"#thread-{thread.pk} .vote__button")
    page.wait_for_selector(f"#thread-{thread.pk} .vote__button.is-voted")
    assert page.locator(f"#thread-{thread.pk} .vote__count").inner_text() == "1"
    page.click(f"#thread-{thread.pk} .vote__button")  # taken back, then given again
    page.wait_for_selector(f"#thread-{thread.pk} .vote__button[aria-pressed=false]")
    assert page.locator(f"#thread-{thread.pk} .vote__count").inner_text() == "0"
    page.click(f"#thread-{thread.pk} .vote__button")
    page.wait_for_selector(f"#thread-{thread.pk} .vote__button[aria-pressed=true]")

    page = open_as(lesson.course.teachers.get().user, layout, f"{lesson_path}threads/{thread.pk}/")
    page.click(".link-button--accept")
    page.wait_for_selector(".post--reply.is-accepted")
    assert LAYOUTS[layout]["accepted"] in page.locator(".post--reply.is-accepted").inner_text()
    assert _fits(page)
    page.screenshot(path=screenshots_dir / f"community-{layout}-accepted.png", full_page=True)

    thread.refresh_from_db()
    assert thread.accepted_reply == Reply.objects.get(author=replier) and thread.votes == 1
    page.goto(f"{lesson_path}#discussion")
    assert page.locator(f"#thread-{thread.pk} .badge--answered").is_visible()
    page.screenshot(path=screenshots_dir / f"community-{layout}-lesson.png", full_page=True)
