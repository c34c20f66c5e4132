"""The portal's Redis cache: Django's, with one redis-py client kept per connection pool, and a clear() that
deletes only the portal's own keys.

Django's Redis cache makes a new redis-py client for every call, and each client builds its table of some 170
reply parsers; a page that reads the cache twice paid for that twice. redis-py clients are safe to share between
threads and reset their pool's connections after a fork, so one per pool is kept for the life of the process.
"""

import re

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

    def clear(self):
        """Delete the keys under this cache's KEY_PREFIX. Django's clear() empties the whole Redis database, and
        the database may be shared: with another copy of the portal, with a test run, or with a broker set up on
        the same number by mistake."""
        client = self._cache.get_client(write=True)
        pattern = re.sub(r"([*?\[\]\\])", r"\\\1", self.key_prefix) + ":*"
        batch = []
        for key in client.scan_iter(match=pattern, count=1000):
            batch.append(key)
            if len(batch) == 1000:
                client.unlink(*batch)
                batch.clear()
        if batch:
            client.unlink(*batch)
