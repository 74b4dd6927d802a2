"""API tokens end: after API_TOKEN_TTL, when the password changes or is reset, and when revoked."""

from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

PASSWORD = "learner-password-123"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture
def token(learner):
    return Token.objects.create(user=learner)


def _me(api_client, key):
    return api_client.get("/api/v1/me/progress/", HTTP_AUTHORIZATION=f"Token {key}")


def test_a_token_older_than_the_ttl_is_refused(api_client, token, settings):
    settings.API_TOKEN_TTL = 3600
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(hours=2))

    response = _me(api_client, token.key)

    assert response.status_code == 401
    assert not Token.objects.filter(pk=token.pk).exists()


def test_a_fresh_token_is_accepted(api_client, token):
    assert _me(api_client, token.key).status_code == 200


def test_logging_in_after_expiry_issues_a_new_token(api_client, token, settings):
    settings.API_TOKEN_TTL = 3600
    Token.objects.filter(pk=token.pk).update(created=timezone.now() - timedelta(hours=2))

    response = api_client.post(TOKEN_URL, {"username": "learner", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    assert response.json()["token"] != token.key
    assert _me(api_client, response.json()["token"]).status_code == 200


def test_changing_the_password_ends_the_token(client, api_client, learner, token):
    client.force_login(learner)

    client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": "otro-secreto-largo-7", "new_password2": "otro-secreto-largo-7"},
    )

    assert _me(api_client, token.key).status_code == 401


def test_resetting_the_password_ends_the_token(client, api_client, learner, token):
    uid = urlsafe_base64_encode(force_bytes(learner.pk))
    link = client.get(f"/accounts/password/reset/{uid}/{default_token_generator.make_token(learner)}/")

    client.post(link.url, {"new_password1": "otro-secreto-largo-7", "new_password2": "otro-secreto-largo-7"})

    assert _me(api_client, token.key).status_code == 401


def test_a_learner_revokes_their_token(api_client, token):
    response = api_client.delete(TOKEN_URL, HTTP_AUTHORIZATION=f"Token {token.key}")

    assert response.status_code == 204
    assert _me(api_client, token.key).status_code == 401


def test_revoking_needs_a_signed_in_caller(api_client, db):
    assert api_client.delete(TOKEN_URL).status_code == 401


def test_a_stale_token_in_the_header_does_not_block_getting_a_new_one(api_client, learner):
    response = api_client.post(
        TOKEN_URL, {"username": "learner", "password": PASSWORD}, format="json", HTTP_AUTHORIZATION="Token stale"
    )

    assert response.status_code == 200


def test_a_username_that_is_not_a_string_answers_400(api_client, learner):
    response = api_client.post(TOKEN_URL, {"username": 0, "password": PASSWORD}, format="json")

    assert response.status_code == 400
    assert "username" in response.json()
