from django.conf import settings
from rest_framework import throttling


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
