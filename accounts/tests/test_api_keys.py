"""API keys for trusted server clients: created and revoked in the admin, read-only, throttled per key."""

import hashlib

import pytest

from accounts.models import ApiKey
from accounts.services import api_key_create
from learning.models import Rating

pytestmark = pytest.mark.django_db


def _with_key(api_client, raw_key):
    api_client.credentials(HTTP_AUTHORIZATION=f"Api-Key {raw_key}")
    return api_client


def test_staff_create_a_key_in_the_admin_and_see_it_once(client, staff_user):
    client.force_login(staff_user)

    response = client.post(
        "/admin/accounts/apikey/add/", {"name": "Next.js site", "requests_per_minute": 10000}, follow=True
    )

    api_key = ApiKey.objects.get()
    raw_key = response.context["raw_key"]
    assert raw_key in response.content.decode()
    assert api_key.key_hash == hashlib.sha256(raw_key.encode()).hexdigest()
    assert raw_key not in (api_key.prefix, api_key.key_hash) and raw_key.startswith(api_key.prefix)
    assert raw_key not in client.get(f"/admin/accounts/apikey/{api_key.pk}/change/").content.decode()


def test_a_new_key_gets_the_default_rate_of_ten_thousand_a_minute(client, staff_user):
    client.force_login(staff_user)

    form = client.get("/admin/accounts/apikey/add/").context["adminform"].form

    assert form.fields["requests_per_minute"].initial == 10_000


def test_staff_revoke_keys_with_the_admin_action(client, staff_user, api_client, course):
    api_key, raw_key = api_key_create(name="Next.js site")
    client.force_login(staff_user)

    client.post("/admin/accounts/apikey/", {"action": "revoke", "_selected_action": [api_key.pk]})

    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert _with_key(api_client, raw_key).get("/api/v1/courses/").status_code == 401


def test_a_key_reads_the_public_catalog_on_both_apis(api_client, course):
    _api_key, raw_key = api_key_create(name="Next.js site")
    _with_key(api_client, raw_key)

    answers = [api_client.get(path).status_code for path in ("/api/v1/courses/", "/api/platziflix/courses/django")]

    assert answers == [200, 200]


@pytest.mark.parametrize("header", ["Api-Key no-such-key", "Api-Key", "Api-Key two parts"])
def test_an_unknown_or_malformed_key_answers_401(api_client, course, header):
    api_client.credentials(HTTP_AUTHORIZATION=header)

    response = api_client.get("/api/v1/courses/")

    assert response.status_code == 401
    assert response.json()["detail"]


def test_a_key_never_writes(api_client, learner, course):
    _api_key, raw_key = api_key_create(name="Next.js site")
    _with_key(api_client, raw_key)

    answers = [
        api_client.post(f"/api/v1/courses/{course.slug}/ratings/", {"score": 5}, format="json").status_code,
        api_client.post(
            f"/api/platziflix/courses/{course.pk}/ratings", {"user_id": learner.pk, "rating": 5}, format="json"
        ).status_code,
        api_client.patch(f"/api/v1/courses/{course.slug}/", {"name": "Otro"}, format="json").status_code,
    ]

    assert answers == [403, 403, 403]
    assert not Rating.objects.exists()


def test_a_key_never_acts_as_the_user_of_a_session_it_also_carries(client, learner, course):
    _api_key, raw_key = api_key_create(name="Next.js site")
    client.force_login(learner)

    response = client.get("/api/v1/me/progress/", HTTP_AUTHORIZATION=f"Api-Key {raw_key}")

    assert response.status_code == 403


def test_a_key_has_its_own_limit_not_the_anonymous_one(api_client, settings, course):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "2/minute"}
    _api_key, raw_key = api_key_create(name="Next.js site", requests_per_minute=4)
    _with_key(api_client, raw_key)

    answers = [api_client.get("/api/platziflix/courses").status_code for _ in range(5)]

    assert answers == [200, 200, 200, 200, 429]


def test_a_throttled_key_is_told_when_to_retry(api_client, course):
    _api_key, raw_key = api_key_create(name="Next.js site", requests_per_minute=1)
    _with_key(api_client, raw_key)
    api_client.get("/api/v1/courses/")

    response = api_client.get("/api/v1/courses/")

    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60


def test_each_key_counts_on_its_own(api_client, course):
    _first, first_key = api_key_create(name="Next.js site", requests_per_minute=1)
    _second, second_key = api_key_create(name="Reports", requests_per_minute=1)
    _with_key(api_client, first_key).get("/api/v1/courses/")

    response = _with_key(api_client, second_key).get("/api/v1/courses/")

    assert response.status_code == 200


def test_the_rate_must_be_at_least_one_request_a_minute(client, staff_user):
    client.force_login(staff_user)

    response = client.post("/admin/accounts/apikey/add/", {"name": "Next.js site", "requests_per_minute": 0})

    assert response.status_code == 200
    assert not ApiKey.objects.exists()
