"""Log lines for operators: plain text (the default) or one JSON object per line (``LOG_FORMAT=json``), both in
UTC, each carrying the id of the request (or of the request that queued the task) it was written for.

Django reads ``logging_config()`` through ``settings.LOGGING``; the Celery worker applies the same dictionary
(``platziflix.celery``); gunicorn takes ``gunicorn_logconfig_dict()`` as its ``logconfig_dict`` setting, or
``--logger-class core.logging.GunicornLogger`` on its command line.
"""

import contextvars
import logging
import logging.config
import os
import re
import time

from gunicorn.glogging import Logger as BaseGunicornLogger
from pythonjsonlogger.json import JsonFormatter as BaseJsonFormatter

FORMATS = ("plain", "json")

# The id of the request being served, or of the request that queued the running task; None outside both.
request_id = contextvars.ContextVar("request_id", default=None)

# What a proxy's X-Request-ID may be to be kept: a uuid, nginx's $request_id (32 hex digits), a trace id.
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._:-]{8,128}")


def valid_request_id(value):
    """``value`` when it is an id worth keeping (8 to 128 letters, digits, ``.``, ``_``, ``:``, ``-``), else None:
    anything else could forge log lines or fill them up."""
    return value if value and REQUEST_ID_PATTERN.fullmatch(value) else None


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every record (``-`` outside a request or task) so formatters can name it. Django
    writes its line for a 4xx or 5xx answer once the middleware are done; that record carries the request."""

    def filter(self, record):
        if getattr(record, "request_id", None) is None:
            record.request_id = request_id.get() or getattr(getattr(record, "request", None), "request_id", "-")
        return True


class UTCFormatter(logging.Formatter):
    """Times in UTC, ISO 8601 with milliseconds and a ``Z``, whatever TIME_ZONE the site shows its pages in."""

    converter = time.gmtime

    def formatTime(self, record, datefmt=None):
        return time.strftime("%Y-%m-%dT%H:%M:%S", self.converter(record.created)) + f".{int(record.msecs):03d}Z"


class JsonFormatter(BaseJsonFormatter):
    """One JSON object per record: ``timestamp`` (UTC, ISO 8601), ``level``, ``logger``, ``message``, then the
    record's extra fields (``request_id`` always; ``method``, ``path``, ``status``... on request lines)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "{levelname}{name}{message}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault("rename_fields", {"levelname": "level", "name": "logger"})
        kwargs.setdefault("timestamp", True)  # record.created as a UTC datetime
        super().__init__(*args, **kwargs)

    def process_log_record(self, log_data):
        return {"timestamp": log_data.pop("timestamp", None), **log_data}  # first, as people read lines


PLAIN_FORMAT = "{asctime} {levelname} {name} [{request_id}] {message}"


def formatters():
    return {
        "plain": {"()": UTCFormatter, "format": PLAIN_FORMAT, "style": "{"},
        "json": {"()": JsonFormatter},
    }


def logging_config(log_format="plain", level="INFO"):
    """The ``LOGGING`` dictionary of the web and worker processes: everything to stdout in ``log_format``."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": formatters(),
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
                "stream": "ext://sys.stdout",
            }
        },
        "loggers": {
            # Replaces Django's own console handler, so each record is written once.
            "django": {"handlers": ["stdout"], "level": level, "propagate": False},
            # core.middleware.RequestLogMiddleware writes one line per request; Django's own line for a 4xx/5xx
            # would repeat it (the 500's traceback still comes from django.request).
            "django.server": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
            # Python's warnings (Django routes them here): Django's own handler for them writes plain text.
            "py.warnings": {"handlers": ["stdout"], "level": "WARNING", "propagate": False},
            # One line per task run is noise (and tests run tasks eagerly in the test process).
            "celery.app.trace": {"level": "WARNING"},
        },
        "root": {"handlers": ["stdout"], "level": level},
    }


def log_format_from_env():
    value = os.environ.get("LOG_FORMAT", "plain").strip().lower() or "plain"
    return value if value in FORMATS else "plain"


def gunicorn_logconfig_dict(log_format=None):
    """gunicorn's ``logconfig_dict``: its error log on stderr and access log on stdout, in ``LOG_FORMAT``.

    In ``deploy/gunicorn.conf.py``: ``from core.logging import gunicorn_logconfig_dict`` and
    ``logconfig_dict = gunicorn_logconfig_dict()``.
    """
    log_format = log_format or log_format_from_env()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": formatters(),
        "handlers": {
            "error": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            },
            "access": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id"],
                "stream": "ext://sys.stdout",
            },
        },
        "loggers": {
            "gunicorn.error": {"handlers": ["error"], "level": "INFO", "propagate": False},
            # Django's platziflix.request line is the access log, with the request id; gunicorn would write a second
            # line per request (in the site's time zone) as soon as its access logger has a handler. Its warnings
            # still show.
            "gunicorn.access": {"handlers": ["access"], "level": "WARNING", "propagate": False},
        },
        "root": {"handlers": ["error"], "level": "INFO"},
    }


class GunicornLogger(BaseGunicornLogger):
    """gunicorn's logger, with its error and access logs in ``LOG_FORMAT`` (``--logger-class``)."""

    def setup(self, cfg):
        super().setup(cfg)
        logging.config.dictConfig(gunicorn_logconfig_dict())
