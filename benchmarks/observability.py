"""What the observability middleware cost a cached anonymous read, in-process: the request id and log line
(core.observability.RequestLogMiddleware) and django-prometheus's two middleware, against the same stack without
them, alternating rounds in one process so both see the same machine.

Needs a database with at least one published course (``seed_demo``); the cache is whatever REDIS_URL says:

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 DEMO_VIDEOS=0 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 DEMO_VIDEOS=0 .venv/bin/python manage.py seed_demo
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 LOG_LEVEL=WARNING .venv/bin/python benchmarks/observability.py
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from courses.models import Course  # noqa: E402

OBSERVABILITY = {
    "core.observability.RequestLogMiddleware",
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "core.observability.ViewMetricsMiddleware",
}
ROUNDS, REQUESTS = 5, 3000


def microseconds_per_read(middleware, url):
    with override_settings(MIDDLEWARE=middleware):
        client = Client(SERVER_NAME="localhost")
        client.get(url)
        assert client.get(url)["X-Cache"] == "hit"
        started = time.perf_counter()
        for _ in range(REQUESTS):
            client.get(url)
        return (time.perf_counter() - started) / REQUESTS * 1e6


def main():
    course = Course.objects.filter(status=Course.Status.PUBLISHED).first()
    if course is None:
        raise SystemExit("No published course: run seed_demo first.")
    url = f"/api/v1/courses/{course.slug}/"
    without = [name for name in settings.MIDDLEWARE if name not in OBSERVABILITY]
    results = {"with": [], "without": []}
    for _ in range(ROUNDS):
        results["without"].append(microseconds_per_read(without, url))
        results["with"].append(microseconds_per_read(settings.MIDDLEWARE, url))
    for name, values in results.items():
        spread = ", ".join(f"{value:.0f}" for value in values)
        print(f"{name} observability: median {statistics.median(values):.0f} µs per cached read ({spread})")


if __name__ == "__main__":
    main()
