"""The bell in the header, /me/notifications/ and the profile's mail switch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.factories import UserFactory
from notifications import services
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_the_bell_shows_the_unread_count_to_the_signed_in_learner(client, learner):
    NotificationFactory.create_batch(2, recipient=learner)
    NotificationFactory(recipient=learner, read_at="2026-01-01T00:00Z")
    client.force_login(learner)

    html = client.get("/courses/").content.decode()

    assert 'data-bell-count aria-hidden="true">2<' in html
    assert "2 notificaciones sin leer" in html


def test_anonymous_pages_carry_no_bell(client):
    html = client.get("/courses/").content.decode()

    assert "data-bell" not in html


def test_the_bell_costs_one_query_and_none_once_cached(client, learner):
    NotificationFactory(recipient=learner)
    client.force_login(learner)
    client.get("/me/profile/")  # the count is cached from here on

    with CaptureQueriesContext(connection) as cached:
        client.get("/me/profile/")
    services.notify(recipients=[learner], kind="reply", actor=None, thread_id=3, title="Hilo", url="/")
    with CaptureQueriesContext(connection) as counted:
        client.get("/me/profile/")

    assert len(counted.captured_queries) == len(cached.captured_queries) + 1
    assert 'data-bell-count aria-hidden="true">2<' in client.get("/me/profile/").content.decode()


def test_the_page_lists_only_the_learners_notifications_newest_first(client, learner, django_assert_max_num_queries):
    older = NotificationFactory(recipient=learner, title="Primero")
    newer = NotificationFactory(recipient=learner, title="Segundo")
    NotificationFactory.create_batch(18, recipient=learner)
    NotificationFactory(title="De otra persona")
    client.force_login(learner)

    with django_assert_max_num_queries(8):
        response = client.get("/me/notifications/")

    titles = [notification.title for notification in response.context["notifications"]]
    assert "De otra persona" not in titles
    assert len(titles) == 20
    assert titles.index(newer.title) < titles.index(older.title)


def test_opening_a_notification_marks_it_read_and_goes_to_the_thread(client, learner):
    notification = NotificationFactory(recipient=learner, url="/courses/django/lessons/intro/#thread-4")
    client.force_login(learner)

    response = client.get(f"/me/notifications/{notification.pk}/")

    notification.refresh_from_db()
    assert response["Location"] == "/courses/django/lessons/intro/#thread-4"
    assert notification.is_read


def test_opening_never_leaves_the_site(client, learner):
    notification = NotificationFactory(recipient=learner, url="https://evil.example.com/")
    client.force_login(learner)

    response = client.get(f"/me/notifications/{notification.pk}/")

    assert response["Location"] == "/me/notifications/"


def test_someone_elses_notification_is_not_found(client, learner):
    notification = NotificationFactory(recipient=UserFactory())
    client.force_login(learner)

    response = client.get(f"/me/notifications/{notification.pk}/")

    notification.refresh_from_db()
    assert response.status_code == 404
    assert not notification.is_read


def test_mark_one_and_mark_all_read(client, learner):
    first, second, _third = NotificationFactory.create_batch(3, recipient=learner)
    client.force_login(learner)

    client.post("/me/notifications/read/", {"id": first.pk})
    first.refresh_from_db(), second.refresh_from_db()
    assert first.is_read and not second.is_read

    response = client.post("/me/notifications/read/")

    assert response["Location"] == "/me/notifications/"
    assert learner.notifications.filter(read_at__isnull=True).count() == 0


def test_the_page_needs_a_signed_in_learner(client):
    response = client.get("/en/me/notifications/")

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_the_profile_turns_notification_mail_off_and_on(client, learner):
    client.force_login(learner)
    data = {"first_name": "Ana", "last_name": "", "email": learner.email}

    client.post("/me/profile/", data)
    learner.refresh_from_db()
    assert learner.email_notifications is False

    client.post("/me/profile/", data | {"email_notifications": "on"})
    learner.refresh_from_db()
    assert learner.email_notifications is True
