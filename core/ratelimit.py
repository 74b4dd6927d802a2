"""Fixed-window counters in the shared cache, for the limits that are not API throttles: failed log-ins,
password-reset emails, sign-ups.

The cache is Redis when ``REDIS_URL`` is set and the database's cache table otherwise (with DEBUG off), so every
worker and every machine counts together. A limit counts per key (an address from ``core.clients``, an account);
``RateLimited`` carries the seconds until the window ends, and the project's error handling turns it into a
429 with ``Retry-After`` (the styled page, or JSON under /api/).
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


class RateLimited(Exception):
    def __init__(self, retry_after, scope=""):
        super().__init__(f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after
        self.scope = scope  # the limit's name, for the refusals counted on /metrics


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int

    def _window(self, key):
        now = time.time()
        digest = hashlib.sha256(str(key).encode()).hexdigest()[:32]
        remaining = math.ceil(self.seconds - now % self.seconds)
        return f"ratelimit:{self.scope}:{digest}:{int(now // self.seconds)}", remaining

    def retry_after(self, key):
        """Seconds to wait when ``key`` has used up this window, else None."""
        cache_key, remaining = self._window(key)
        return remaining if (cache.get(cache_key) or 0) >= self.count else None

    def check(self, key):
        retry_after = self.retry_after(key)
        if retry_after is not None:
            raise RateLimited(retry_after, self.scope)

    def hit(self, key):
        """Counts one more for ``key``; returns ``(count in this window, seconds until the window ends)``."""
        cache_key, remaining = self._window(key)
        try:
            count = cache.incr(cache_key)
        except ValueError:  # the window's first request
            count = 1 if cache.add(cache_key, 1, timeout=remaining + 1) else cache.incr(cache_key)
        return count, remaining

    def reset(self, key):
        cache.delete(self._window(key)[0])


def check_and_hit(limits_and_keys):
    """Refuses when any (limit, key) pair has used up its window, else counts one more for each."""
    for limit, key in limits_and_keys:
        limit.check(key)
    for limit, key in limits_and_keys:
        limit.hit(key)


def limit(scope):
    """The limit named ``scope`` in ``settings.RATE_LIMITS`` (read at call time, so a change needs no restart)."""
    count, seconds = settings.RATE_LIMITS[scope]
    return Limit(scope, count, seconds)
