"""A lagging read replica never hands the shared cache an old page (core/db_routing.py, core/public_cache.py).

On a real PostgreSQL streaming replica: this test makes its own primary (``initdb``, ``wal_level=replica``) and
a standby of it (``pg_basebackup -R``) in a temporary folder, on two ports of their own on the loopback, runs
the site against both (``DATABASE_URL`` and ``DATABASE_REPLICA_URL``) and pauses the standby's replay. Both
clusters are stopped and removed at the end, whatever happens.
"""

import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from platziflix.tests.test_settings import PROJECT_DIR, clean_env

PRIMARY_PORT, REPLICA_PORT, SERVER_PORT = 8410, 8411, 8412
DATABASE = "platziflix"
REDIS_URL = os.environ.get("REDIS_URL", "")
BIN = next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)), None) or (
    str(Path(shutil.which("initdb")).parent) if shutil.which("initdb") else None
)


# PostgreSQL's server programs refuse to run as root: as root (a CI container), they run as the postgres user.
AS_POSTGRES = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _missing():
    if BIN is None or not all(Path(BIN, tool).exists() for tool in ("initdb", "pg_ctl", "pg_basebackup", "psql")):
        return "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed"
    if not REDIS_URL:
        return "needs a Redis server (REDIS_URL): the site and the shell share their cache"
    return None


@pytest.fixture(scope="module")
def clusters():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="platziflix-replica-"))
    if AS_POSTGRES:
        shutil.chown(folder, "postgres", "postgres")
    primary, replica = folder / "primary", folder / "replica"
    started = []
    try:
        _run("initdb", "-D", primary, "-U", "postgres", "--auth=trust", "--no-sync")
        with open(primary / "postgresql.conf", "a") as conf:
            conf.write(
                f"port = {PRIMARY_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\n"
                "wal_level = replica\nmax_wal_senders = 4\nfsync = off\nsynchronous_commit = on\n"
            )
        _start(primary, folder / "primary.log", started)
        _psql(PRIMARY_PORT, f"CREATE DATABASE {DATABASE}")
        yield folder, primary, replica, started
    finally:
        for data in reversed(started):
            subprocess.run(
                [*AS_POSTGRES, f"{BIN}/pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], capture_output=True
            )
        shutil.rmtree(folder, ignore_errors=True)


def _run(tool, *args):
    as_postgres = AS_POSTGRES if tool != "psql" else []
    result = subprocess.run(
        [*as_postgres, f"{BIN}/{tool}", *map(str, args)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _start(data, log, started):
    _run("pg_ctl", "-D", data, "-l", log, "-w", "-t", "30", "start")
    started.append(data)


def _psql(port, sql, database="postgres"):
    return _run("psql", "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", database, "-At", "-c", sql).strip()


def _url(port):
    return f"postgres://postgres@127.0.0.1:{port}/{DATABASE}"


def _site_env():
    return clean_env(
        DATABASE_URL=_url(PRIMARY_PORT),
        DATABASE_REPLICA_URL=_url(REPLICA_PORT),
        REDIS_URL=REDIS_URL,
        DEBUG="1",
        CONN_MAX_AGE="0",
    )


def _manage(*args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=_site_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def _get(path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{SERVER_PORT}{path}", timeout=30) as response:
            return response.status, response.headers.get("X-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache"), ""


@pytest.fixture(scope="module")
def site(clusters):
    folder, _primary, replica, started = clusters
    _manage("migrate", "--no-input")
    _manage("shell", "-c", SEED)
    _run(
        "pg_basebackup",
        "-h",
        "127.0.0.1",
        "-p",
        PRIMARY_PORT,
        "-U",
        "postgres",
        "-D",
        replica,
        "-R",
        "-X",
        "stream",
        "-c",
        "fast",
    )
    with open(replica / "postgresql.conf", "a") as conf:
        conf.write(f"port = {REPLICA_PORT}\n")
    _start(replica, folder / "replica.log", started)
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{SERVER_PORT}", "--noreload", "--nothreading"],
        cwd=PROJECT_DIR,
        env=_site_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                _get("/health/")
                break
            except OSError:
                time.sleep(0.2)
        yield
    finally:
        server.terminate()
        server.wait(10)


SEED = """
from courses.tests.factories import CourseFactory, LessonFactory
course = CourseFactory(name="Curso de Django", slug="django")
LessonFactory(course=course, slug="a")
"""
RENAME = (
    "from courses.models import Course; c = Course.objects.get(slug='django'); c.name = 'Django renovado'; c.save()"
)
UNPUBLISH = (
    "from courses.models import Course; from courses.services import courses_unpublish; "
    "courses_unpublish(courses=Course.objects.filter(slug='django'))"
)


def _replica(sql):
    return _psql(REPLICA_PORT, sql, DATABASE)


@pytest.mark.replica
def test_a_page_read_while_the_replica_lags_is_never_stored_old_and_the_new_one_is_served_after_replay(site):
    assert _get("/courses/django/")[:2] == (200, "miss")
    assert _get("/courses/django/")[:2] == (200, "hit")
    _replica("SELECT pg_wal_replay_pause()")

    _manage("shell", "-c", RENAME)
    while_paused = [_get("/courses/django/") for _ in range(3)]
    lagging_name = _replica("SELECT name FROM courses_course WHERE slug = 'django'")
    _manage("shell", "-c", UNPUBLISH)
    unpublished_while_paused = [_get("/courses/django/")[0] for _ in range(3)]
    _replica("SELECT pg_wal_replay_resume()")
    _wait_for_replay()
    after_replay = [_get("/api/v1/courses/django/")[0], _get("/courses/django/")[0]]

    assert lagging_name == "Curso de Django"  # the replica really was behind
    assert all(status == 200 and "Django renovado" in page for status, _cache, page in while_paused)
    assert [cache for _status, cache, _page in while_paused] == ["miss", "hit", "hit"]  # the fresh page, stored
    assert unpublished_while_paused == [404, 404, 404]
    assert after_replay == [404, 404]


def _wait_for_replay():
    target = _psql(PRIMARY_PORT, "SELECT pg_current_wal_insert_lsn()")
    deadline = time.monotonic() + 20
    while _replica(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") != "t":
        assert time.monotonic() < deadline, "the replica never caught up"
        time.sleep(0.1)
