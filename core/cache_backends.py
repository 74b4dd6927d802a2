"""Django's Redis cache without one fixed cost per call.

Django's client makes a new redis-py client object for every cache call (``get_client``), and redis-py builds a
table of some two hundred reply callbacks in each: a tenth of a millisecond a call, and a page makes several
(session, throttle, cached fragments). The client object is thread-safe and bound to its connection pool, so one
per pool serves every call; Django keeps a cache backend, and so these clients, per thread.
"""

from django.core.cache.backends import redis


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


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
