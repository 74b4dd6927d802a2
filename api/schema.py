"""The error answers every endpoint documents in the OpenAPI schema."""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

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
SOFT_DELETED = {204: OpenApiResponse(description="Deleted (staff can restore it in the admin).")}
PAGE_ERRORS = {
    400: validation_error("A filter, `page` or `page_size` that is not valid (say `page_size=null`)."),
    404: error("A page past the last one, or an unknown parent."),
}


BAD_CREDENTIALS = {401: error("A token that is unknown, expired or revoked (even where no sign-in is needed).")}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's schema, plus the errors every endpoint really answers: 400 and 404 on paginated lists
    (``PAGE_ERRORS``), and 401 wherever a token is read, since a bad one is refused even on public reads."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        extra = {}
        if self.method == "GET" and self._is_list_view() and self._get_paginator() is not None:
            extra.update(PAGE_ERRORS)
        if any(requirement for requirement in self.get_auth()):
            extra.update(BAD_CREDENTIALS)
        for code, response in extra.items():
            responses.setdefault(str(code), self._get_response_for_code(response, str(code), direction=direction))
        return responses


def operation_order(endpoint):
    """The docs list ``/api/v1/`` first, then the original clients' contract; alphabetical within each."""
    from drf_spectacular.plumbing import alpha_operation_sorter

    path = endpoint[0]
    return (not path.startswith("/api/v1/"), alpha_operation_sorter(endpoint))
