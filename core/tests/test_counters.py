"""core.counters: atomic counters whose window is set when they are made, on Redis, the database (PostgreSQL or
whatever the test database is, and SQLite) and local memory."""

import os
import threading
import time

import pytest
from django.core.cache import caches
from django.db import connection
from django.db.utils import ConnectionHandler

from core import counters
from core.models import Counter

REDIS_URL = os.environ.get("REDIS_URL")
HOUR = 60 * 60
THREADS, EACH = 8, 40
# Committed for real: the threads' own connections see the counters' rows.
pytestmark = pytest.mark.django_db(transaction=True)


def redis_or_skip():
    if not REDIS_URL:
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail("REDIS_URL is not set")
        pytest.skip("needs a Redis server (REDIS_URL)")


@pytest.fixture(params=["redis", "database", "locmem"])
def backend(request, settings):
    """The default cache on each kind of backend; the database one on the test database."""
    if request.param == "redis":
        redis_or_skip()
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache_backends.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": f"test-counters-{os.getpid()}",
            }
        }
    elif request.param == "database":
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "platziflix_cache"}
        }
    else:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test-counters"}
        }
    caches["default"].clear()
    yield request.param
    caches["default"].clear()
    if request.param == "redis":
        counters.delete("c")


def count_in_threads(increment, *, close=lambda: None):
    answers, lock = [], threading.Lock()
    barrier = threading.Barrier(THREADS)

    def work():
        try:
            barrier.wait()
            mine = [increment() for _ in range(EACH)]
            with lock:
                answers.extend(mine)
        finally:
            close()

    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def close_database_connections():
    from django.db import connections

    connections.close_all()


def test_concurrent_increments_lose_nothing(backend):
    if backend == "database" and connection.vendor == "sqlite":
        pytest.skip("SQLite's in-memory test database locks out concurrent writers; a file: see the SQLite tests")
    answers = count_in_threads(lambda: counters.increment("c", timeout=HOUR), close=close_database_connections)

    assert sorted(answers) == list(range(1, THREADS * EACH + 1))
    assert counters.get("c") == THREADS * EACH


@pytest.mark.parametrize("backend", ["database", "locmem"], indirect=True)  # Redis keeps its own clock: see below
def test_the_window_still_holds_ten_minutes_later_and_ends_when_it_was_set_to(backend, clock):
    first = [counters.increment("c", timeout=HOUR) for _ in range(3)]

    clock.move(10 * 60)
    ten_minutes_later = counters.increment("c", timeout=HOUR)
    clock.move(HOUR - 10 * 60 - 1)
    last_second = counters.get("c")
    clock.move(2)
    ended = counters.get("c")
    next_window = counters.increment("c", timeout=HOUR)

    assert first == [1, 2, 3]
    assert ten_minutes_later == 4
    assert last_second == 4
    assert ended is None
    assert next_window == 1


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
def test_redis_increments_never_move_the_counters_end(backend):
    cache = caches["default"]
    client = cache._cache.get_client(write=True)
    key = cache.make_key("c")

    counters.increment("c", timeout=HOUR)
    ends_at = client.pexpiretime(key)
    later = [counters.increment("c", timeout=10 * HOUR) for _ in range(5)]

    assert later == [2, 3, 4, 5, 6]
    assert client.pexpiretime(key) == ends_at
    assert 0 < ends_at / 1000 - time.time() <= HOUR


def test_a_counter_without_timeout_starts_where_asked_and_never_ends(backend, clock):
    start = time.time_ns()

    made = counters.increment("c", timeout=None, start=start)
    clock.move(10 * 365 * 24 * HOUR)
    added = counters.increment("c", timeout=None, start=start)

    assert (made, added) == (start, start + 1)
    assert counters.get("c") == start + 1


def test_decrement_gives_back_one(backend):
    counters.increment("c", timeout=60)
    counters.increment("c", timeout=60)

    assert counters.decrement("c") == 1
    assert counters.get("c") == 1


@pytest.mark.parametrize("backend", ["database", "locmem"], indirect=True)
def test_decrement_never_revives_an_ended_counter(backend, clock):
    counters.increment("c", timeout=60)
    clock.move(61)

    assert counters.decrement("c") is None
    assert counters.get("c") is None


@pytest.mark.parametrize("backend", ["redis"], indirect=True)
def test_decrement_never_revives_a_missing_counter_on_redis(backend):
    assert counters.decrement("c") is None
    assert caches["default"].get("c") is None


def test_get_many_answers_only_the_counters_that_exist(backend):
    counters.increment("c", timeout=60)
    counters.increment("c", timeout=60)

    assert counters.get_many(["c", "missing"]) == {"c": 2}


def test_delete_ends_a_counter(backend):
    counters.increment("c", timeout=60)

    counters.delete("c")

    assert counters.get("c") is None
    assert counters.increment("c", timeout=60) == 1


@pytest.mark.parametrize("backend", ["redis", "locmem"], indirect=True)
def test_the_cache_reads_counters_kept_in_the_cache(backend):
    counters.increment("c", timeout=60)
    counters.increment("c", timeout=60)

    assert caches["default"].get("c") == 2


def test_a_timeout_of_zero_is_refused():
    with pytest.raises(ValueError, match="positive"):
        counters.increment("c", timeout=0)


@pytest.fixture
def sqlite_counters(tmp_path, settings):
    """Counters on a SQLite file of their own (whatever the test database is), each thread with its own
    connection, as Django gives them."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "platziflix_cache"}
    }
    handler = ConnectionHandler({"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": tmp_path / "c.db"}})
    with handler["default"].schema_editor() as editor:
        editor.create_model(Counter)
    yield counters.DatabaseCounters(caches["default"], handler, "default"), handler
    handler.close_all()


def test_concurrent_increments_lose_nothing_on_sqlite(sqlite_counters):
    sqlite, handler = sqlite_counters

    answers = count_in_threads(lambda: sqlite.increment("c", timeout=HOUR, start=1), close=handler.close_all)

    assert sorted(answers) == list(range(1, THREADS * EACH + 1))
    assert sqlite.get_many(["c"]) == {"c": THREADS * EACH}


def test_the_window_still_holds_ten_minutes_later_on_sqlite(sqlite_counters, clock):
    sqlite, _ = sqlite_counters

    first = [sqlite.increment("c", timeout=HOUR, start=1) for _ in range(3)]
    clock.move(10 * 60)
    ten_minutes_later = sqlite.increment("c", timeout=HOUR, start=1)
    clock.move(HOUR)
    next_window = sqlite.increment("c", timeout=HOUR, start=1)

    assert (first, ten_minutes_later, next_window) == ([1, 2, 3], 4, 1)
