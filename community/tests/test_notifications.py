"""The three events that notify (``notifications.services.notify``, after commit): a reply to your thread, a reply
in a thread you follow, an accepted answer on your question."""

import pytest

from community import services
from community.tests.factories import ThreadFactory, VeteranFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def _kinds_for(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def _reply(thread, user, body, capture):
    with capture(execute=True):
        return services.reply_create(user=user, thread=thread, body=body)


def test_a_reply_notifies_the_author_and_the_followers_but_not_the_replier(django_capture_on_commit_callbacks):
    thread = ThreadFactory()
    services.follow_set(user=thread.author, thread=thread, following=True)
    follower, replier = VeteranFactory(), VeteranFactory()
    _reply(thread, follower, "Yo también tengo esta duda", django_capture_on_commit_callbacks)

    _reply(thread, replier, "Prueba reiniciando el servidor", django_capture_on_commit_callbacks)

    assert _kinds_for(thread.author) == ["reply", "reply"]
    assert _kinds_for(follower) == ["followed_reply"]
    assert _kinds_for(replier) == []
    notification = Notification.objects.filter(recipient=follower).get()
    assert (notification.thread_id, notification.title, notification.url) == (
        thread.pk,
        thread.title,
        thread.get_absolute_url(),
    )


def test_a_learner_who_unfollowed_is_not_notified(django_capture_on_commit_callbacks):
    thread, learner = ThreadFactory(), VeteranFactory()
    _reply(thread, learner, "¿Alguien sabe?", django_capture_on_commit_callbacks)
    services.follow_set(user=learner, thread=thread, following=False)

    _reply(thread, VeteranFactory(), "Sí: revisa la versión", django_capture_on_commit_callbacks)

    assert _kinds_for(learner) == []


def test_an_author_who_unfollowed_their_thread_hears_of_no_reply(django_capture_on_commit_callbacks):
    thread = ThreadFactory()
    services.follow_set(user=thread.author, thread=thread, following=False)

    _reply(thread, VeteranFactory(), "Mira la documentación", django_capture_on_commit_callbacks)

    assert _kinds_for(thread.author) == []


def test_an_accepted_answer_notifies_the_asker(staff_user, django_capture_on_commit_callbacks):
    thread = ThreadFactory()
    services.follow_set(user=thread.author, thread=thread, following=True)
    reply = _reply(thread, VeteranFactory(), "La respuesta es 42", django_capture_on_commit_callbacks)

    with django_capture_on_commit_callbacks(execute=True):
        services.reply_accept(user=staff_user, reply=reply, accepted=True)

    assert _kinds_for(thread.author) == ["accepted", "reply"]


def test_nothing_is_notified_when_the_reply_is_rolled_back(django_capture_on_commit_callbacks):
    thread = ThreadFactory(closed=True)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.ThreadClosed):
        services.reply_create(user=VeteranFactory(), thread=thread, body="Hola")

    assert not Notification.objects.exists()
