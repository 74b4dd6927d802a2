"""Hostile input the whole stack must answer with a 4xx or a 503, never a 500."""

import logging

import pytest

pytestmark = pytest.mark.django_db


def test_unknown_host_gets_the_styled_400_page_with_security_headers(client):
    response = client.get("/", HTTP_HOST="evil.example.com")

    assert response.status_code == 400
    assert b'class="error-page' in response.content
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_trace_is_refused_on_pages(client):
    response = client.generic("TRACE", "/")

    assert response.status_code == 405
    assert "TRACE" not in response["Allow"]


def test_trace_is_refused_in_json_on_the_api(client):
    response = client.generic("TRACE", "/api/v1/courses/")

    assert response.status_code == 405
    assert response.json()["detail"]


@pytest.mark.urls("platziflix.tests.api_error_urls")
def test_database_down_answers_503_json_with_retry_after_under_api(client):
    response = client.get("/api/v1/database-down/")

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert response.json()["detail"]


@pytest.mark.urls("platziflix.tests.api_error_urls")
def test_database_down_answers_the_styled_503_page_on_the_site(client):
    response = client.get("/database-down/")

    assert response.status_code == 503
    assert response["Retry-After"].isdigit()
    assert b'class="error-page' in response.content


@pytest.mark.urls("platziflix.tests.api_error_urls")
def test_database_down_logs_one_line_without_a_traceback(client, caplog):
    with caplog.at_level(logging.INFO):
        client.get("/api/v1/database-down/")

    records = [record for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(records) == 1
    assert records[0].exc_info is None
    assert "Connection refused" in records[0].getMessage()
