"""The public content's generations count with core.counters, so they hold on the database cache table too."""

import os
import threading

import pytest
from django.core.cache import caches
from django.db import connection
from redis.exceptions import ConnectionError as RedisConnectionError

from core import public_cache

DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "platziflix_cache"}}


@pytest.fixture
def database_cache(settings):
    settings.CACHES = DATABASE_CACHE
    caches["default"].clear()
    yield
    caches["default"].clear()


def generation(key):
    return public_cache.read_many([public_cache.generation_key(key)]).get(public_cache.generation_key(key))


@pytest.mark.django_db
def test_a_generation_on_the_database_cache_still_holds_ten_minutes_after_a_write(database_cache, clock):
    public_cache._move(["course:1"])
    moved = generation("course:1")

    clock.move(10 * 60)

    assert moved is not None
    assert generation("course:1") == moved


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="SQLite's in-memory test database locks out concurrent writers"
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_on_the_database_cache_each_move_the_generation(database_cache):
    public_cache._move(["course:1"])
    before = generation("course:1")
    barrier = threading.Barrier(8)

    def write():
        barrier.wait()
        try:
            public_cache._move(["course:1"])
        finally:
            connection.close()

    threads = [threading.Thread(target=write) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert generation("course:1") == before + 8


@pytest.mark.django_db
def test_a_write_makes_the_cached_fragments_key_change_on_the_database_cache(database_cache):
    before = public_cache.fragments(course=1)["key"]

    public_cache._move(["course:1"])

    assert public_cache.fragments(course=1)["key"] != before


@pytest.fixture
def redis_cache(settings):
    if not os.environ.get("REDIS_URL"):
        if os.environ.get("REQUIRE_REDIS"):
            pytest.fail("REDIS_URL is not set")
        pytest.skip("needs a Redis server (REDIS_URL)")
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"test-generations-{os.getpid()}",
        }
    }
    cache = caches["default"]
    cache.outage.forget()
    yield cache
    cache.outage.forget()
    cache.clear()


def test_when_redis_answers_again_after_an_outage_every_entry_ends_before_anything_is_read(redis_cache):
    public_cache._move(["course:1"])
    before = generation(public_cache.ALL)
    redis_cache.outage.failed(RedisConnectionError("refused"))  # writes made now could not move generations
    redis_cache.outage.skip_until = 0.0  # the retry pause is over

    after = generation(public_cache.ALL)  # the first read after the outage

    assert after is not None
    assert after != before
    assert not redis_cache.outage.is_known()
