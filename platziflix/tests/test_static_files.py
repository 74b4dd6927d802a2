"""Static files in production: hashed names from collectstatic, served by whitenoise with far-future caching."""

import json
import subprocess
import sys

from platziflix.tests.test_settings import PRODUCTION, PROJECT_DIR, clean_env

FETCH_STYLESHEET = """
import json, django
django.setup()
from django.templatetags.static import static
from django.test import Client
url = static("css/site.css")
response = Client().get(url, secure=True, HTTP_HOST="platziflix.example.com")
print(json.dumps({"url": url, "status": response.status_code, "cache": response.get("Cache-Control", "")}))
"""


def test_collected_stylesheet_has_a_hashed_name_and_is_cached_for_a_year():
    env = clean_env(**PRODUCTION, DJANGO_SETTINGS_MODULE="platziflix.settings")
    collect = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert collect.returncode == 0, collect.stderr

    fetched = subprocess.run(
        [sys.executable, "-c", FETCH_STYLESHEET], cwd=PROJECT_DIR, env=env, capture_output=True, text=True, timeout=60
    )

    result = json.loads(fetched.stdout.strip().splitlines()[-1])
    assert result["url"].startswith("/static/css/site.") and result["url"] != "/static/css/site.css"
    assert result["status"] == 200
    assert "max-age=" in result["cache"]
    assert int(result["cache"].split("max-age=")[1].split(",")[0]) >= 60 * 60 * 24 * 365
