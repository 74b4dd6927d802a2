import hashlib
import logging
import math
import re
import time
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.text import compress_string
from django.utils.translation import gettext as _

from core import db_routing, observability, public_cache
from core.errors import (
    DATABASE_ERRORS,
    database_unavailable,
    is_api_request,
    limits_unavailable,
    too_many_requests,
)
from core.ratelimit import LimitsUnavailable, RateLimited
from core.translation import original_texts

logger = logging.getLogger(__name__)

# Django's technical 404 and 500 pages (shown only while DEBUG is on) all carry this tag.
TECHNICAL_PAGE_MARK = b'<meta name="robots" content="NONE,NOARCHIVE">'


def is_debug_technical_page(response):
    return (
        settings.DEBUG
        and response.status_code >= 400
        and response.get("Content-Type", "").startswith("text/html")
        and not getattr(response, "streaming", False)
        and TECHNICAL_PAGE_MARK in response.content[:2000]
    )


def request_language(request):
    """The language a request is answered in. Pages carry it in their URL (``/en/...``; no prefix is the site's
    first language); the paths in ``LANGUAGE_FROM_HEADERS_PATHS`` (the API, the admin) follow the caller's
    language cookie, then its ``Accept-Language``."""
    if request.path_info.startswith(settings.LANGUAGE_FROM_HEADERS_PATHS):
        return translation.get_language_from_request(request)
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


class LocaleMiddleware:
    """Activates ``request_language`` for the request. Django's own middleware, once ``i18n_patterns`` is used,
    would answer every path outside them (the API, the admin) in the default language whatever the caller asks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        if request.path_info.startswith(settings.ORIGINAL_TEXT_PATHS):
            with original_texts():
                response = self.get_response(request)
        else:
            response = self.get_response(request)
        if request.path_info.startswith(settings.LANGUAGE_FROM_HEADERS_PATHS):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response


class ContentSecurityPolicyMiddleware:
    """Sends a Content-Security-Policy header: the one for the path's prefix in CSP_BY_PATH, else CSP_SITE.

    While DEBUG is on, Django's own technical error pages get CSP_DEBUG_TECHNICAL_PAGES, so their inline styles
    apply; nothing else is relaxed, and with DEBUG off those pages never exist.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" in response:
            return response
        if is_debug_technical_page(response):
            response["Content-Security-Policy"] = settings.CSP_DEBUG_TECHNICAL_PAGES
            return response
        policy = next((p for prefix, p in settings.CSP_BY_PATH if request.path.startswith(prefix)), None)
        response["Content-Security-Policy"] = policy or settings.CSP_SITE
        return response


class RefuseTraceMiddleware:
    """``TRACE`` and ``CONNECT`` answer 405 everywhere (JSON under /api/): nothing here serves them, TRACE echoes
    the request back, and API views would otherwise ask an anonymous caller to sign in first."""

    REFUSED = {"TRACE", "CONNECT"}
    FALLBACK_ALLOWED = ["GET", "HEAD", "OPTIONS", "POST"]

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in self.REFUSED:
            return self.get_response(request)
        allowed = ", ".join(self._allowed_methods(request))
        if is_api_request(request):
            response = JsonResponse({"detail": _("Method not allowed.")}, status=405)
        else:
            response = HttpResponse(_("Method not allowed."), status=405, content_type="text/plain; charset=utf-8")
        response["Allow"] = allowed
        return response

    def _allowed_methods(self, request):
        try:
            view_class = getattr(resolve(request.path_info).func, "view_class", None)
        except Resolver404:
            view_class = None
        if view_class is None:
            return self.FALLBACK_ALLOWED
        return [
            method.upper()
            for method in view_class.http_method_names
            if method.upper() not in self.REFUSED and hasattr(view_class, method)
        ] or self.FALLBACK_ALLOWED


class ErrorResponseMiddleware:
    """Turns two failures that are nobody's bug into proper answers, on pages and API alike:

    - ``RateLimited`` (too many failed log-ins, resets or sign-ups) -> 429 with ``Retry-After``;
    - ``LimitsUnavailable`` (those limits cannot be counted: Redis is away) -> 503 with ``Retry-After``;
    - the database being down or restarting -> 503 with ``Retry-After`` and one log line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            observability.rate_limit_refused(getattr(exception, "scope", ""))
            return too_many_requests(request, exception.retry_after)
        if isinstance(exception, LimitsUnavailable):
            return limits_unavailable(request, exception.retry_after)
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None


CACHE_HEADER = "X-Cache"


@dataclass(frozen=True)
class Entry(public_cache.Stamp):
    """A stored answer and what keeps it fresh (``public_cache.Stamp``)."""

    status: int
    headers: tuple
    content: bytes

    FORMAT = 5  # part of the key: a deploy that changes this class never reads the entries of the one before

    @classmethod
    def of(cls, response, stamp):
        return cls(stamp.depends, stamp.ends_at, response.status_code, tuple(response.items()), response.content)

    def gzipped(self):
        return replace(
            self, headers=(*self.headers, ("Content-Encoding", "gzip")), content=compress_string(self.content)
        )

    def response(self):
        response = HttpResponse(self.content, status=self.status, headers=dict(self.headers))
        response["Content-Length"] = str(len(self.content))
        response[CACHE_HEADER] = "hit"
        return response


class PublicResponseCacheMiddleware:
    """Answers anonymous reads from the cache before sessions, CSRF, authentication and the view run.

    Only requests that cannot be personal are cached: GET and HEAD on ``settings.PUBLIC_CACHE_PATHS`` with no
    session cookie, no message cookie and no ``Authorization`` header; and only answers that are 200, set no
    cookie and do not ask to stay private. Pages carry their language in the URL; the API's is in the key. An
    entry holds the generations of the keys it shows (``core.public_cache``) and the moment the content next
    changes by itself; it is fresh while both hold. It is stored only if no write happened while it rendered.

    An answer of ``GZIP_FROM_BYTES`` or more is also stored gzipped, under the key of the clients that accept
    gzip (browsers and the apps' HTTP clients all do): the whole course list then costs a tenth of its size to
    fetch and to send. These answers are the same for every visitor and hold no secret, so compressing them
    reveals nothing (BREACH needs a secret in the body). Answers of ``LOCAL_COPY_FROM_BYTES`` or more are also
    kept in the process (``LocalCopies``).

    Sits after the middleware that must see every request (security, CORS), which still add their headers to a
    cached answer, and before the ones that make a request personal.
    """

    PRIVATE_CACHE_CONTROL = re.compile(r"\b(private|no-store|no-cache)\b")
    GZIP_FROM_BYTES = 1024
    LOCAL_COPY_FROM_BYTES = 64 * 1024
    LOCAL_COPIES_MAX_BYTES = 32 * 1024 * 1024
    HINTS_MAX_ITEMS = 100_000

    def __init__(self, get_response):
        self.get_response = get_response
        self.local_copies = public_cache.LocalCopies(self.LOCAL_COPIES_MAX_BYTES)
        self.hints = public_cache.DependencyHints(self.HINTS_MAX_ITEMS)
        self.paths = re.compile("|".join(settings.PUBLIC_CACHE_PATHS))
        self.personal_cookies = {settings.SESSION_COOKIE_NAME, "messages"}

    def __call__(self, request):
        if not self._may_be_shared(request):
            return self.get_response(request)
        plain_key, gzip_key = self._keys(request)
        key = gzip_key if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) else plain_key
        try:
            found = self._cached(key)
        except Exception as error:  # the cache is down: answer as if there were none, in one log line
            logger.warning("The cache did not answer (%s); serving %s uncached.", error, request.path)
            return self.get_response(request)
        if isinstance(found, HttpResponse):
            return found
        written_before = found  # the generation of ``any`` read before rendering (module docstring of public_cache)
        with public_cache.collecting() as depends_on, db_routing.storing_what_is_read():
            response = self.get_response(request)
        if request.method == "GET" and self._may_store(response):
            keys = depends_on if public_cache.is_scoped(request) and depends_on else {public_cache.ANY}
            self._store(request.path, (plain_key, gzip_key), response, {*keys, public_cache.ALL}, written_before)
        response[CACHE_HEADER] = "miss"
        observability.public_cache_lookup("miss")
        return response

    def _cached(self, key):
        """The cached answer when it is fresh; else the generation of ``any``, read in the same round trip. One
        ``get_many`` fetches the entry (unless this process holds a copy) and the generations it depended on."""
        local_copy = self.local_copies.get(key)
        hint = [generation for generation in self.hints.get(key) if generation != public_cache.GENERATION_KEY]
        wanted = [*hint, public_cache.GENERATION_KEY]  # ``any`` last
        found = public_cache.read_many([*([] if local_copy else [key]), *wanted])
        now = time.time()
        asked = set(wanted)
        entry = local_copy or found.get(key)
        while entry is not None:
            missing = [generation for generation in entry.generation_keys if generation not in asked]
            if missing:
                found.update(public_cache.read_many(missing))
                asked.update(missing)
            if entry.is_fresh(found, now):
                self.hints.remember(key, entry.generation_keys)
                if entry is not local_copy and len(entry.content) >= self.LOCAL_COPY_FROM_BYTES:
                    self.local_copies.keep(key, entry)
                observability.public_cache_lookup("hit")
                return entry.response()
            # A stale copy of this process: another process may have stored the new answer already.
            entry, local_copy = (cache.get(key), None) if entry is local_copy else (None, None)
        return found.get(public_cache.GENERATION_KEY)

    def _may_be_shared(self, request):
        return (
            request.method in ("GET", "HEAD")
            and self.paths.match(request.path_info) is not None
            and "HTTP_AUTHORIZATION" not in request.META
            and self.personal_cookies.isdisjoint(request.COOKIES)
        )

    def _keys(self, request):
        """The keys of the plain answer and of the one for clients that accept gzip. The scheme and host are in
        them: answers hold absolute URLs (API links, canonical tags)."""
        address = f"{request_language(request)} {request.build_absolute_uri()}"
        digest = hashlib.sha256(address.encode()).hexdigest()
        return f"public-response:{Entry.FORMAT}:{digest}", f"public-response:{Entry.FORMAT}:{digest}:gzip"

    def _may_store(self, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not self.PRIVATE_CACHE_CONTROL.search(response.get("Cache-Control", ""))
        )

    def _store(self, request_path, keys, response, depends_on, written_before):
        """Stores the answer only if no write moved ``any`` since before it rendered (compare-and-store), stamped
        with its keys' generations, read with ``any`` in one round trip (``any`` last)."""
        try:
            stamp = public_cache.stamp(depends_on, written_before)
            if stamp is None:
                return
            seconds = stamp.seconds(time.time())
            if seconds <= 0:
                return
            compress = len(response.content) >= self.GZIP_FROM_BYTES and not response.has_header("Content-Encoding")
            if compress:
                patch_vary_headers(response, ("Accept-Encoding",))
            entry = Entry.of(response, stamp)
            plain_key, gzip_key = keys
            entries = {plain_key: entry, gzip_key: entry.gzipped() if compress else entry}
            cache.set_many(entries, timeout=math.ceil(seconds))  # whole seconds: Redis deletes at a timeout of 0
        except Exception as error:
            logger.warning("Could not store %s in the cache (%s).", request_path, error)
