"""Real Celery worker processes for the tests that need one: started, waited for and stopped the same way."""

import os
import signal
import subprocess
import time

from django.conf import settings
from django.db import connection

WORKER_START_TIMEOUT = 240  # a busy machine makes importing Django and Celery slow


def worker_start(command, *, env, log_path):
    """Starts ``command`` (a worker) in a session of its own, writing to ``log_path``, and waits until it says it is
    ready; fails the test with the log if it exits or takes longer than ``WORKER_START_TIMEOUT``."""
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + WORKER_START_TIMEOUT
    while " ready." not in log_path.read_text():
        assert worker.poll() is None, log_path.read_text()
        assert time.monotonic() < deadline, f"worker not ready after {WORKER_START_TIMEOUT} s"
        time.sleep(0.2)
    return worker


def worker_stop(worker, *, grace_seconds=20):
    """Stops the worker and its children: SIGTERM for a warm shutdown, SIGKILL after ``grace_seconds``."""
    if worker.poll() is not None:
        return
    os.killpg(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=grace_seconds)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def worker_database_url():
    """The test database, as a worker process started by the test reads it (DATABASE_URL)."""
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{database['NAME']}"
    )
