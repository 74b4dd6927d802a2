import pytest
from django.urls import reverse

from community.models import Thread
from community.tests.factories import ReplyFactory, ThreadFactory, VeteranFactory
from courses.tests.factories import LessonFactory, hidden_course
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

THREAD_FIELDS = {
    "id", "kind", "title", "body", "body_html", "author", "votes", "my_vote", "replies_count", "answered",
    "pinned", "closed", "video_second", "created_at", "edited_at", "url",
}  # fmt: skip


def _threads_url(lesson):
    return reverse("api:lesson-threads", args=[lesson.course.slug, lesson.slug])


@pytest.fixture
def veteran_client(api_client):
    user = VeteranFactory()
    api_client.force_login(user)
    api_client.user = user
    return api_client


def test_a_learner_starts_a_thread_and_gets_exactly_the_documented_fields(veteran_client):
    lesson = LessonFactory()

    response = veteran_client.post(
        _threads_url(lesson),
        {"kind": "question", "title": "¿Qué es un ORM?", "body": "Lo *mencionan* en la clase.", "video_second": 12},
        format="json",
    )

    assert response.status_code == 201
    data = response.json()
    assert set(data) == THREAD_FIELDS | {"replies"}
    assert data["body_html"] == "<p>Lo <em>mencionan</em> en la clase.</p>\n"
    assert data["author"] == {
        "username": veteran_client.user.username,
        "display_name": veteran_client.user.display_name,
    }
    assert data["video_second"] == 12 and data["my_vote"] is False
    assert data["url"].endswith(f"/courses/{lesson.course.slug}/lessons/{lesson.slug}/threads/{data['id']}/")


def test_the_list_has_the_documented_fields_and_never_an_email(api_client):
    thread = ThreadFactory()

    response = api_client.get(_threads_url(thread.lesson))

    assert response.status_code == 200
    [item] = response.json()["results"]
    assert set(item) == THREAD_FIELDS
    assert "@example.com" not in response.content.decode()


def test_anonymous_learners_cannot_post(api_client):
    response = api_client.post(_threads_url(LessonFactory()), {"kind": "question", "title": "x", "body": "y"})

    assert response.status_code in (401, 403)


@pytest.mark.parametrize("kind", ["draft", "scheduled"])
def test_threads_of_an_unpublished_course_answer_404(api_client, kind):
    thread = ThreadFactory(lesson=LessonFactory(course=hidden_course(kind)))

    assert api_client.get(_threads_url(thread.lesson)).status_code == 404
    assert api_client.get(reverse("api:thread", args=[thread.pk])).status_code == 404


def test_threads_of_a_deleted_lesson_answer_404(api_client):
    thread = ThreadFactory()
    thread.lesson.soft_delete()

    assert api_client.get(reverse("api:thread", args=[thread.pk])).status_code == 404


def test_the_list_filters_unanswered_questions_and_sorts_by_votes(api_client, staff_user):
    lesson = LessonFactory()
    answered = ThreadFactory(lesson=lesson, votes=5)
    ThreadFactory(lesson=lesson, kind=Thread.Kind.CONTRIBUTION, votes=9)
    open_question = ThreadFactory(lesson=lesson, votes=1)
    answered.accepted_reply = ReplyFactory(thread=answered)
    answered.save()

    by_votes = api_client.get(_threads_url(lesson)).json()["results"]
    unanswered = api_client.get(_threads_url(lesson), {"unanswered": "1"}).json()["results"]

    assert [item["votes"] for item in by_votes] == [9, 5, 1]
    assert [item["id"] for item in unanswered] == [open_question.pk]


def test_posting_to_a_closed_thread_answers_409(veteran_client):
    thread = ThreadFactory(closed=True)

    response = veteran_client.post(reverse("api:thread-replies", args=[thread.pk]), {"body": "Hola"}, format="json")

    assert response.status_code == 409


def test_votes_are_idempotent_and_answer_the_new_count(veteran_client):
    reply = ReplyFactory()
    url = reverse("api:reply-vote", args=[reply.pk])

    assert veteran_client.put(url).json() == {"votes": 1, "my_vote": True}
    assert veteran_client.put(url).json() == {"votes": 1, "my_vote": True}
    assert veteran_client.delete(url).json() == {"votes": 0, "my_vote": False}


def test_a_learner_cannot_accept_but_the_course_teacher_can(api_client):
    reply = ReplyFactory()
    teacher_user = VeteranFactory()
    TeacherFactory(user=teacher_user).courses.add(reply.thread.course)
    url = reverse("api:reply-accept", args=[reply.pk])
    api_client.force_login(reply.thread.author)
    refused = api_client.put(url)
    api_client.force_login(teacher_user)

    accepted = api_client.put(url)

    assert refused.status_code == 403
    assert accepted.json() == {"accepted": True, "answered": True}
    detail = api_client.get(reverse("api:thread", args=[reply.thread_id])).json()
    assert detail["answered"] and detail["replies"][0]["accepted"]


def test_a_learner_flags_once(veteran_client):
    thread = ThreadFactory()
    url = reverse("api:thread-flag", args=[thread.pk])

    assert veteran_client.post(url, {"reason": "spam"}, format="json").status_code == 201
    assert veteran_client.post(url, {"reason": "spam"}, format="json").status_code == 409


def test_an_author_edits_title_and_body_but_cannot_pin(api_client):
    thread = ThreadFactory()
    api_client.force_login(thread.author)
    url = reverse("api:thread", args=[thread.pk])

    edited = api_client.patch(url, {"title": "Nuevo título"}, format="json")
    pinned = api_client.patch(url, {"pinned": True}, format="json")

    assert edited.status_code == 200 and edited.json()["edited_at"] is not None
    assert pinned.status_code == 403


def test_another_learner_cannot_delete_a_thread(veteran_client):
    thread = ThreadFactory()

    assert veteran_client.delete(reverse("api:thread", args=[thread.pk])).status_code == 403


def test_a_deleted_thread_with_replies_shows_as_deleted(api_client):
    reply = ReplyFactory()
    api_client.force_login(reply.thread.author)
    api_client.delete(reverse("api:thread", args=[reply.thread_id]))

    data = api_client.get(reverse("api:thread", args=[reply.thread_id])).json()

    assert data["body"] == "" and len(data["replies"]) == 1


def test_unfollow_and_follow_a_thread(veteran_client):
    thread = ThreadFactory()
    url = reverse("api:thread-follow", args=[thread.pk])

    assert veteran_client.put(url).json() == {"following": True}
    assert veteran_client.delete(url).json() == {"following": False}


def test_a_refused_post_answers_429_with_retry_after(veteran_client):
    thread = ThreadFactory()
    url = reverse("api:thread-replies", args=[thread.pk])
    veteran_client.post(url, {"body": "Lo mismo"}, format="json")

    response = veteran_client.post(url, {"body": "Lo mismo"}, format="json")

    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_the_thread_list_runs_a_fixed_number_of_queries(api_client, django_assert_max_num_queries):
    lesson = LessonFactory()
    for thread in ThreadFactory.create_batch(30, lesson=lesson):
        ReplyFactory(thread=thread)

    with django_assert_max_num_queries(8):
        response = api_client.get(_threads_url(lesson))

    assert len(response.json()["results"]) == 20
