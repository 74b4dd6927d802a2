import pytest

from accounts.tests.factories import UserFactory
from notifications.tests.factories import NotificationFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/me/notifications/"
READ = "/api/v1/me/notifications/read/"


def test_the_list_is_paginated_and_only_the_callers(signed_in, learner, django_assert_max_num_queries):
    NotificationFactory.create_batch(25, recipient=learner)
    NotificationFactory(title="De otra persona")

    with django_assert_max_num_queries(6):
        response = signed_in.get(LIST)

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 25
    assert len(body["results"]) == 20
    assert {"id", "kind", "actor_name", "thread_id", "title", "url", "created_at", "read_at", "is_read"} <= set(
        body["results"][0]
    )
    assert "De otra persona" not in [row["title"] for row in body["results"]]


def test_anonymous_callers_get_401(api_client):
    assert api_client.get(LIST).status_code == 401
    assert api_client.post(READ, {"all": True}, format="json").status_code == 401


def test_marking_some_read_ignores_others_ids(signed_in, learner):
    mine, _other_of_mine = NotificationFactory.create_batch(2, recipient=learner)
    someone_elses = NotificationFactory(recipient=UserFactory())

    response = signed_in.post(READ, {"ids": [mine.pk, someone_elses.pk]}, format="json")

    assert response.status_code == 200
    assert response.json() == {"marked": 1, "unread": 1}
    someone_elses.refresh_from_db()
    assert not someone_elses.is_read


def test_marking_all_read(signed_in, learner):
    NotificationFactory.create_batch(3, recipient=learner)

    response = signed_in.post(READ, {"all": True}, format="json")

    assert response.json() == {"marked": 3, "unread": 0}


@pytest.mark.parametrize(
    "body", [{}, {"ids": []}, {"ids": ["x"]}, {"ids": [1], "all": True}, {"all": False}, {"ids": "1"}]
)
def test_an_unclear_request_is_a_400_that_says_why(signed_in, body):
    response = signed_in.post(READ, body, format="json")

    assert response.status_code == 400
    assert response.json()


def test_the_profile_api_reads_and_turns_off_notification_mail(signed_in, learner):
    assert signed_in.get("/api/v1/me/profile/").json()["email_notifications"] is True

    response = signed_in.patch("/api/v1/me/profile/", {"email_notifications": False}, format="json")

    learner.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["email_notifications"] is False
    assert learner.email_notifications is False
    assert learner.email == "learner@example.com"


def test_the_profile_api_refuses_another_accounts_email_and_anonymous_callers(signed_in):
    from rest_framework.test import APIClient

    UserFactory(email="otra@example.com")

    refused = signed_in.patch("/api/v1/me/profile/", {"email": "otra@example.com"}, format="json")

    assert refused.status_code == 400
    assert "email" in refused.json()
    assert APIClient().get("/api/v1/me/profile/").status_code == 401
