"""Building blocks shared by every API view: pagination, permissions, throttles and the base class."""

from django.conf import settings
from django.core.paginator import InvalidPage
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import exceptions, pagination, permissions, serializers, status, throttling

from platziflix.pagination import KeysFirstPaginator

MAX_PAGE_SIZE = 100
MAX_PAGE_DIGITS = 18  # longer numbers cannot be a real page, and Python refuses to parse very long ones


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "request_too_large"


class PageNumberPagination(pagination.PageNumberPagination):
    """``{count, next, previous, results}``; ``page_size`` up to 100 (larger values are clamped)."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        raw_page = request.query_params.get(self.page_query_param, "1")
        if raw_page not in self.last_page_strings and not (raw_page.isascii() and raw_page.isdigit()):
            raise exceptions.ValidationError({self.page_query_param: [_("A page number must be a whole number.")]})
        paginator = self.django_paginator_class(queryset, self.get_page_size(request))
        try:
            number = paginator.num_pages if raw_page in self.last_page_strings else int(raw_page[:MAX_PAGE_DIGITS])
            self.page = paginator.page(number if len(raw_page) <= MAX_PAGE_DIGITS else paginator.num_pages + 1)
        except InvalidPage:
            raise exceptions.NotFound(
                _("Page %(page)s does not exist; the last page is %(last)d.")
                % {"page": raw_page, "last": paginator.num_pages}
            ) from None
        self.request = request
        return list(self.page)


class KeysFirstPageNumberPagination(PageNumberPagination):
    """For lists whose rows carry per-row subqueries (course cards): see KeysFirstPaginator."""

    django_paginator_class = KeysFirstPaginator


class CatalogPermission(permissions.DjangoModelPermissions):
    """Anyone reads; writing needs a staff account with the model's add, change or delete permission."""

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if not (request.user and request.user.is_authenticated):
            return False
        return request.user.is_staff and super().has_permission(request, view)


class _SettingsRateMixin:
    """Rates come from ``settings.API_THROTTLE_RATES`` at request time, so they can change without a restart."""

    def get_rate(self):
        rates = getattr(settings, "API_THROTTLE_RATES", {})
        return rates.get(self.scope)


class AnonRateThrottle(_SettingsRateMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(_SettingsRateMixin, throttling.UserRateThrottle):
    pass


class AuthTokenRateThrottle(_SettingsRateMixin, throttling.SimpleRateThrottle):
    """Strict, per client address, whoever is signed in: slows down password guessing."""

    scope = "auth_token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


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


ErrorSerializer = inline_serializer("Error", fields={"detail": serializers.CharField()})
ValidationErrorSerializer = inline_serializer(
    "ValidationError",
    fields={
        "field_name": serializers.ListField(
            child=serializers.CharField(), required=False, help_text="One list of messages per invalid field."
        ),
        "non_field_errors": serializers.ListField(child=serializers.CharField(), required=False),
    },
)


def error(description):
    return OpenApiResponse(ErrorSerializer, description=description)


def validation_error(description=None):
    return OpenApiResponse(ValidationErrorSerializer, description=description or "Invalid input; one entry per field.")


NOT_FOUND = {404: error("Not found.")}
THROTTLED = {429: error("Too many requests; retry after the number of seconds in the Retry-After header.")}
READ_ERRORS = {**NOT_FOUND, **THROTTLED}
AUTH_ERRORS = {401: error("Not signed in."), 403: error("Not allowed.")}
WRITE_ERRORS = {400: validation_error(), **AUTH_ERRORS, **NOT_FOUND, 413: error("Body too large."), **THROTTLED}
