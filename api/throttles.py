"""API throttles. Every one counts clients by ``core.clients.client_identity``, so a made-up
``X-Forwarded-For`` cannot dodge them; subclass ``ClientRateThrottle`` for a new one."""

import time

from django.conf import settings
from django.core.cache import cache
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
    """Anonymous callers, per client address; server clients (API keys) have a throttle of their own."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if (request.user and request.user.is_authenticated) or server_client_rate(request) is not None:
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


def server_client_rate(request):
    """Requests per minute allowed to a trusted server client (an API key), or None for anyone else."""
    return getattr(request.auth, "requests_per_minute", None)


class ServerClientRateThrottle(throttling.BaseThrottle):
    """Per API key, at the key's own rate: one counter per key and minute, incremented atomically in the cache.

    Its cost stays fixed at 10,000 requests a minute, where DRF's rate throttles keep and pickle every
    request's time of the window.
    """

    window_seconds = 60

    def allow_request(self, request, view):
        limit = server_client_rate(request)
        if limit is None:
            return True
        now = time.time()
        window = int(now // self.window_seconds)
        key = f"throttle_server_client_{request.auth.pk}_{window}"
        cache.add(key, 0, timeout=self.window_seconds + 5)
        try:
            count = cache.incr(key)
        except ValueError:  # evicted between add() and incr()
            cache.set(key, 1, timeout=self.window_seconds + 5)
            count = 1
        self.seconds_left = self.window_seconds - (now % self.window_seconds)
        return count <= limit

    def wait(self):
        return self.seconds_left
