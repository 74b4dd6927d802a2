"""The ceiling for benchmarks/throughput.py: the least a Django request can cost on this stack.

A one-file Django app: no middleware, no installed apps, one URL whose view runs ``SELECT 1`` on the
PostgreSQL named by DATABASE_URL (with Platziflix's connection settings: CONN_MAX_AGE, default 600, health
checks, JIT off) and answers a small JSON document. Served by the same gunicorn configuration as Platziflix,
it is what no Platziflix page can beat, so a page's share of its throughput says how much of the
framework's ceiling the page's own work leaves.

benchmarks/throughput.py starts it; by hand:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/platziflix_bench \\
        .venv/bin/gunicorn benchmarks.ceiling:application -b 127.0.0.1:8402 -w 2 -k gthread --threads 4
"""

import os

import dj_database_url
from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.db import connection
from django.http import JsonResponse
from django.urls import path

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    raise SystemExit("Set DATABASE_URL to the PostgreSQL database Platziflix is measured on.")

_database = dj_database_url.parse(
    os.environ["DATABASE_URL"], conn_max_age=int(os.environ.get("CONN_MAX_AGE", 600)), conn_health_checks=True
)
_database.setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

settings.configure(
    DEBUG=False,
    SECRET_KEY="ceiling-benchmark-key-not-a-secret",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={"default": _database},
)


def select_one(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (one,) = cursor.fetchone()
    return JsonResponse({"ok": one == 1})


urlpatterns = [path("", select_one)]

application = get_wsgi_application()
