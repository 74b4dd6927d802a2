import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_site_pages_forbid_inline_scripts_and_styles(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy


def test_admin_gets_its_own_policy_that_allows_its_inline_styles(client, staff_user):
    client.force_login(staff_user)

    response = client.get("/admin/")

    assert response["Content-Security-Policy"] == dict(settings.CSP_BY_PATH)["/admin/"]


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_api_docs_may_load_pictures_only_from_this_site(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert "img-src 'self' data:;" in response["Content-Security-Policy"]


def test_json_api_answers_carry_the_site_policy_too(client):
    response = client.get("/api/v1/courses/")

    assert response["Content-Security-Policy"] == settings.CSP_SITE


def test_debug_404_page_may_use_its_inline_styles_while_debug_is_on(client, settings):
    settings.DEBUG = True

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert response["Content-Security-Policy"] == settings.CSP_DEBUG_TECHNICAL_PAGES


def test_the_styled_404_keeps_the_strict_policy_when_debug_is_off(client):
    response = client.get("/no-such-page/")

    assert response["Content-Security-Policy"] == settings.CSP_SITE


def test_site_pages_keep_the_strict_policy_while_debug_is_on(client, settings):
    settings.DEBUG = True

    response = client.get("/")

    assert response["Content-Security-Policy"] == settings.CSP_SITE


def test_favicon_ico_leads_to_the_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.ico")
