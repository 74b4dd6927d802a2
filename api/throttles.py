"""API throttles. Every one counts clients by ``core.clients.client_identity``, so a made-up
``X-Forwarded-For`` cannot dodge them; subclass ``ClientRateThrottle`` for a new one."""

from django.conf import settings
from rest_framework import throttling

from core.clients import client_identity


class ClientRateThrottle(throttling.SimpleRateThrottle):
    """Base for every throttle: rates come from ``settings.API_THROTTLE_RATES`` (read at request time) and the
    client is the one ``client_identity`` names. Subclasses set ``scope`` and may override ``get_cache_key``."""

    def get_rate(self):
        return getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)

    def get_ident(self, request):
        return client_identity(request)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AnonRateThrottle(ClientRateThrottle):
    """Anonymous callers, per client address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return super().get_cache_key(request, view)


class UserRateThrottle(ClientRateThrottle):
    """Signed-in callers per account; anonymous ones per client address."""

    scope = "user"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
        return super().get_cache_key(request, view)


class AuthTokenRateThrottle(ClientRateThrottle):
    """Strict, per client address, whoever is signed in: slows down password guessing."""

    scope = "auth_token"
