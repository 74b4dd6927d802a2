"""The project's error handlers: the site's styled pages, or JSON for anything under /api/.

``is_api_request`` is the one place that decides, so an API client never receives an HTML page.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


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
