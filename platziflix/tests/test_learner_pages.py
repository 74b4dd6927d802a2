"""Signed-in learners' pages (core/learner_pages.py): a shared page, cached for every learner, and each learner's
own parts, cached until their next write. No learner ever sees another's data, in either language; a learner's
write shows on their very next page load; and a page served from the cache is the page rendered whole."""

import re

import pytest
from django.test import Client

from accounts.tests.factories import UserFactory
from community import services as community
from community.tests.factories import ThreadFactory
from core import learner_pages
from courses.tests.factories import CourseFactory, LessonFactory
from learning import selectors as learning_selectors
from learning import services as learning
from notebook.tests.factories import NoteFactory, SavedCourseFactory
from notifications.services import notify
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

# What differs between two renders of one page: the CSRF token, and the ids of the charts on /me/, numbered
# in the order a process draws them.
PER_RENDER = re.compile(r'((?:name="csrfmiddlewaretoken" value="|data-csrf-token=")[^"]+|chart-\d+)')


@pytest.fixture
def course(db):
    course = CourseFactory(name="Curso de Django", slug="django")
    for position in (1, 2, 3):
        LessonFactory(course=course, slug=f"clase-{position}", name=f"Clase {position}", position=position)
    return course


@pytest.fixture
def ana(course):
    """A learner with something of hers on every page: progress, a rating, a note, a vote, a saved course and
    an unread notification."""
    ana = UserFactory(username="ana", first_name="Ana", last_name="Arias")
    first, second = course.lessons.order_by("position")[:2]
    learning.lesson_complete(user=ana, lesson=first)
    learning.lesson_progress_update(user=ana, lesson=second, position_seconds=77)
    learning.rating_submit(user=ana, course=course, score=5, review="")
    NoteFactory(learner=ana, lesson=second, body="Nota privada de Ana")
    community.vote_set(user=ana, post=ThreadFactory(lesson=second, title="¿Qué es un ORM?"), voted=True)
    SavedCourseFactory(learner=ana, course=course)
    NotificationFactory(recipient=ana, title="Alguien respondió a Ana")
    return ana


@pytest.fixture
def beto(course):
    return UserFactory(username="beto", first_name="Beto", last_name="Bravo")


def signed_in_client(user):
    client = Client()
    client.force_login(user)
    return client


def pages(language=""):
    return [
        f"{language}/",
        f"{language}/me/",
        f"{language}/courses/django/",
        f"{language}/courses/django/lessons/clase-2/",
    ]


def anas_marks(language=""):
    """What only Ana's pages may show: her name, a tick for a lesson she completed, her note, her vote, her saved
    course, her bell and where she stopped."""
    return {
        "Ana Arias",
        "is-completed",
        "Nota privada de Ana",
        'class="vote__button is-voted"',
        f'action="{language}/me/saved/django/remove/"',
        "bell__count",
        'data-start-position="77"',
    }


def _marks(text, language=""):
    return {mark for mark in anas_marks(language) if mark in text}


@pytest.mark.parametrize("language", ["", "/en"])
def test_a_learner_never_sees_another_learners_data_on_any_page_with_the_cache_on(ana, beto, language):
    anas_client, betos_client = signed_in_client(ana), signed_in_client(beto)
    for url in pages(language):
        assert anas_client.get(url).status_code == 200

    seen_by_beto = {url: [betos_client.get(url), betos_client.get(url)] for url in pages(language)}
    seen_by_ana = {url: anas_client.get(url) for url in pages(language)}

    for url, answers in seen_by_beto.items():
        assert [answer["X-Learner-Page"] for answer in answers] == ["own", "hit"], url
        for answer in answers:
            assert _marks(answer.text, language) == set(), url
            assert "Beto Bravo" in answer.text
    assert {url: answer["X-Learner-Page"] for url, answer in seen_by_ana.items()} == dict.fromkeys(
        pages(language), "hit"
    )
    assert set().union(*(_marks(answer.text, language) for answer in seen_by_ana.values())) == anas_marks(language)
    assert all("Beto" not in answer.text for answer in seen_by_ana.values())


def test_the_shared_page_speaks_the_language_of_the_address(ana, course):
    client = signed_in_client(ana)
    client.get("/courses/django/lessons/clase-2/")

    spanish, english = client.get("/courses/django/lessons/clase-2/"), client.get("/en/courses/django/lessons/clase-2/")

    assert spanish["X-Learner-Page"] == "hit" and english["X-Learner-Page"] == "miss"
    assert "Marcar como completada" in spanish.text and "Mark as complete" not in spanish.text
    assert "Mark as complete" in english.text and "Marcar como completada" not in english.text


def test_each_answer_carries_a_csrf_token_of_the_requesting_session_that_the_site_accepts(ana, beto, course):
    signed_in_client(ana).get("/courses/django/")
    beto_client = Client(enforce_csrf_checks=True)
    beto_client.force_login(beto)

    page = beto_client.get("/courses/django/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    rated = beto_client.post("/courses/django/rating/", {"score": 4, "review": "", "csrfmiddlewaretoken": token})

    assert page["X-Learner-Page"] in {"own", "hit"}
    assert learner_pages.CSRF_PLACEHOLDER not in page.text
    assert rated.status_code == 302
    assert learning_selectors.learner_rating(user=beto, course=course).score == 4


@pytest.mark.parametrize("url", pages() + pages("/en"))
def test_a_page_from_the_cache_is_the_page_rendered_whole(ana, url, settings):
    client = signed_in_client(ana)
    client.get(url)
    cached = client.get(url)
    settings.LEARNER_PAGE_CACHE = False

    whole = client.get(url)

    assert cached["X-Learner-Page"] == "hit" and "X-Learner-Page" not in whole
    assert PER_RENDER.sub("", cached.text) == PER_RENDER.sub("", whole.text)


def _cached_then(client, url):
    """Loads ``url`` twice (so both parts are cached), then returns a function that loads it again."""
    client.get(url)
    assert client.get(url)["X-Learner-Page"] == "hit"
    return lambda: client.get(url)


def test_a_completed_lesson_shows_on_the_next_load_of_the_course_page(beto, course):
    client = signed_in_client(beto)
    reload = _cached_then(client, "/courses/django/")

    client.post("/courses/django/lessons/clase-1/complete/", follow=True)  # its message shows on the next lesson
    page = reload()

    assert page["X-Learner-Page"] == "own"
    assert page.text.count("is-completed") == 1
    assert "1 de 3 clases completadas (33 %)" in page.text


def test_a_position_saved_by_the_player_shows_on_the_next_load_of_the_lesson(beto, course):
    client = signed_in_client(beto)
    reload = _cached_then(client, "/courses/django/lessons/clase-2/")

    saved = client.put(
        "/api/v1/courses/django/lessons/clase-2/progress/", {"position_seconds": 95}, content_type="application/json"
    )

    assert saved.status_code == 200
    assert 'data-start-position="95"' in reload().text


def test_a_rating_a_note_a_vote_and_a_saved_course_show_on_the_next_load(beto, course):
    client = signed_in_client(beto)
    course_page, lesson_page = (
        _cached_then(client, "/courses/django/"),
        _cached_then(client, "/courses/django/lessons/clase-2/"),
    )
    thread = ThreadFactory(lesson=course.lessons.get(slug="clase-2"), title="¿Cómo migro?")
    lesson_page()  # the new thread ends the lesson's shared page

    client.post("/courses/django/rating/", {"score": 3, "review": ""})
    client.post("/me/notes/django/clase-2/", {"second": 12, "body": "Repasar migraciones"})
    client.post(f"/community/threads/{thread.pk}/vote/", {"next": "/"})
    client.post("/me/saved/django/", {"next": "/"})

    assert "/courses/django/rating/delete/" in course_page().text
    assert 'action="/me/saved/django/remove/"' in course_page().text
    lesson = lesson_page().text
    assert "Repasar migraciones" in lesson
    assert 'class="vote__button is-voted"' in lesson


def test_a_new_notification_and_a_new_name_show_on_the_next_load(beto, course):
    client = signed_in_client(beto)
    reload = _cached_then(client, "/courses/django/")

    notify(recipients=[beto], kind="reply", actor=UserFactory(), thread_id=1, title="Respuesta", url="/")
    beto.first_name = "Roberto"
    beto.save()
    page = reload()

    assert "bell__count" in page.text
    assert "Roberto Bravo" in page.text


def test_a_new_lesson_shows_in_the_learners_progress_and_a_renamed_course_on_their_home_page(ana, course):
    client = signed_in_client(ana)
    course_page, home = _cached_then(client, "/courses/django/"), _cached_then(client, "/")

    LessonFactory(course=course, slug="clase-4", position=4)
    course.name = "Curso de Django 5"
    course.save()

    assert "1 de 4 clases completadas" in course_page().text
    assert "Curso de Django 5" in home().text


def test_a_message_is_shown_once_on_a_page_rendered_whole_and_the_next_load_comes_from_the_cache(beto, course):
    client = signed_in_client(beto)
    _cached_then(client, "/courses/django/")

    after_rating = client.post("/courses/django/rating/", {"score": 4, "review": ""}, follow=True)
    next_load = client.get("/courses/django/")

    assert "X-Learner-Page" not in after_rating
    assert "Gracias" in after_rating.text
    assert next_load["X-Learner-Page"] == "miss"  # the rating changed the course's public part too
    assert "Gracias" not in next_load.text
    assert "/courses/django/rating/delete/" in next_load.text


def test_a_refused_rating_form_is_shown_once(beto, course):
    client = signed_in_client(beto)
    _cached_then(client, "/courses/django/")

    refused = client.post("/courses/django/rating/", {"score": 9, "review": ""}, follow=True)
    again = client.get("/courses/django/")

    assert 'class="form-errors"' in refused.text or "errorlist" in refused.text
    assert 'class="form-errors"' not in again.text and "errorlist" not in again.text


def test_staff_and_anonymous_visitors_get_the_page_rendered_whole(staff_user, course, client):
    staff = signed_in_client(staff_user)

    assert "X-Learner-Page" not in staff.get("/courses/django/")
    assert "X-Learner-Page" not in client.get("/courses/django/")


def test_a_repeated_view_runs_at_most_one_query_whatever_the_learners_history(
    ana, course, django_assert_max_num_queries
):
    for position in range(4, 34):
        lesson = LessonFactory(course=course, position=position)
        NoteFactory(learner=ana, lesson=course.lessons.get(slug="clase-2"))
        ThreadFactory(lesson=course.lessons.get(slug="clase-2"))
        learning.lesson_complete(user=ana, lesson=lesson)
    client = signed_in_client(ana)
    for url in pages():
        client.get(url)

    for url in pages():
        with django_assert_max_num_queries(1):  # none when sessions live in Redis; their row otherwise
            assert client.get(url)["X-Learner-Page"] == "hit"


@pytest.mark.parametrize("lessons", [3, 40])
def test_the_course_pages_learner_facts_take_three_queries_whatever_the_number_of_lessons(
    ana, course, lessons, django_assert_num_queries
):
    for position in range(4, lessons + 1):
        learning.lesson_complete(user=ana, lesson=LessonFactory(course=course, position=position))

    with django_assert_num_queries(3):
        facts = learning_selectors.learner_page_facts(ana, course_id=course.pk, lesson_id=None)

    assert facts.total_lessons == lessons
    assert facts.completed_lessons == lessons - 2
    assert facts.rating.score == 5


def test_the_learners_parts_render_again_in_a_fixed_number_of_queries(ana, course, django_assert_max_num_queries):
    """After a write of the learner's, only their parts render: the same queries with 3 or 30 lessons, notes and
    threads."""
    lesson = course.lessons.get(slug="clase-2")
    client = signed_in_client(ana)
    for position in range(4, 31):
        LessonFactory(course=course, position=position)
        NoteFactory(learner=ana, lesson=lesson)
        ThreadFactory(lesson=lesson)
    client.get("/courses/django/lessons/clase-2/")

    learning.lesson_progress_update(user=ana, lesson=lesson, position_seconds=80)
    with django_assert_max_num_queries(8):
        page = client.get("/courses/django/lessons/clase-2/")

    assert page["X-Learner-Page"] == "own"
    assert 'data-start-position="80"' in page.text


def test_the_shared_page_cannot_read_the_learner():
    with pytest.raises(AttributeError, match="email"):
        learner_pages.ANY_LEARNER.email  # noqa: B018
