"""What every /api/ endpoint shares: token auth, throttling, JSON errors, CORS and the offline docs."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from rest_framework.test import APIClient

from courses.tests.factories import CourseFactory

pytestmark = pytest.mark.django_db

EXTERNAL_URL = re.compile(r"""(?:src|href|url)\s*[=(]\s*["']?(?:https?:)?//""", re.IGNORECASE)


def test_token_endpoint_trades_credentials_for_a_token_that_authenticates(api_client, learner):
    response = api_client.post(
        "/api/v1/auth/token/", {"username": "learner", "password": "learner-password-123"}, format="json"
    )
    token = response.json()["token"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    progress = api_client.get("/api/v1/me/progress/")

    assert response.status_code == 200
    assert set(response.json()) == {"token"}
    assert progress.status_code == 200


def test_token_endpoint_refuses_a_wrong_password_with_400(api_client, learner):
    response = api_client.post("/api/v1/auth/token/", {"username": "learner", "password": "nope"}, format="json")

    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_an_invalid_token_answers_401(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api_client.get("/api/v1/courses/")

    assert response.status_code == 401


def test_token_endpoint_is_throttled_strictly_with_retry_after(api_client, settings, learner):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "auth_token": "2/minute"}
    body = {"username": "learner", "password": "guess"}

    statuses = [api_client.post("/api/v1/auth/token/", body, format="json").status_code for _ in range(3)]
    response = api_client.post("/api/v1/auth/token/", body, format="json")

    assert statuses == [400, 400, 429]
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "detail" in response.json()


def test_anonymous_clients_are_throttled_with_retry_after(api_client, settings, without_public_cache):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "2/minute"}

    statuses = [api_client.get("/api/v1/categories/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert "Retry-After" in api_client.get("/api/v1/categories/").headers


def test_signed_in_clients_have_their_own_rate(api_client, settings, learner):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "1/minute", "user": "3/minute"}
    api_client.force_login(learner)

    statuses = [api_client.get("/api/v1/categories/").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]


def test_unknown_api_paths_answer_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "detail" in response.json()


def test_unknown_api_paths_answer_json_404_with_debug_on_too(api_client, settings):
    settings.DEBUG = True

    response = api_client.get("/api/nothing/here")

    assert response.status_code == 404
    assert "detail" in response.json()


def test_a_missing_trailing_slash_on_v1_is_redirected_keeping_the_method(api_client):
    response = api_client.get("/api/v1/courses?page_size=5")

    assert response.status_code == 308
    assert response["Location"] == "/api/v1/courses/?page_size=5"


def test_wrong_method_answers_json_405(api_client, learner):
    api_client.force_login(learner)

    response = api_client.delete("/api/v1/me/progress/")

    assert response.status_code == 405
    assert "detail" in response.json()


def test_unsupported_media_type_answers_json_415(api_client, learner):
    CourseFactory(slug="django")
    api_client.force_login(learner)

    response = api_client.post("/api/v1/courses/django/ratings/", "score=4", content_type="text/plain")

    assert response.status_code == 415


@pytest.mark.urls("platziflix.tests.api_error_urls")
def test_server_errors_under_api_answer_json_500():
    client = APIClient(raise_request_exception=False)

    response = client.get("/api/v1/explode/")

    assert response.status_code == 500
    assert response.json() == {"detail": response.json()["detail"]}


@pytest.mark.urls("platziflix.tests.api_error_urls")
def test_server_errors_outside_api_answer_html_500():
    client = APIClient(raise_request_exception=False)

    response = client.get("/explode/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_not_found_outside_api_stays_html(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_cors_is_off_by_default(api_client):
    response = api_client.get("/api/v1/categories/", HTTP_ORIGIN="https://app.example.com")

    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_allows_listed_origins_on_api_paths(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    response = api_client.get("/api/v1/categories/", HTTP_ORIGIN="https://app.example.com")

    assert response.headers["Access-Control-Allow-Origin"] == "https://app.example.com"


def test_cors_answers_preflight_for_listed_origins(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    response = api_client.options(
        "/api/v1/courses/",
        HTTP_ORIGIN="https://app.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization,content-type",
    )

    assert response.status_code == 200
    assert "authorization" in response.headers["Access-Control-Allow-Headers"]


def test_cors_ignores_unlisted_origins(api_client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    response = api_client.get("/api/v1/categories/", HTTP_ORIGIN="https://evil.example.com")

    assert "Access-Control-Allow-Origin" not in response.headers


def test_cors_does_not_apply_outside_api(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]

    response = client.get("/health/", HTTP_ORIGIN="https://app.example.com")

    assert "Access-Control-Allow-Origin" not in response.headers


def test_schema_is_served_as_openapi_3(api_client):
    response = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/courses/" in schema["paths"] and "/api/platziflix/courses" in schema["paths"]


def test_every_operation_has_a_summary_and_error_responses(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), f"{method} {path}"
            assert any(code.startswith(("4", "5")) for code in operation["responses"]), f"{method} {path}"


def test_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))

    assert (tmp_path / "schema.yml").read_text().startswith("openapi: 3")


@pytest.mark.parametrize("url", ["/api/docs/", "/api/docs/?script=", "/api/redoc/"])
def test_docs_load_nothing_from_other_hosts(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert not EXTERNAL_URL.search(response.content.decode())


@pytest.mark.parametrize("url", ["/api/docs/", "/api/redoc/"])
def test_docs_pages_carry_no_inline_code_for_the_content_security_policy(client, url):
    html = client.get(url).content.decode()

    assert "<style" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_swagger_ui_references_static_files_that_exist_locally(client):
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="/static/([^"?]+)"', html)

    assert assets
    for asset in assets:
        assert finders.find(asset), asset


def test_redoc_loads_its_bundle_from_this_site_without_the_cdn_logo(client):
    html = client.get("/api/redoc/").content.decode()
    bundle_url = re.search(r'<script src="(/[^"]+)"', html).group(1)

    bundle = client.get(bundle_url)

    assert bundle.status_code == 200
    assert "cdn.redoc.ly" not in bundle.content.decode()


def test_the_docs_list_api_v1_before_the_original_clients_contract(client):
    paths = list(client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"])

    assert paths[0].startswith("/api/v1/")
    assert paths[-1].startswith("/api/platziflix/")


def test_deeply_nested_json_on_the_anonymous_token_endpoint_answers_400(api_client, db):
    body = "[" * 1000 + "]" * 1000

    response = api_client.post("/api/v1/auth/token/", body, content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


def test_json_nested_past_the_limit_is_refused_even_when_python_could_parse_it(api_client, db):
    body = '{"username": ' + "[" * 40 + "]" * 40 + "}"

    response = api_client.post("/api/v1/auth/token/", body, content_type="application/json")

    assert response.status_code == 400


@pytest.mark.parametrize("page_size", ["null", "0", "-1", "abc", ""])
def test_a_page_size_that_is_not_a_positive_whole_number_answers_400(api_client, page_size, db):
    response = api_client.get("/api/v1/courses/", {"page_size": page_size})

    assert response.status_code == 400
    assert "page_size" in response.json()


def test_the_schema_documents_400_and_404_for_every_paginated_list(api_client, db):
    paths = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()["paths"]

    lists = ["/api/v1/courses/", "/api/v1/teachers/", "/api/v1/categories/", "/api/v1/courses/{slug}/ratings/"]
    for path in lists:
        assert {"400", "404"} <= set(paths[path]["get"]["responses"]), path
