"""JSON errors for the API: DRF's handler, plus Django's own exceptions mapped to their DRF shapes."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from core import observability
from core.ratelimit import LimitsUnavailable, RateLimited

logger = logging.getLogger(__name__)


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("The request body is too large.")
    default_code = "request_too_large"


class LimitsUnavailableError(exceptions.APIException):
    """503 with Retry-After: log-in limits cannot be counted (Redis is away), so the attempt is refused."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy("The service is briefly unavailable. Please try again in a few seconds.")
    default_code = "limits_unavailable"

    def __init__(self, wait):
        super().__init__()
        self.wait = wait  # DRF's handler sends it as Retry-After


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This change clashes with data saved at the same time; please try again.")
    default_code = "conflict"


def exception_handler(exc, context):
    """DRF's handler, plus Django's ValidationError as 400, integrity races as 409, log-in limits as 429, and
    log-in limits that cannot be counted as 503."""
    if isinstance(exc, RateLimited):
        observability.rate_limit_refused(getattr(exc, "scope", ""))
        exc = exceptions.Throttled(wait=exc.retry_after)
    elif isinstance(exc, LimitsUnavailable):
        exc = LimitsUnavailableError(wait=exc.retry_after)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, IntegrityError):
        logger.warning("Integrity error answered with 409: %s", exc)
        exc = Conflict()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if isinstance(exc, LimitsUnavailableError):
        response._has_been_logged = True  # the cache logs the outage once per interval, not Django per request
    return response
