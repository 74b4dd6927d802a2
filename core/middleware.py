from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from core.errors import DATABASE_ERRORS, database_unavailable, is_api_request, too_many_requests
from core.ratelimit import RateLimited

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
    - the database being down or restarting -> 503 with ``Retry-After`` and one log line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return too_many_requests(request, exception.retry_after)
        if isinstance(exception, DATABASE_ERRORS):
            return database_unavailable(request, exception)
        return None
