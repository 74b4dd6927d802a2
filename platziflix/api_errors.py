"""JSON errors for everything under /api/, HTML for the rest.

``is_api_request`` is the one place that decides; the site's HTML error handlers call
``page_not_found`` and ``server_error`` from here (or check ``is_api_request`` first)
so an API client never receives an HTML page.
"""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"
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


def server_error(request, template_name="500.html"):
    if is_api_request(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request, template_name=template_name)


def api_not_found(request, path=""):
    """The last route under /api/: a JSON 404 whether DEBUG is on or off.

    A path that only differs from a real route by its trailing slash is redirected there with 308, which keeps
    the method and body: /api/v1/ routes end with a slash, the original Platziflix routes do not.
    """
    alternative = request.path[:-1] if request.path.endswith("/") else request.path + "/"
    try:
        match = resolve(alternative)
    except Resolver404:
        match = None
    if match is not None and match.func is not api_not_found:
        query = request.META.get("QUERY_STRING", "")
        response = HttpResponsePermanentRedirect(alternative + (f"?{query}" if query else ""))
        response.status_code = 308
        return response
    return JsonResponse({"detail": _("Not found.")}, status=404)


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This change clashes with data saved at the same time; please try again.")
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError as 400 and integrity races as 409."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, IntegrityError):
        logger.warning("Integrity error answered with 409: %s", exc)
        exc = Conflict()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    return drf_exception_handler(exc, context)
