"""Base classes every API view builds on, and the JSON 404 for unknown paths under /api/."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from api.errors import RequestTooLarge
from api.permissions import CatalogPermission


class ApiView:
    # Mixin for every API view: refuses oversized bodies before anything parses them. (A comment, not a
    # docstring: drf-spectacular would publish a docstring as the description of every endpoint.)

    def initial(self, request, *args, **kwargs):
        content_type = request.META.get("CONTENT_TYPE", "")
        if not content_type.startswith("multipart/"):
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                raise RequestTooLarge()
        super().initial(request, *args, **kwargs)


class CatalogWriteMixin:
    """Staff writes: validated by the write serializer, saved atomically, deleted softly."""

    permission_classes = [CatalogPermission]

    def perform_destroy(self, instance):
        instance.soft_delete()


def slash_redirect_or_not_found(request, *, redirect_status, absolute):
    """A redirect to the route that only differs from this path by its trailing slash, or a JSON 404.

    Both 307 and 308 keep the method and body. Never refused for CSRF: it changes nothing, and the route it
    leads to does its own checks.
    """
    alternative = request.path[:-1] if request.path.endswith("/") else request.path + "/"
    try:
        match = resolve(alternative)
    except Resolver404:
        match = None
    if match is not None and not getattr(match.func, "is_not_found_route", False):
        query = request.META.get("QUERY_STRING", "")
        location = alternative + (f"?{query}" if query else "")
        response = HttpResponsePermanentRedirect(request.build_absolute_uri(location) if absolute else location)
        response.status_code = redirect_status
        return response
    return JsonResponse({"detail": _("Not found.")}, status=404)


def not_found_route(view):
    """Marks a catch-all view, so a redirect never leads to another catch-all."""
    view = csrf_exempt(view)
    view.is_not_found_route = True
    return view


@not_found_route
def api_not_found(request, path=""):
    """The last route under /api/: a JSON 404 whether DEBUG is on or off; /api/v1/ routes end with a slash,
    and a path missing it is redirected with 308."""
    return slash_redirect_or_not_found(request, redirect_status=308, absolute=False)
