import time

from django.conf import settings
from django.core.cache import cache
from rest_framework import throttling


class _SettingsRateMixin:
    """Rates come from ``settings.API_THROTTLE_RATES`` at request time, so they can change without a restart."""

    def get_rate(self):
        rates = getattr(settings, "API_THROTTLE_RATES", {})
        return rates.get(self.scope)


class AnonRateThrottle(_SettingsRateMixin, throttling.AnonRateThrottle):
    """Per address for anonymous callers; server clients (API keys) have a throttle of their own."""

    def get_cache_key(self, request, view):
        if server_client_rate(request) is not None:
            return None
        return super().get_cache_key(request, view)


class UserRateThrottle(_SettingsRateMixin, throttling.UserRateThrottle):
    pass


class AuthTokenRateThrottle(_SettingsRateMixin, throttling.SimpleRateThrottle):
    """Strict, per client address, whoever is signed in: slows down password guessing."""

    scope = "auth_token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


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
