from django.conf import settings
from django.http import HttpResponseNotAllowed

from core.errors import DATABASE_ERRORS, database_unavailable, is_api_request, too_many_requests
from core.ratelimit import RateLimited


class ContentSecurityPolicyMiddleware:
    """Sends a Content-Security-Policy header: the one for the path's prefix in CSP_BY_PATH, else CSP_SITE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            policy = next((p for prefix, p in settings.CSP_BY_PATH if request.path.startswith(prefix)), None)
            response["Content-Security-Policy"] = policy or settings.CSP_SITE
        return response


class RefuseTraceMiddleware:
    """``TRACE`` and ``CONNECT`` answer 405 on every page: nothing here serves them, and TRACE echoes the request.

    (API views already answer 405 in JSON, with their real methods in ``Allow``.)
    """

    REFUSED = {"TRACE", "CONNECT"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in self.REFUSED and not is_api_request(request):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST", "OPTIONS"])
        return self.get_response(request)


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
