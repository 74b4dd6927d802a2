"""Brute force and floods: failed log-ins (site, admin, API token), password-reset emails and sign-ups are
limited per account and per client address, and a made-up X-Forwarded-For changes nothing."""

import pytest
from django.core import mail

pytestmark = pytest.mark.django_db

PASSWORD = "learner-password-123"
TOKEN_URL = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def small_limits(settings):
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "login_per_account": (3, 900),
        "login_per_address": (5, 900),
        "password_reset_per_account": (2, 3600),
        "password_reset_per_address": (4, 3600),
        "signup_per_address": (3, 3600),
    }
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "auth_token": "1000/minute"}


def _fail_site_login(client, username="learner", **extra):
    return client.post("/accounts/login/", {"username": username, "password": "wrong"}, **extra)


def test_site_login_is_refused_with_429_after_too_many_failures_even_with_the_right_password(client, learner):
    for _ in range(3):
        assert _fail_site_login(client).status_code == 200

    response = client.post("/accounts/login/", {"username": "learner", "password": PASSWORD})

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert b'class="error-page' in response.content
    assert "_auth_user_id" not in client.session


def test_failures_on_one_account_do_not_lock_out_another(client, learner, django_user_model):
    django_user_model.objects.create_user("other", "other@example.com", PASSWORD)
    for _ in range(3):
        _fail_site_login(client)

    response = client.post("/accounts/login/", {"username": "other", "password": PASSWORD})

    assert response.status_code == 302


def test_one_address_trying_many_accounts_is_limited(client, learner):
    for n in range(5):
        _fail_site_login(client, username=f"guess{n}")

    response = client.post("/accounts/login/", {"username": "learner", "password": PASSWORD})

    assert response.status_code == 429


def test_a_made_up_forwarded_for_does_not_reset_the_address_limit(client, learner):
    for n in range(5):
        _fail_site_login(client, username=f"guess{n}", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")

    response = _fail_site_login(client, username="someone", HTTP_X_FORWARDED_FOR="198.51.100.99")

    assert response.status_code == 429


def test_a_successful_login_does_not_count_but_leaves_earlier_failures_counted(client, learner):
    for _ in range(2):
        _fail_site_login(client)
    for _ in range(2):
        assert client.post("/accounts/login/", {"username": "learner", "password": PASSWORD}).status_code == 302
        client.logout()

    third_failure = _fail_site_login(client)
    fourth_failure = _fail_site_login(client)

    assert [third_failure.status_code, fourth_failure.status_code] == [200, 429]


def test_admin_login_is_limited_like_the_site(client, staff_user):
    for _ in range(3):
        client.post("/admin/login/", {"username": "staff", "password": "wrong"})

    response = client.post("/admin/login/", {"username": "staff", "password": "staff-password-123"})

    assert response.status_code == 429
    assert "Retry-After" in response


def test_token_endpoint_is_limited_per_account_in_json(api_client, learner):
    for _ in range(3):
        assert api_client.post(TOKEN_URL, {"username": "learner", "password": "x"}, format="json").status_code == 400

    response = api_client.post(TOKEN_URL, {"username": "learner", "password": PASSWORD}, format="json")

    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert response.json()["detail"]


def test_token_throttle_cannot_be_dodged_with_forwarded_for(api_client, learner, settings):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "auth_token": "2/minute"}
    statuses = [
        api_client.post(
            TOKEN_URL, {"username": "a", "password": "b"}, format="json", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}"
        ).status_code
        for n in range(3)
    ]

    assert statuses == [400, 400, 429]


def test_anonymous_throttle_counts_behind_a_trusted_proxy_by_the_forwarded_address(
    api_client, settings, db, without_public_cache
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "1/minute"}

    first = api_client.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR="spoofed, 198.51.100.1")
    other_client = api_client.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR="198.51.100.2")
    same_client = api_client.get("/api/v1/categories/", HTTP_X_FORWARDED_FOR="other-spoof, 198.51.100.1")

    assert [first.status_code, other_client.status_code, same_client.status_code] == [200, 200, 429]


def test_password_reset_sends_at_most_a_few_emails_per_account_and_answers_the_same(client, learner):
    responses = [client.post("/accounts/password/reset/", {"email": learner.email}) for _ in range(3)]

    assert [response.status_code for response in responses] == [302, 302, 302]
    assert len(mail.outbox) == 2


def test_password_reset_is_refused_with_429_after_a_few_requests_per_address(client, db):
    for n in range(4):
        client.post("/accounts/password/reset/", {"email": f"someone{n}@example.com"})

    response = client.post("/accounts/password/reset/", {"email": "another@example.com"})

    assert response.status_code == 429


def test_signups_from_one_address_are_limited(client, db):
    def signup(n):
        return client.post(
            "/accounts/signup/",
            {
                "first_name": "Nueva",
                "last_name": f"Persona {n}",
                "username": f"new{n}",
                "email": f"new{n}@example.com",
                "password1": "un-buen-secreto-42",
                "password2": "un-buen-secreto-42",
            },
        )

    statuses = []
    for n in range(4):
        statuses.append(signup(n).status_code)
        client.logout()

    assert statuses == [302, 302, 302, 429]
