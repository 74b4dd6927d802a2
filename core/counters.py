"""Atomic counters with a fixed window, on every cache backend the project runs on.

``increment(key, timeout=...)`` adds one and answers the new value, with no lost update however many processes
and machines count at once. The counter's window is set when it is made (the first increment, or the first after
the window ended) and no later increment moves or resets it. Rate limits, API throttles and the public content's
generations count with it.

Where the count lives:

- **Redis** (``core.cache_backends.RedisCache``): a cache entry made and added to by one Lua script, one round
  trip; ``cache.get`` reads it. If Redis does not answer, ``CounterUnavailable`` is raised.
- **The database** (``DatabaseCache``): a row of its own table, ``core_counter`` (``core.models.Counter``), written
  by one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` on PostgreSQL and SQLite. The cache table cannot
  hold it: its values are base64 pickles, which SQL cannot add to, so only a read then a write (Django's ``incr``,
  which also resets the timeout to the default 300 s) could change them. Read it with ``get`` or ``get_many``,
  not ``cache.get``. The statement joins the caller's transaction, if any, and locks the row until it ends: count
  outside a transaction (or in ``transaction.on_commit``) where many writers share one counter.
- **Local memory** (``LocMemCache``, development and tests): ``add`` then ``incr`` under one lock for the process,
  which is all that shares that cache; ``cache.get`` reads it.
- Any other backend: the same ``add`` then ``incr``, atomic only where the backend's own are (memcached).
"""

import itertools
import threading
import time

from django.apps import apps
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router

from core.cache_backends import CacheUnavailable, RedisCache

CounterUnavailable = CacheUnavailable  # the counters' store does not answer


def increment(key, *, timeout, start=1, cache="default"):
    """Adds one to the counter ``key`` and answers its new value. A missing (or ended) counter is made with the
    value ``start`` and ends ``timeout`` seconds later (None: never); later increments never move that end."""
    if timeout is not None and timeout <= 0:
        raise ValueError("timeout must be positive, or None for a counter that never ends")
    return counters_of(caches[cache]).increment(key, timeout=timeout, start=start)


def decrement(key, *, cache="default"):
    """Takes one back from the counter ``key`` if it still exists (a reservation given back); an ended counter
    stays ended. Answers the new value, or None."""
    return counters_of(caches[cache]).decrement(key)


def get(key, *, cache="default"):
    """The counter's value, or None when it does not exist or has ended."""
    return get_many([key], cache=cache).get(key)


def get_many(keys, *, cache="default"):
    """``{key: value}`` for the counters among ``keys`` that exist."""
    return counters_of(caches[cache]).get_many(list(keys))


def delete(key, *, cache="default"):
    counters_of(caches[cache]).delete(key)


def counter_model():
    """``core.models.Counter``, looked up when needed: core.models imports the public cache, which counts here."""
    return apps.get_model("core", "Counter")


def live_in_cache(cache="default"):
    """Whether ``cache.get`` reads the counters (Redis, local memory), or they are rows of their own table."""
    return not isinstance(caches[cache], DatabaseCache)


def counters_of(cache):
    if isinstance(cache, RedisCache):
        return RedisCounters(cache)
    if isinstance(cache, DatabaseCache):
        return DatabaseCounters(cache, connections, router.db_for_write(counter_model()))
    return LocalCounters(cache)


class RedisCounters:
    def __init__(self, cache):
        self.cache = cache

    def increment(self, key, *, timeout, start):
        return self.cache.increment(key, start=start, timeout=timeout)

    def decrement(self, key):
        return self.cache.increment_if_present(key, amount=-1)

    def get_many(self, keys):
        return self.cache.get_many(keys)

    def delete(self, key):
        self.cache.delete(key)


class LocalCounters:
    lock = threading.Lock()  # one for the process: local memory is shared by its threads, never beyond it

    def __init__(self, cache):
        self.cache = cache

    def increment(self, key, *, timeout, start):
        with self.lock:
            if self.cache.add(key, start, timeout=timeout):
                return start
            try:
                return self.cache.incr(key)  # keeps the entry's expiry
            except ValueError:  # ended between the two calls
                self.cache.set(key, start, timeout=timeout)
                return start

    def decrement(self, key):
        with self.lock:
            try:
                return self.cache.decr(key)
            except ValueError:
                return None

    def get_many(self, keys):
        return self.cache.get_many(keys)

    def delete(self, key):
        self.cache.delete(key)


class DatabaseCounters:
    """Counters in ``core_counter``, on the database that ``connections[alias]`` reaches. Every
    ``CULL_EVERY``-th increment in a process also deletes the rows whose window has ended."""

    CULL_EVERY = 500
    _increments = itertools.count(1)

    def __init__(self, cache, connections, alias):
        self.cache, self.connections, self.alias = cache, connections, alias

    def _sql(self, statement, params, *, answers=True):
        connection = self.connections[self.alias]
        if connection.vendor not in ("postgresql", "sqlite"):
            raise NotImplementedError(f"counters on {connection.vendor} are not written yet")
        table = connection.ops.quote_name(counter_model()._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(statement.format(table=table), params)
            return cursor.fetchall() if answers else None

    def increment(self, key, *, timeout, start):
        key = self.cache.make_and_validate_key(key)
        now = time.time()
        expires = None if timeout is None else now + timeout
        # In ON CONFLICT's SET, every column named without "excluded." is the row's value before this statement.
        [(value,)] = self._sql(
            """
            INSERT INTO {table} ("key", "value", "expires") VALUES (%s, %s, %s)
            ON CONFLICT ("key") DO UPDATE SET
                "value" = CASE WHEN {table}."expires" <= %s THEN excluded."value" ELSE {table}."value" + 1 END,
                "expires" = CASE WHEN {table}."expires" <= %s THEN excluded."expires" ELSE {table}."expires" END
            RETURNING "value"
            """,
            [key, start, expires, now, now],
        )
        if next(self._increments) % self.CULL_EVERY == 0:
            self._sql('DELETE FROM {table} WHERE "expires" <= %s', [now], answers=False)
        return value

    def decrement(self, key):
        rows = self._sql(
            """
            UPDATE {table} SET "value" = "value" - 1
            WHERE "key" = %s AND ("expires" IS NULL OR "expires" > %s)
            RETURNING "value"
            """,
            [self.cache.make_and_validate_key(key), time.time()],
        )
        return rows[0][0] if rows else None

    def get_many(self, keys):
        if not keys:
            return {}
        stored = {self.cache.make_and_validate_key(key): key for key in keys}
        placeholders = ", ".join(["%s"] * len(stored))
        rows = self._sql(
            f'SELECT "key", "value" FROM {{table}} WHERE "key" IN ({placeholders}) '
            'AND ("expires" IS NULL OR "expires" > %s)',
            [*stored, time.time()],
        )
        return {stored[key]: value for key, value in rows}

    def delete(self, key):
        self._sql('DELETE FROM {table} WHERE "key" = %s', [self.cache.make_and_validate_key(key)], answers=False)
