"""The Celery app: ``celery -A platziflix worker``. Its settings are the CELERY_* names in settings.py."""

import logging
import logging.config
import os
import threading

import prometheus_client
from celery import Celery, bootsteps, signals

from core import logging as core_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")

logger = logging.getLogger(__name__)

app = Celery("platziflix")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

REQUEST_ID_HEADER = "request_id"
TASK_OUTCOMES = prometheus_client.Counter(
    "platziflix_celery_tasks", "Celery task runs that ended, by task and outcome.", ["task", "state"]
)


@signals.setup_logging.connect
def use_django_logging(**kwargs):
    """The worker and beat log through settings.LOGGING (LOG_FORMAT, UTC, request ids) instead of Celery's own
    set-up; connecting to this signal is what tells Celery to leave logging alone."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
    logging.captureWarnings(True)


@signals.before_task_publish.connect
def send_request_id(headers=None, **kwargs):
    """A task queued while serving a request carries the request's id to the worker."""
    request_id = core_logging.request_id.get()
    if request_id and headers is not None:
        headers.setdefault(REQUEST_ID_HEADER, request_id)


_request_id_tokens = {}


@signals.task_prerun.connect
def receive_request_id(task_id=None, task=None, **kwargs):
    """The task's log lines carry the id of the request that queued it (checked like a proxy's)."""
    request_id = core_logging.valid_request_id(getattr(task.request, REQUEST_ID_HEADER, None) if task else None)
    if request_id:
        _request_id_tokens[task_id] = core_logging.request_id.set(request_id)


@signals.task_postrun.connect
def forget_request_id(task_id=None, **kwargs):
    token = _request_id_tokens.pop(task_id, None)
    if token is not None:
        core_logging.request_id.reset(token)


@signals.task_success.connect
def count_success(sender=None, **kwargs):
    TASK_OUTCOMES.labels(task=sender.name, state="success").inc()


@signals.task_failure.connect
def count_failure(sender=None, **kwargs):
    TASK_OUTCOMES.labels(task=sender.name, state="failure").inc()


@signals.task_retry.connect
def count_retry(sender=None, **kwargs):
    TASK_OUTCOMES.labels(task=sender.name, state="retry").inc()


@app.on_after_configure.connect
def make_filesystem_broker_folders(sender, **kwargs):
    """kombu's filesystem transport (the broker of `make run`) expects its folders to exist."""
    from django.conf import settings

    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        for name in ("queue", "control"):
            (settings.CELERY_BROKER_FOLDER / name).mkdir(parents=True, exist_ok=True)


# The pool forks its children from the process whose thread writes the heartbeat. On SQLite (`make run`) a fork
# in the middle of that write leaves the child's SQLite believing another connection of its own holds the write
# lock (SQLite keeps a process's file locks in one in-memory table, which fork copies but the kernel locks do not
# follow), so every write of that child fails with "database is locked". Forks wait for a write to finish.
_heartbeat_writing = threading.Lock()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(
        before=_heartbeat_writing.acquire,
        after_in_parent=_heartbeat_writing.release,
        after_in_child=_heartbeat_writing.release,
    )


class Heartbeat(bootsteps.StartStopStep):
    """Every WORKER_HEARTBEAT_SECONDS, the worker writes that it is alive (core.heartbeat), for /health/ready.

    A thread of the worker's main process, not a task: a worker busy with a long video still reports, and a
    worker whose main process hangs or dies stops reporting.
    """

    label = "Platziflix heartbeat"

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.stopped = threading.Event()
        self.thread = None

    def start(self, worker):
        self.thread = threading.Thread(target=self.run, args=(worker.hostname,), name="heartbeat", daemon=True)
        self.thread.start()

    def run(self, hostname):
        from django.conf import settings
        from django.db import close_old_connections

        from core.heartbeat import worker_heartbeat_write

        while True:
            try:
                with _heartbeat_writing:
                    close_old_connections()
                    worker_heartbeat_write(hostname=hostname)
            except Exception:  # the database may be away for a while; the next beat tries again
                logger.warning("Could not write the worker heartbeat", exc_info=True)
            if self.stopped.wait(settings.WORKER_HEARTBEAT_SECONDS):
                return

    def stop(self, worker):
        self.stopped.set()


app.steps["worker"].add(Heartbeat)
