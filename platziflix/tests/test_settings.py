"""Start-up configuration, checked the way an operator meets it: by running manage.py."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[2]
CONFIG_VARIABLES = (
    "DATABASE_URL",
    "DATABASE_REPLICA_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "LOG_LEVEL",
    "CONN_MAX_AGE",
)
# The browser fixture sets this for Playwright's event loop; a deployment must not inherit it.
TEST_ONLY_VARIABLES = ("DJANGO_ALLOW_ASYNC_UNSAFE",)


def clean_env(**overrides):
    env = {key: value for key, value in os.environ.items() if key not in CONFIG_VARIABLES + TEST_ONLY_VARIABLES}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for Playwright by the browser fixture, flagged by --deploy
    return {**env, **overrides}


def manage(*args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=clean_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "platziflix.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://platziflix.example.com",
}


def test_app_refuses_to_start_without_secret_key_when_debug_is_off():
    result = manage("check", DEBUG="0")

    assert result.returncode != 0
    assert result.stderr.strip().splitlines() == ["Configuration error: SECRET_KEY must be set when DEBUG is off."]


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DATABASE_URL", "not-a-url"),
        ("DATABASE_URL", "mysql://user@host/db"),
        ("DATABASE_URL", "postgres://"),
        ("DEBUG", "maybe"),
        ("LOG_LEVEL", "LOUD"),
        ("CONN_MAX_AGE", "forever"),
    ],
)
def test_bad_setting_value_is_reported_in_one_line_naming_the_variable(variable, value):
    result = manage("check", **{variable: value})

    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert len(lines) == 1
    assert variable in lines[0]


def test_unreachable_database_is_reported_in_one_line_not_a_traceback():
    result = manage("migrate", DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere")

    lines = result.stderr.strip().splitlines()
    assert result.returncode != 0
    assert len(lines) == 1
    assert lines[0].startswith("Database error (check DATABASE_URL):")


def test_deploy_check_is_clean_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def _setting(expression, **env):
    result = manage("shell", "-c", f"from django.conf import settings; print({expression})", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_without_redis_shares_the_cache_through_the_database():
    assert _setting("settings.CACHES['default']['BACKEND']", **PRODUCTION) == (
        "django.core.cache.backends.db.DatabaseCache"
    )


def test_redis_url_puts_cache_throttles_and_sessions_in_redis():
    env = {**PRODUCTION, "REDIS_URL": "redis://127.0.0.1:6379/11"}

    assert _setting("settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE", **env) == (
        "core.cache_backends.RedisCache django.contrib.sessions.backends.cached_db"
    )
