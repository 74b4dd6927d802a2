import pytest

from accounts.tests.factories import UserFactory
from notifications import selectors, services
from notifications.models import Notification
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def _notify(recipients, actor, **overrides):
    arguments = {
        "recipients": recipients,
        "kind": Notification.Kind.REPLY,
        "actor": actor,
        "thread_id": 7,
        "title": "¿Cómo se usa prefetch_related?",
        "url": "/courses/django/lessons/3/#thread-7",
    } | overrides
    return services.notify(**arguments)


def test_notify_makes_one_notification_per_recipient_in_one_insert(django_assert_num_queries):
    recipients = UserFactory.create_batch(3)
    actor = UserFactory()

    with django_assert_num_queries(1):
        notifications = services.notify(
            recipients=recipients,
            kind="reply",
            actor=actor,
            thread_id=7,
            title="¿Cómo se usa prefetch_related?",
            url="/courses/django/lessons/3/#thread-7",
        )

    assert len(notifications) == 3
    stored = Notification.objects.filter(thread_id=7)
    assert sorted(stored.values_list("recipient_id", flat=True)) == sorted(user.pk for user in recipients)
    assert set(stored.values_list("actor_id", "kind", "title", "url")) == {
        (actor.pk, "reply", "¿Cómo se usa prefetch_related?", "/courses/django/lessons/3/#thread-7")
    }
    assert not stored.filter(read_at__isnull=False).exists()


def test_notify_never_notifies_the_actor_and_counts_each_recipient_once():
    author, actor = UserFactory.create_batch(2)

    notifications = _notify([author, actor, author.pk], actor)

    assert [notification.recipient_id for notification in notifications] == [author.pk]


def test_notify_with_only_the_actor_makes_nothing(django_assert_num_queries):
    actor = UserFactory()

    with django_assert_num_queries(0):
        notifications = _notify([actor], actor)

    assert notifications == []


def test_notify_accepts_a_missing_actor():
    recipient = UserFactory()

    (notification,) = _notify([recipient], None, kind=Notification.Kind.ACCEPTED)

    assert notification.actor_id is None


def test_notify_refuses_an_unknown_kind():
    with pytest.raises(ValueError):
        _notify([UserFactory()], UserFactory(), kind="liked")


def test_the_unread_count_follows_notify_and_mark_read(django_assert_num_queries):
    learner = UserFactory()
    assert selectors.unread_count(user=learner) == 0

    _notify([learner], UserFactory())
    _notify([learner], UserFactory(), thread_id=8)
    with django_assert_num_queries(1):
        assert selectors.unread_count(user=learner) == 2
    with django_assert_num_queries(0):
        assert selectors.unread_count(user=learner) == 2

    services.notifications_mark_read(user=learner)

    assert selectors.unread_count(user=learner) == 0


def test_mark_read_touches_only_the_learners_own_notifications():
    learner = UserFactory()
    mine = NotificationFactory(recipient=learner)
    other = NotificationFactory(recipient=learner)
    someone_elses = NotificationFactory()

    marked = services.notifications_mark_read(user=learner, ids=[mine.pk, someone_elses.pk])

    assert marked == 1
    mine.refresh_from_db(), other.refresh_from_db(), someone_elses.refresh_from_db()
    assert mine.is_read and not other.is_read and not someone_elses.is_read


def test_notify_mails_the_recipient_once_per_thread_within_the_hour(mailoutbox, django_capture_on_commit_callbacks):
    recipient = UserFactory(first_name="Ana")
    actor = UserFactory(first_name="Luis")

    with django_capture_on_commit_callbacks(execute=True):
        _notify([recipient], actor)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([recipient], actor)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([recipient], actor, thread_id=8, title="Otro hilo")

    assert [mail.to for mail in mailoutbox] == [[recipient.email], [recipient.email]]
    assert "¿Cómo se usa prefetch_related?" in mailoutbox[0].subject
    assert "Luis" in mailoutbox[0].body
    assert "/courses/django/lessons/3/#thread-7" in mailoutbox[0].body


def test_no_mail_for_a_learner_who_turned_mail_off(mailoutbox, django_capture_on_commit_callbacks):
    recipient = UserFactory(email_notifications=False)

    with django_capture_on_commit_callbacks(execute=True):
        _notify([recipient], UserFactory())

    assert mailoutbox == []
    assert Notification.objects.filter(recipient=recipient).count() == 1


def test_the_mail_task_run_twice_sends_one_mail(mailoutbox):
    from notifications.tasks import send_notification_mail

    notification = NotificationFactory()

    first = send_notification_mail(notification_ids=[notification.pk])
    second = send_notification_mail(notification_ids=[notification.pk])

    assert (first, second) == ({"sent": 1}, {"sent": 0})
    assert len(mailoutbox) == 1


def test_a_notification_read_before_its_mail_goes_out_is_not_mailed(mailoutbox):
    notification = NotificationFactory()
    services.notifications_mark_read(user=notification.recipient)

    assert services.notification_mail_send(notification_ids=[notification.pk]) == 0
    assert mailoutbox == []
