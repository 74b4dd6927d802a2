import json
import subprocess
import sys

import pytest

from platziflix import __version__
from platziflix.tests.test_settings import PROJECT_DIR, clean_env

pytestmark = pytest.mark.django_db


def test_health_answers_ok_when_the_database_answers(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "version": __version__}


def test_health_answers_503_degraded_when_the_database_does_not():
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/health/', HTTP_HOST='localhost'); print('RESULT', r.status_code, r.content.decode())"
    )
    env = clean_env(
        DATABASE_URL="postgres://postgres@127.0.0.1:9/nowhere", DJANGO_SETTINGS_MODULE="platziflix.settings"
    )

    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )

    status, body = result.stdout.strip().splitlines()[-1].removeprefix("RESULT ").split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"status": "degraded", "database": "unreachable", "version": __version__}
