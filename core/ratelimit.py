"""Fixed-window limits for log-ins, password-reset emails, sign-ups, and the API throttles, on ``core.counters``.

The counters live in Redis when ``REDIS_URL`` is set and in the database otherwise (with DEBUG off), so every
worker and every machine counts together; each increment is atomic and a window, once started, ends on time
whatever comes after. A limit counts per key (an address from ``core.clients``, an account).

An attempt *reserves* its place first (one atomic increment) and is refused when that place is past the limit, so
attempts sent at once can never all pass a check made before any of them counted. ``RateLimited`` carries the
seconds until the window ends: a 429 with ``Retry-After`` (the styled page, or JSON under /api/).

When the counters cannot be reached (Redis away), ``LimitsUnavailable`` is raised: log-in, sign-up and password
reset answer 503 with ``Retry-After`` rather than let guesses through uncounted, while the API throttles, which
only shape load, let requests through (``api.throttles``).
"""

import contextlib
import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings

from core import counters

LIMITS_RETRY_AFTER_SECONDS = 10


class RateLimited(Exception):
    def __init__(self, retry_after, scope=""):
        super().__init__(f"rate limited; retry after {retry_after} s")
        self.retry_after = retry_after
        self.scope = scope  # the limit's name, for the refusals counted on /metrics


class LimitsUnavailable(Exception):
    """The counters do not answer, so nothing that a limit guards may go on: a 503 with ``Retry-After``."""

    retry_after = LIMITS_RETRY_AFTER_SECONDS


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

    def hit(self, key):
        """Counts one more for ``key``; returns ``(count in this window, seconds until the window ends)``."""
        counter, remaining = self._window(key)
        try:
            return counters.increment(counter, timeout=remaining + 1), remaining
        except counters.CounterUnavailable as error:
            raise LimitsUnavailable() from error

    def reserve(self, key):
        """Takes a place in ``key``'s window, or raises ``RateLimited`` (giving the place back) when none is left."""
        count, remaining = self.hit(key)
        if count > self.count:
            self.give_back(key)
            raise RateLimited(remaining, self.scope)

    def give_back(self, key):
        """Returns a place taken by ``reserve``: the attempt turned out not to count (a right password)."""
        # If the counters are away, the place stays taken until the window ends: a stricter limit, never a looser.
        with contextlib.suppress(counters.CounterUnavailable):
            counters.decrement(self._window(key)[0])


def reserve_all(limits_and_keys):
    """Reserves a place for each (limit, key) pair, or none: when one is refused, the places taken are given back
    and ``RateLimited`` is raised."""
    taken = []
    try:
        for limit, key in limits_and_keys:
            limit.reserve(key)
            taken.append((limit, key))
    except (RateLimited, LimitsUnavailable):
        for limit, key in taken:
            limit.give_back(key)
        raise


def limit(scope):
    """The limit named ``scope`` in ``settings.RATE_LIMITS`` (read at call time, so a change needs no restart)."""
    count, seconds = settings.RATE_LIMITS[scope]
    return Limit(scope, count, seconds)
