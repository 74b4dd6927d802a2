"""The production shape: Procfile, deploy/gunicorn.conf.py, deploy/nginx.conf and `make serve`'s guard.

The stack itself runs in benchmarks/smoke.py (`make smoke`, run by .ci/run); these check the files stay coherent.
"""

import os
import runpy
import shutil
import subprocess

import pytest
from django.conf import settings

from benchmarks import stack

PROJECT_DIR = settings.BASE_DIR


def procfile():
    lines = (PROJECT_DIR / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


def test_procfile_runs_web_worker_beat_and_a_release_that_migrates():
    processes = procfile()

    assert set(processes) == {"release", "web", "worker", "beat"}
    assert processes["release"] == "python manage.py migrate --noinput"
    assert processes["web"] == "gunicorn -c deploy/gunicorn.conf.py"
    assert processes["worker"].startswith("celery -A platziflix --quiet worker ")
    assert processes["beat"].startswith("celery -A platziflix --quiet beat ")


def gunicorn_settings(monkeypatch, **env):
    for name in ("PORT", "GUNICORN_BIND", "WEB_CONCURRENCY", "WEB_THREADS", "GUNICORN_CONTROL_SOCKET"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(PROJECT_DIR / "deploy" / "gunicorn.conf.py"))


def test_gunicorn_spreads_connections_over_threaded_workers_by_default(monkeypatch):
    config = gunicorn_settings(monkeypatch)

    assert config["wsgi_app"] == "platziflix.wsgi:application"
    assert config["bind"] == "127.0.0.1:8000"
    assert config["worker_class"] == "gthread"
    assert config["reuse_port"] is True
    assert config["workers"] >= 2
    assert config["threads"] == 4
    assert config["keepalive"] > 60  # longer than nginx's upstream keepalive_timeout


def test_gunicorn_sizes_and_address_come_from_the_environment(monkeypatch):
    config = gunicorn_settings(monkeypatch, PORT="5100", WEB_CONCURRENCY="5", WEB_THREADS="2")
    bound = gunicorn_settings(monkeypatch, GUNICORN_BIND="0.0.0.0:9000")

    assert (config["bind"], config["workers"], config["threads"]) == ("127.0.0.1:5100", 5, 2)
    assert bound["bind"] == "0.0.0.0:9000"


def rendered(tmp_path):
    return stack.render_nginx(
        listen="127.0.0.1:8199",
        upstream="127.0.0.1:8198",
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        run_dir=tmp_path / "run",
    )


def test_nginx_template_names_the_media_prefix_django_redirects_to(tmp_path):
    text = rendered(tmp_path)

    assert f"location {settings.MEDIA_X_ACCEL_PREFIX} {{\n            internal;" in text
    assert f"alias {tmp_path / 'media'}/;" in text
    assert "proxy_request_buffering on;" in text
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in text
    assert "{{" not in text


@pytest.mark.skipif(not shutil.which("nginx") and not os.path.exists("/usr/sbin/nginx"), reason="nginx not installed")
def test_nginx_accepts_the_rendered_template(tmp_path):
    (tmp_path / "run").mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(rendered(tmp_path))

    result = subprocess.run(
        [stack.nginx_binary(), "-t", "-c", str(conf), "-e", str(tmp_path / "run" / "error.log")],
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "make serve needs DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:///db.sqlite3", "REDIS_URL": "redis://127.0.0.1:6379/0"}, "runs on PostgreSQL"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/x"}, "make serve needs REDIS_URL"),
    ],
)
def test_make_serve_says_what_is_missing_before_starting_anything(env, message):
    clean = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    if not (PROJECT_DIR / ".venv" / ".requirements").exists():
        pytest.skip("make serve would install the requirements first")

    result = subprocess.run(
        ["make", "--no-print-directory", "serve"], cwd=PROJECT_DIR, env={**clean, **env}, capture_output=True, text=True
    )

    assert result.returncode != 0
    assert message in result.stdout + result.stderr
    assert "honcho" not in result.stdout


def test_gunicorn_opens_no_control_socket_unless_given_a_path_of_its_own(monkeypatch):
    default = gunicorn_settings(monkeypatch)
    given = gunicorn_settings(monkeypatch, GUNICORN_CONTROL_SOCKET="/run/platziflix/gunicorn.ctl")

    assert default["control_socket_disable"] is True
    assert (given["control_socket_disable"], given["control_socket"]) == (False, "/run/platziflix/gunicorn.ctl")
