from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.selectors import api_key_get_active


class ApiKeyAuthentication(authentication.BaseAuthentication):
    """``Authorization: Api-Key <key>``: a trusted server client, never a user.

    The request stays anonymous (``request.user``), so every write and every personal read is refused; the
    key is ``request.auth``, which gives it its own throttle (``api.throttles.ServerClientRateThrottle``).
    """

    keyword = "Api-Key"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid API key header: send “Api-Key <key>”."))
        api_key = api_key_get_active(raw_key=parts[1].decode("latin-1"))
        if api_key is None:
            raise exceptions.AuthenticationFailed(_("Unknown or revoked API key."))
        return AnonymousUser(), api_key

    def authenticate_header(self, request):
        return self.keyword


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """Documents the API key in the OpenAPI schema (registered when this module is imported)."""

    target_class = ApiKeyAuthentication
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Api-Key <key>`: a trusted server client's key, created by staff; reads the public "
            "catalog only, at the key's own rate.",
        }
