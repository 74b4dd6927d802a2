"""The project's Redis cache backend answers like Django's, with fewer round trips."""

import os

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache

from core.cache_backends import RedisCache

REDIS_URL = os.environ.get("REDIS_URL")
pytestmark = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")


@pytest.fixture
def cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"test-cache-backends-{os.getpid()}",
        }
    }
    cache = caches["default"]
    assert isinstance(cache, RedisCache)
    keys = ["counter", "missing", "n"]
    cache.delete_many(keys)
    yield cache
    cache.delete_many(keys)


@pytest.fixture
def djangos_cache(cache):
    """Django's own Redis backend on the same server, under a prefix of its own."""
    djangos = DjangoRedisCache(REDIS_URL, {"KEY_PREFIX": cache.key_prefix + "-django"})
    yield djangos
    djangos.delete("n")


def _round_trips(cache, monkeypatch):
    commands = []
    client = cache._cache.get_client(write=True)
    execute = client.execute_command
    monkeypatch.setattr(client, "execute_command", lambda *args, **kw: commands.append(args[0]) or execute(*args, **kw))
    return commands


def test_incr_adds_to_a_counter_in_one_round_trip(cache, monkeypatch):
    cache.set("counter", 5, timeout=60)
    commands = _round_trips(cache, monkeypatch)

    answers = cache.incr("counter"), cache.incr("counter", 10)

    assert answers == (6, 16)
    assert cache.get("counter") == 16
    assert commands == ["EVAL", "EVAL", "GET"]
    assert 0 < cache._cache.get_client().ttl(cache.make_key("counter")) <= 60


def test_incr_refuses_a_missing_key_like_djangos_and_creates_nothing(cache):
    with pytest.raises(ValueError, match="not found"):
        cache.incr("missing")

    assert cache.get("missing") is None
    assert cache.add("missing", 1, timeout=60)


def test_incr_and_decr_answer_what_djangos_backend_answers(cache, djangos_cache):
    for backend in (cache, djangos_cache):
        backend.set("n", 1)

    ours = [cache.incr("n"), cache.incr("n", 5), cache.decr("n", 2), cache.decr("n")]
    djangos = [djangos_cache.incr("n"), djangos_cache.incr("n", 5), djangos_cache.decr("n", 2), djangos_cache.decr("n")]

    assert ours == djangos == [2, 7, 5, 4]
