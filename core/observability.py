"""What operators see of a running site: request ids and one log line per request, the ``/metrics`` endpoint and
the counters the shared layers keep, and the error reports sent to Sentry.

Metrics live in each process's memory, or, when ``PROMETHEUS_MULTIPROC_DIR`` is set (several gunicorn workers, a
Celery worker on the same machine), in files in that folder which ``/metrics`` adds up (prometheus_client's
multiprocess mode).
"""

import functools
import hmac
import logging
import os
import time
import uuid

import prometheus_client
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import Http404, HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils.cache import add_never_cache_headers
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_safe
from django_prometheus.middleware import PrometheusAfterMiddleware
from prometheus_client import multiprocess

from core import logging as core_logging

request_logger = logging.getLogger("platziflix.request")

REQUEST_ID_HEADER = "X-Request-ID"
# URL parts that are secrets of their own (password reset links): the log line names them instead.
SECRET_URL_KWARGS = ("token", "uidb64", "key")

PUBLIC_CACHE_LOOKUPS = prometheus_client.Counter(
    "platziflix_public_cache_lookups",
    "Anonymous reads looked up in the public response cache, by result (hit: answered from the cache).",
    ["result"],
)
RATE_LIMIT_REFUSALS = prometheus_client.Counter(
    "platziflix_rate_limit_refusals",
    "Requests refused with 429 by a log-in, password-reset or sign-up limit, by the limit's scope.",
    ["scope"],
)


def public_cache_lookup(result):
    PUBLIC_CACHE_LOOKUPS.labels(result=result).inc()


def rate_limit_refused(scope):
    RATE_LIMIT_REFUSALS.labels(scope=scope or "unknown").inc()


# Collectors that read the database when /metrics is scraped (video jobs by state). In multiprocess mode the
# export builds a registry of its own, so they are kept here too, to be added to it.
scrape_collectors = []


def register_scrape_collector(collector):
    """Exports ``collector`` (an object with ``collect()``) on /metrics, in the process's registry or in the one
    the multiprocess export builds."""
    if not any(type(known) is type(collector) for known in scrape_collectors):
        scrape_collectors.append(collector)
        prometheus_client.REGISTRY.register(collector)


def multiprocess_mode():
    return bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))


def metrics_registry():
    if not multiprocess_mode():
        return prometheus_client.REGISTRY
    registry = prometheus_client.CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    for collector in scrape_collectors:
        registry.register(collector)
    return registry


def bearer_token(request):
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


@require_safe
def metrics(request):
    """Prometheus's text format, only for ``Authorization: Bearer <METRICS_TOKEN>``.

    404 while METRICS_TOKEN is unset (the endpoint does not exist); 401 with ``WWW-Authenticate: Bearer`` for a
    missing or wrong token. Never cached.
    """
    expected = settings.METRICS_TOKEN
    if not expected:
        raise Http404
    if not hmac.compare_digest(bearer_token(request).encode(), expected.encode()):
        response = HttpResponse("Unauthorized.\n", status=401, content_type="text/plain; charset=utf-8")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
    else:
        response = HttpResponse(
            prometheus_client.generate_latest(metrics_registry()), content_type=prometheus_client.CONTENT_TYPE_LATEST
        )
    add_never_cache_headers(response)
    return response


class ViewMetricsMiddleware(PrometheusAfterMiddleware):
    """django-prometheus's per-view counts and latencies, placed just outside the public cache: an answer served
    from the cache never reaches a view, so its view is found from the path (remembered for the paths most asked
    for: resolving costs more than the rest of a cache hit's metrics)."""

    def _get_view_name(self, request):
        if request.resolver_match is not None:
            return request.resolver_match.view_name or UNNAMED_VIEW
        return view_name_of_path(get_urlconf() or settings.ROOT_URLCONF, request.path_info)


UNNAMED_VIEW = "<unnamed view>"


@functools.lru_cache(maxsize=4096)
def view_name_of_path(urlconf, path):
    try:
        return resolve(path, urlconf).view_name or UNNAMED_VIEW
    except Resolver404:
        return UNNAMED_VIEW


def incoming_request_id(request):
    """The proxy's X-Request-ID when proxies of ours stand in front (TRUSTED_PROXY_COUNT > 0) and it looks like
    an id; a client talking to us directly could write anything there."""
    if settings.TRUSTED_PROXY_COUNT > 0:
        return core_logging.valid_request_id(request.headers.get(REQUEST_ID_HEADER))
    return None


def user_id(request):
    """The signed-in user's id, if the request already knew it: a user that DRF authenticated (token, API key,
    session), or the session's user id when the session was read anyway. Never a query of its own."""
    user = getattr(request, "user", None)
    if user is not None and not isinstance(user, SimpleLazyObject):
        return user.pk if user.is_authenticated else None
    session = getattr(request, "session", None)
    if session is not None and session.accessed:
        value = session.get(SESSION_KEY)
        return int(value) if str(value).isdigit() else value
    return None


def logged_path(request):
    """The request's path with secret URL parts (a reset link's token) replaced by their names."""
    path = request.path
    match = request.resolver_match
    if match is not None:
        for name in SECRET_URL_KWARGS:
            value = match.kwargs.get(name)
            if value:
                path = path.replace(str(value), f"<{name}>")
    return path


class RequestLogMiddleware:
    """Outermost: gives the request its id (the proxy's or a new one), answers it in ``X-Request-ID``, and writes
    one log line when the answer is ready, with the method, path, status, duration and user id. Never the query
    string, body, headers or cookies: they can hold passwords, tokens and e-mail addresses."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        request.request_id = incoming_request_id(request) or uuid.uuid4().hex
        token = core_logging.request_id.set(request.request_id)
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request.request_id
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            path = logged_path(request)
            request_logger.info(
                "%s %s %s %.1fms",
                request.method,
                path,
                response.status_code,
                duration_ms,
                extra={
                    "request_id": request.request_id,
                    "method": request.method,
                    "path": path,
                    "status": response.status_code,
                    "duration_ms": duration_ms,
                    "user_id": user_id(request),
                },
            )
            return response
        finally:
            core_logging.request_id.reset(token)
