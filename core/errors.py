"""The project's error handlers: the site's styled pages, or JSON for anything under /api/.

``is_api_request`` is the one place that decides, so an API client never receives an HTML page.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"
DATABASE_RETRY_AFTER_SECONDS = 10
DATABASE_ERRORS = (OperationalError, InterfaceError)  # the server is down, restarting or dropped the connection

logger = logging.getLogger(__name__)


def is_api_request(request):
    return request.path.startswith(API_PREFIX)


def page_not_found(request, exception=None, template_name="404.html"):
    if is_api_request(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception, template_name=template_name)


def bad_request(request, exception=None, template_name="400.html"):
    if is_api_request(request):
        return JsonResponse({"detail": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception, template_name=template_name)


def permission_denied(request, exception=None, template_name="403.html"):
    if is_api_request(request):
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    return defaults.permission_denied(request, exception, template_name=template_name)


@requires_csrf_token
def csrf_failure(request, reason=""):
    """A refused form: the site's page (with a fresh token in the context) or JSON under /api/."""
    if is_api_request(request):
        return JsonResponse({"detail": _("CSRF check failed: reload the page and try again.")}, status=403)
    return render(request, "403_csrf.html", status=403)


def too_many_requests(request, retry_after):
    """429 with Retry-After: JSON under /api/, the styled page elsewhere."""
    if is_api_request(request):
        response = JsonResponse(
            {"detail": _("Too many attempts. Try again in %(seconds)d seconds.") % {"seconds": retry_after}},
            status=429,
        )
    else:
        response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def limits_unavailable(request, retry_after):
    """503 with Retry-After for a log-in, sign-up or password reset while its limits cannot be counted (Redis is
    away): refused rather than let through uncounted. The cache logs the outage once per interval, so nothing
    is logged per request."""
    return service_unavailable(request, retry_after)


def service_unavailable(request, retry_after):
    """503 with ``Retry-After``: JSON under /api/, the standalone page elsewhere (no session, user or query)."""
    if is_api_request(request):
        response = JsonResponse(
            {"detail": _("The service is briefly unavailable. Please try again in a few seconds.")}, status=503
        )
    else:
        response = render(request, "503.html", status=503)
    response["Retry-After"] = str(retry_after)
    response._has_been_logged = True  # the caller logged it, or its outage is logged once per interval
    return response


def database_unavailable(request, exc):
    """503 with Retry-After while the database is down, and one log line instead of a traceback.

    The page is standalone (no session, no user, no query), since the database cannot answer.
    """
    logger.warning(
        "Database unavailable, answered 503: %s %s (%s)", request.method, request.path, str(exc).strip().split("\n")[0]
    )
    return service_unavailable(request, DATABASE_RETRY_AFTER_SECONDS)


def server_error(request, template_name="500.html"):
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_ERRORS):  # raised outside a view (a middleware saving the session, say)
        return database_unavailable(request, exc)
    if is_api_request(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request, template_name=template_name)
