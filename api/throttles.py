"""API throttles. Every one counts clients by ``core.clients.client_identity``, so a made-up
``X-Forwarded-For`` cannot dodge them; subclass ``ClientRateThrottle`` for a new one."""

from django.conf import settings
from rest_framework import throttling

from core.clients import client_identity
from core.ratelimit import Limit, LimitsUnavailable


class ClientRateThrottle(throttling.BaseThrottle):
    """Base for every throttle: a fixed-window counter per client in the shared cache (``core.ratelimit``).

    A request costs one counter increment whatever the rate, where DRF's ``SimpleRateThrottle`` keeps, and
    pickles in and out on every request, the time of each request in the window (0.77 ms at 15,000 of them).
    Rates ("120/minute") come from ``settings.API_THROTTLE_RATES``, read at request time; the client is the one
    ``client_identity`` names. Subclasses set ``scope`` and may override ``get_cache_key`` (None: not counted), or
    ``get_limit`` for a rate that is not a setting.

    A throttle shapes load and guards no secret, so when its counters cannot be reached (Redis away) it lets the
    request through: reads go on while Redis is down. The cache logs the outage, once per interval.
    """

    scope = None
    PERIODS = {"s": 1, "m": 60, "h": 60 * 60, "d": 24 * 60 * 60}

    def get_ident(self, request):
        return client_identity(request)

    def get_cache_key(self, request, view):
        return self.get_ident(request)

    def get_limit(self, request, view):
        """The ``(Limit, key)`` this request counts against, or None when it is not counted."""
        rate = getattr(settings, "API_THROTTLE_RATES", {}).get(self.scope)
        key = self.get_cache_key(request, view) if rate else None
        if key is None:
            return None
        allowed, period = rate.split("/")
        return Limit(f"api_{self.scope}", int(allowed), self.PERIODS[period[0]]), key

    def allow_request(self, request, view):
        limit_and_key = self.get_limit(request, view)
        if limit_and_key is None:
            return True
        limit, key = limit_and_key
        try:
            count, self.seconds_left = limit.hit(key)
        except LimitsUnavailable:
            return True
        return count <= limit.count

    def wait(self):
        return self.seconds_left


class AnonRateThrottle(ClientRateThrottle):
    """Anonymous callers, per client address; server clients (API keys) have a throttle of their own."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if (request.user and request.user.is_authenticated) or server_client_rate(request) is not None:
            return None
        return super().get_cache_key(request, view)


class UserRateThrottle(ClientRateThrottle):
    """Signed-in callers, per account. Anonymous callers are counted once, by ``AnonRateThrottle``."""

    scope = "user"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return None


class AuthTokenRateThrottle(ClientRateThrottle):
    """Strict, per client address, whoever is signed in: slows down password guessing."""

    scope = "auth_token"


def server_client_rate(request):
    """Requests per minute allowed to a trusted server client (an API key), or None for anyone else."""
    return getattr(request.auth, "requests_per_minute", None)


class ServerClientRateThrottle(ClientRateThrottle):
    """Per API key, at the key's own rate: one fixed-window counter per key and minute (``core.ratelimit``).

    Its cost stays fixed at 10,000 requests a minute, where DRF's rate throttles keep and pickle every
    request's time of the window.
    """

    window_seconds = 60

    def get_limit(self, request, view):
        rate = server_client_rate(request)
        if rate is None:
            return None
        return Limit("server_client", rate, self.window_seconds), request.auth.pk
