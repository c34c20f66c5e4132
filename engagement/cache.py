"""The portal's Redis cache: Django's, with one redis-py client kept per connection pool.

Django's Redis cache makes a new redis-py client for every call, and each client builds its table of some 170
reply parsers; a page that reads the cache twice paid for that twice. redis-py clients are safe to share between
threads and reset their pool's connections after a fork, so one per pool is kept for the life of the process.
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient


class RedisCacheClient(DjangoRedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
