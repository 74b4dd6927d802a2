"""Django's Redis cache, with fewer round trips, atomic counters, and no error when Redis is away.

Django's client makes a new redis-py client object for every cache call (``get_client``), and redis-py builds a
table of some two hundred reply callbacks in each: a tenth of a millisecond a call, and a page makes several
(session, throttle, cached fragments). The client object is thread-safe and bound to its connection pool, so one
per pool serves every call; Django keeps a cache backend, and so these clients, per thread.

``incr`` takes one round trip instead of two, and ``increment`` (what ``core.counters`` calls) adds to a counter or
makes it with its window in one step on the server.

When Redis does not answer (stopped, restarting, unreachable), the cache behaves as an empty one that keeps
nothing: reads miss, writes are skipped, and the pages go on, rendered afresh. Counters cannot pretend, so
``incr``, ``decr`` and ``increment`` raise ``CacheUnavailable`` and their callers decide (``core.ratelimit``: API
throttles let the request through; log-in, sign-up and password reset refuse with a 503). Short socket timeouts
keep a dead server cheap, and after a failure every call skips Redis for ``RETRY_SECONDS`` rather than each
waiting for its own timeout. The outage is logged once per ``LOG_EVERY_SECONDS`` per process, not per request.
"""

import logging
import re
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# The scripts answer a counter's value as Redis stores it (a string): Lua turns an integer reply into a double,
# which would round a counter past 2**53 (a generation that starts at time.time_ns()).

# Adds to a counter that exists and answers its new value, or answers nil for a missing one.
INCREMENT_IF_PRESENT = """
if redis.call("EXISTS", KEYS[1]) == 1 then
    redis.call("INCRBY", KEYS[1], ARGV[1])
    return redis.call("GET", KEYS[1])
end
"""

# Adds ARGV[1] to a counter that exists, keeping its expiry; a missing one is made with the value ARGV[2] and,
# when ARGV[3] is not empty, an expiry in ARGV[3] milliseconds. Answers the counter's value.
INCREMENT_OR_START = """
if redis.call("EXISTS", KEYS[1]) == 1 then
    redis.call("INCRBY", KEYS[1], ARGV[1])
    return redis.call("GET", KEYS[1])
end
if ARGV[3] == "" then
    redis.call("SET", KEYS[1], ARGV[2])
else
    redis.call("SET", KEYS[1], ARGV[2], "PX", ARGV[3])
end
return ARGV[2]
"""

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


# Sent once a Redis cache answers again after a known outage, before any other call of that process reads it.
cache_answers_again = Signal()
OUTAGE_PROBE_KEY = "platziflix:outage-probe"


class CacheUnavailable(Exception):
    """The cache server does not answer, and the operation (a counter) has no harmless stand-in answer."""


class Outage:
    """Whether a Redis server is known to be away, shared by the threads of a process; logs the outage once per
    ``log_every`` seconds and its end once."""

    def __init__(self, location, *, retry_seconds, log_every):
        self.location, self.retry_seconds, self.log_every = location, retry_seconds, log_every
        self.lock = threading.Lock()
        self.skip_until = 0.0
        self.logged_at = None
        self.failures = 0

    def forget(self):
        """As if Redis had always answered (for tests that stop and start it)."""
        with self.lock:
            self.skip_until, self.logged_at, self.failures = 0.0, None, 0

    def skipping(self):
        return time.monotonic() < self.skip_until

    def failed(self, error):
        now = time.monotonic()
        with self.lock:
            self.skip_until = now + self.retry_seconds
            self.failures += 1
            if self.logged_at is not None and now - self.logged_at < self.log_every:
                return
            self.logged_at, failures, self.failures = now, self.failures, 0
        logger.warning(
            "Redis cache at %s does not answer (%s): reads miss, writes are skipped, counters refuse "
            "(%d failed calls since the last line).",
            self.location,
            error,
            failures,
        )

    def is_known(self):
        """Whether an outage was logged and has not been seen to end."""
        return self.logged_at is not None

    def answered(self):
        """Redis answered: ends a known outage (one log line). True for the one call that ends it."""
        if self.logged_at is None:
            return False
        with self.lock:
            if self.logged_at is None:
                return False
            self.logged_at, self.failures = None, 0
        logger.warning("Redis cache at %s answers again.", self.location)
        return True


def without_credentials(server):
    """The servers' addresses as logs may show them: no user name or password."""
    servers = re.split("[;,]", server) if isinstance(server, str) else server
    return ",".join(urlsplit(url)._replace(netloc=urlsplit(url).netloc.rpartition("@")[2]).geturl() for url in servers)


_outages = {}
_outages_lock = threading.Lock()


def outage_of(location, **options):
    with _outages_lock:
        return _outages.setdefault(location, Outage(location, **options))


class ReusedClientRedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client

    def incr(self, key, delta):
        """Django's asks whether the key exists, then increments it: two round trips, and a key that expires
        between them comes back without its timeout. This script does both in one step on the server."""
        value = self.get_client(key, write=True).eval(INCREMENT_IF_PRESENT, 1, key, delta)
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return int(value)

    def increment(self, key, amount, start, timeout_ms):
        client = self.get_client(key, write=True)
        expiry = "" if timeout_ms is None else str(timeout_ms)
        return int(client.eval(INCREMENT_OR_START, 1, key, amount, start, expiry))


class RedisCache(redis.RedisCache):
    # A live Redis on the same network answers in well under a millisecond; these bound what a dead one costs.
    DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
    RETRY_SECONDS = 1.0
    LOG_EVERY_SECONDS = 30.0

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**self.DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
        self.outage = outage_of(
            without_credentials(server), retry_seconds=self.RETRY_SECONDS, log_every=self.LOG_EVERY_SECONDS
        )

    def _call(self, operation, *args, **kwargs):
        """Runs ``operation``; raises ``CacheUnavailable`` when Redis is away (or was a moment ago)."""
        if self.outage.skipping():
            raise CacheUnavailable("the Redis cache did not answer a moment ago")
        try:
            if self.outage.is_known():
                self._announce_return()
            result = operation(*args, **kwargs)
        except UNREACHABLE as error:
            self.outage.failed(error)
            raise CacheUnavailable(str(error)) from error
        self.outage.answered()
        return result

    def _announce_return(self):
        """After an outage, Redis may come back with what it held before it (a restart from its saved data, a
        network that healed), while writes made meanwhile could not move the public content's generations. So the
        first call after an outage asks whether Redis answers, and if so tells ``cache_answers_again`` (the public
        cache ends every entry) before anything is read from it."""
        super().has_key(OUTAGE_PROBE_KEY)
        if self.outage.answered():
            cache_answers_again.send(sender=type(self), cache=self)

    def _or(self, fallback, operation, *args, **kwargs):
        try:
            return self._call(operation, *args, **kwargs)
        except CacheUnavailable:
            return fallback

    # Reads miss.
    def get(self, key, default=None, version=None):
        return self._or(default, super().get, key, default, version)

    def get_many(self, keys, version=None):
        return self._or({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._or(False, super().has_key, key, version)

    # Writes are skipped, and say so where Django's API has a way to.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().add, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._or(None, super().set, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(list(data), super().set_many, data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._or(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._or(False, super().delete, key, version)

    def delete_many(self, keys, version=None):
        self._or(None, super().delete_many, keys, version)

    def clear(self):
        return self._or(False, super().clear)

    # Counters raise CacheUnavailable.
    def incr(self, key, delta=1, version=None):
        return self._call(super().incr, key, delta, version)

    def increment(self, key, *, amount=1, start=1, timeout=None):
        """Adds ``amount`` to the counter ``key`` and answers its value; a missing counter is made with ``start``
        and ends ``timeout`` seconds later (None: never). Later calls never move that end. ``cache.get`` reads
        the counter (Django's serializer stores integers as they are)."""
        key = self.make_and_validate_key(key)
        timeout_ms = None if timeout is None else max(1, round(timeout * 1000))
        return self._call(self._cache.increment, key, amount, start, timeout_ms)

    def increment_if_present(self, key, *, amount):
        """Adds ``amount`` to the counter ``key`` when it exists; answers its value, or None when it does not."""
        try:
            return self.incr(key, amount)
        except ValueError:
            return None
