import pytest
from django.urls import reverse

from community import services
from community.models import Reply, Thread
from community.tests.factories import ReplyFactory, ThreadFactory, VeteranFactory
from courses.tests.factories import CourseFactory, LessonFactory, hidden_course
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lessons():
    course = CourseFactory(slug="curso-a")
    return (
        LessonFactory(course=course, slug="uno", position=1),
        LessonFactory(course=course, slug="dos", position=2),
    )


@pytest.fixture
def veteran(client):
    user = VeteranFactory()
    client.force_login(user)
    return user


def test_the_lesson_page_shows_its_threads_and_invites_anonymous_learners_to_log_in(client, lessons):
    ThreadFactory(lesson=lessons[0], title="¿Cómo instalo Django?", video_second=75)
    ThreadFactory(lesson=lessons[1], title="Una duda de otra clase")

    page = client.get(lessons[0].get_absolute_url()).content.decode()

    assert "¿Cómo instalo Django?" in page and "Una duda de otra clase" not in page
    assert f'href="{lessons[0].get_absolute_url()}?t=75"' in page
    assert "/accounts/login/?next=" in page and 'name="title"' not in page


def test_a_signed_in_learner_asks_from_the_lesson_page(client, lessons, veteran):
    response = client.post(
        reverse("community:thread-create", args=["curso-a", "uno"]),
        {"kind": "question", "title": "¿Qué es un queryset?", "body": "Lo vi en el minuto 3", "video_second": "180"},
    )

    thread = Thread.objects.get()
    assert response.status_code == 302 and response["Location"] == thread.get_absolute_url()
    assert (thread.author, thread.lesson, thread.video_second) == (veteran, lessons[0], 180)


def test_a_refused_question_shows_the_form_again_with_the_reason(client, lessons):
    client.force_login(VeteranFactory(date_joined=lessons[0].created_at))  # an account made just now

    response = client.post(
        reverse("community:thread-create", args=["curso-a", "uno"]),
        {"kind": "question", "title": "Oferta", "body": "Visita https://spam.example.com"},
    )

    assert response.status_code == 400
    assert "enlaces" in response.content.decode() and not Thread.objects.exists()


def test_a_learner_replies_votes_and_the_teacher_accepts_from_the_thread_page(client, lessons, veteran):
    thread = ThreadFactory(lesson=lessons[0])
    teacher_user = VeteranFactory()
    TeacherFactory(user=teacher_user).courses.add(lessons[0].course)

    client.post(reverse("community:reply-create", args=[thread.pk]), {"body": "Usa `select_related`."})
    reply = Reply.objects.get()
    client.post(reverse("community:reply-action", args=[reply.pk, "vote"]))
    client.force_login(teacher_user)
    client.post(reverse("community:reply-action", args=[reply.pk, "accept"]))
    page = client.get(thread.get_absolute_url()).content.decode()

    thread.refresh_from_db()
    reply.refresh_from_db()
    assert thread.accepted_reply == reply and reply.votes == 1
    assert "Accepted answer" in page or "Respuesta aceptada" in page


def test_posts_by_the_course_teachers_carry_the_teacher_badge(client, lessons):
    teacher_user = VeteranFactory()
    TeacherFactory(user=teacher_user).courses.add(lessons[0].course)
    thread = ThreadFactory(lesson=lessons[0])
    ReplyFactory(thread=thread, author=teacher_user)
    ReplyFactory(thread=thread)

    page = client.get(thread.get_absolute_url()).content.decode()

    assert page.count("badge--teacher") == 1


def test_a_closed_thread_refuses_replies_on_the_page(client, lessons, veteran):
    thread = ThreadFactory(lesson=lessons[0], closed=True)

    response = client.post(reverse("community:reply-create", args=[thread.pk]), {"body": "Hola"}, follow=True)

    assert not Reply.objects.exists()
    assert "closed" in response.content.decode() or "cerrado" in response.content.decode()


def test_another_learner_cannot_delete_a_thread_from_the_page(client, lessons, veteran):
    thread = ThreadFactory(lesson=lessons[0])

    response = client.post(reverse("community:thread-action", args=[thread.pk, "delete"]))

    assert response.status_code == 403 and Thread.objects.filter(pk=thread.pk).exists()


def test_edited_and_deleted_posts_say_so(client, lessons):
    thread = ThreadFactory(lesson=lessons[0])
    reply = ReplyFactory(thread=thread)
    client.force_login(reply.author)
    client.post(reverse("community:reply-edit", args=[reply.pk]), {"body": "Corregido"})
    client.force_login(thread.author)
    client.post(reverse("community:thread-action", args=[thread.pk, "delete"]))

    page = client.get(thread.get_absolute_url()).content.decode()

    assert "Corregido" in page and "post__edited" in page and "post__deleted" in page


def test_the_thread_page_of_an_unpublished_course_is_not_found(client):
    thread = ThreadFactory(lesson=LessonFactory(course=hidden_course("draft")))

    assert client.get(thread.get_absolute_url()).status_code == 404


def test_the_search_box_finds_threads_in_the_other_lessons_of_the_course_only(client, lessons):
    ThreadFactory(lesson=lessons[1], title="Migraciones que fallan", body="El comando migrate se queja")
    ThreadFactory(title="Migraciones en otro curso")

    page = client.get(lessons[0].get_absolute_url(), {"q": "migraciones"}).content.decode()

    assert "Migraciones que fallan" in page and "Migraciones en otro curso" not in page


def test_the_course_search_does_not_index_posts(client, lessons):
    ThreadFactory(lesson=lessons[0], title="Zanahoriaúnica", body="zanahoriaúnica")

    assert client.get("/api/v1/courses/", {"search": "zanahoriaúnica"}).json()["count"] == 0


def test_the_discussion_is_paginated_and_keeps_its_filters(client, lessons):
    ThreadFactory.create_batch(25, lesson=lessons[0], kind=Thread.Kind.CONTRIBUTION)

    first = client.get(lessons[0].get_absolute_url(), {"kind": "contribution", "sort": "newest"}).content.decode()

    assert first.count('<li class="thread-card') == 20
    assert "?kind=contribution&amp;sort=newest&amp;page=2#discussion" in first
    past_the_end = client.get(lessons[0].get_absolute_url(), {"page": "99"}).content.decode()
    assert past_the_end.count('<li class="thread-card') == 5


def test_the_lesson_page_with_500_threads_runs_a_fixed_number_of_queries(
    client, lessons, without_public_cache, django_assert_max_num_queries
):
    authors = VeteranFactory.create_batch(5)
    Thread.objects.bulk_create(
        Thread(
            lesson=lessons[0],
            course=lessons[0].course,
            author=authors[index % 5],
            title=f"Duda {index}",
            body="texto",
            body_html="<p>texto</p>",
            votes=index % 7,
            video_second=index,
        )
        for index in range(500)
    )
    client.force_login(authors[0])

    # The discussion's own share: the threads' count and page, the reader's votes, the teachers' accounts.
    with django_assert_max_num_queries(12):
        response = client.get(lessons[0].get_absolute_url())

    assert response.status_code == 200


def test_a_new_post_ends_the_cached_page_of_its_lesson_only(client, lessons):
    urls = ["/courses/curso-a/lessons/uno/", "/courses/curso-a/lessons/dos/", "/courses/curso-a/"]
    for url in urls:
        client.get(url)
    assert {client.get(url)["X-Cache"] for url in urls} == {"hit"}
    author = VeteranFactory()
    services.thread_create(user=author, lesson=lessons[0], kind="question", title="¿Nueva?", body="Sí")

    assert client.get(urls[0])["X-Cache"] == "miss"
    assert client.get(urls[1])["X-Cache"] == "hit" and client.get(urls[2])["X-Cache"] == "hit"
    assert "¿Nueva?" in client.get(urls[0]).content.decode()
