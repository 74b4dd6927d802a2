"""Base classes every API view builds on, and the JSON 404 for unknown paths under /api/."""

from django.conf import settings
from django.http import HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

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
