import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings

from accounts.tests.factories import UserFactory
from community import services
from community.models import Follow, ModerationLog, Reply, Thread
from community.tests.factories import ReplyFactory, ThreadFactory, VeteranFactory
from core.ratelimit import RateLimited
from courses.tests.factories import LessonFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson():
    return LessonFactory(duration_seconds=600)


@pytest.fixture
def veteran():
    return VeteranFactory()


def _ask(user, lesson, **fields):
    values = {"kind": "question", "title": "¿Por qué falla?", "body": "No me funciona el ejemplo."}
    values.update(fields)
    return services.thread_create(user=user, lesson=lesson, **values)


def test_a_new_thread_is_rendered_and_followed_by_its_author(veteran, lesson):
    thread = _ask(veteran, lesson, body="Uso `pip` y **falla**", video_second=42)

    assert thread.body_html == "<p>Uso <code>pip</code> y <strong>falla</strong></p>\n"
    assert thread.course_id == lesson.course_id and thread.video_second == 42
    assert Follow.objects.filter(user=veteran, thread=thread).exists()


def test_a_thread_past_the_end_of_the_video_is_refused(veteran, lesson):
    with pytest.raises(ValidationError):
        _ask(veteran, lesson, video_second=601)


def test_a_reply_counts_and_follows_the_thread():
    thread, replier = ThreadFactory(), VeteranFactory()

    services.reply_create(user=replier, thread=thread, body="Prueba con `python -m venv`.")

    thread.refresh_from_db()
    assert thread.replies_count == 1
    assert Follow.objects.filter(user=replier, thread=thread).exists()


def test_a_closed_thread_takes_no_reply():
    thread = ThreadFactory(closed=True)

    with pytest.raises(services.ThreadClosed):
        services.reply_create(user=VeteranFactory(), thread=thread, body="Hola")
    assert not Reply.objects.exists()


def test_a_vote_is_counted_once_and_can_be_taken_back():
    thread, voter = ThreadFactory(), VeteranFactory()

    assert services.vote_set(user=voter, post=thread, voted=True) == 1
    assert services.vote_set(user=voter, post=thread, voted=True) == 1
    assert services.vote_set(user=voter, post=thread, voted=False) == 0
    assert services.vote_set(user=voter, post=thread, voted=False) == 0


def test_a_learner_cannot_accept_an_answer():
    reply = ReplyFactory()

    with pytest.raises(PermissionDenied):
        services.reply_accept(user=reply.thread.author, reply=reply, accepted=True)


def test_a_teacher_of_the_course_accepts_an_answer_and_the_question_counts_as_answered():
    reply = ReplyFactory()
    teacher_user = VeteranFactory()
    TeacherFactory(user=teacher_user).courses.add(reply.thread.course)

    thread = services.reply_accept(user=teacher_user, reply=reply, accepted=True)

    assert thread.answered and thread.accepted_reply_id == reply.pk


def test_a_teacher_of_another_course_cannot_accept():
    reply = ReplyFactory()
    teacher_user = VeteranFactory()
    TeacherFactory(user=teacher_user).courses.add(LessonFactory().course)

    with pytest.raises(PermissionDenied):
        services.reply_accept(user=teacher_user, reply=reply, accepted=True)


def test_deleting_the_accepted_reply_leaves_the_question_unanswered(staff_user):
    reply = ReplyFactory()
    services.reply_accept(user=staff_user, reply=reply, accepted=True)

    services.reply_delete(user=reply.author, reply=reply)

    thread = Thread.objects.get(pk=reply.thread_id)
    assert not thread.answered and thread.replies_count == 0


def test_nobody_edits_another_learners_post_but_staff(staff_user):
    thread = ThreadFactory()

    with pytest.raises(PermissionDenied):
        services.thread_update(user=VeteranFactory(), thread=thread, title="Mío")
    services.thread_update(user=staff_user, thread=thread, title="Título corregido")

    thread.refresh_from_db()
    assert thread.title == "Título corregido" and thread.edited_at is not None


def test_only_staff_pin_or_close():
    thread = ThreadFactory()

    with pytest.raises(PermissionDenied):
        services.thread_update(user=thread.author, thread=thread, pinned=True)


def test_a_deleted_thread_keeps_its_replies():
    reply = ReplyFactory()

    services.thread_delete(user=reply.thread.author, thread=reply.thread)

    thread = Thread.all_objects.get(pk=reply.thread_id)
    assert thread.is_deleted and thread.replies.count() == 1


def test_three_flags_from_different_learners_hide_a_post():
    thread = ThreadFactory()

    for _ in range(2):
        services.flag_create(user=VeteranFactory(), post=thread, reason="spam")
    thread.refresh_from_db()
    assert thread.hidden_at is None
    services.flag_create(user=VeteranFactory(), post=thread, reason="spam")

    thread.refresh_from_db()
    assert thread.hidden_at is not None and thread.open_flags == 3


def test_a_learner_flags_a_post_once():
    reply, flagger = ReplyFactory(), VeteranFactory()
    services.flag_create(user=flagger, post=reply)

    with pytest.raises(services.AlreadyFlagged):
        services.flag_create(user=flagger, post=reply)


def test_restoring_a_post_logs_who_and_why(staff_user):
    thread = ThreadFactory()
    for _ in range(3):
        services.flag_create(user=VeteranFactory(), post=thread)

    services.moderate(moderator=staff_user, post=thread, action="restore", reason="Es una duda legítima")

    thread.refresh_from_db()
    assert thread.hidden_at is None and thread.open_flags == 0
    [entry] = ModerationLog.objects.all()
    assert (entry.moderator, entry.thread, entry.reason) == (staff_user, thread, "Es una duda legítima")


def test_a_learner_cannot_moderate():
    with pytest.raises(PermissionDenied):
        services.moderate(moderator=VeteranFactory(), post=ThreadFactory(), action="hide")


def test_a_new_account_cannot_post_links(lesson):
    newcomer = UserFactory()

    with pytest.raises(ValidationError):
        _ask(newcomer, lesson, body="Compra en https://spam.example.com")


def test_an_old_account_posts_links(veteran, lesson):
    thread = _ask(veteran, lesson, body="La [documentación](https://docs.python.org/3/) lo explica.")

    assert 'rel="nofollow ugc noopener"' in thread.body_html


@override_settings(
    RATE_LIMITS={"community_threads": (10, 3600), "community_replies": (30, 3600), "community_same_body": (1, 60)}
)
def test_the_eleventh_thread_in_an_hour_is_refused(veteran, lesson):
    for index in range(10):
        _ask(veteran, lesson, body=f"Duda número {index}")

    with pytest.raises(RateLimited) as refusal:
        _ask(veteran, lesson, body="Una más")
    assert refusal.value.retry_after > 0


def test_the_same_body_twice_in_a_minute_is_refused():
    thread, replier = ThreadFactory(), VeteranFactory()
    services.reply_create(user=replier, thread=thread, body="¡Gracias!")

    with pytest.raises(RateLimited):
        services.reply_create(user=replier, thread=thread, body="¡Gracias!")
