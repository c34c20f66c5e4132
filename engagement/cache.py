"""The portal's Redis cache: Django's, with one redis-py client kept per connection pool, a clear() that deletes
only the portal's own keys, and no outage of its own: when Redis cannot be reached, reads are misses and writes
do nothing, so every page falls back to the database.

Django's Redis cache makes a new redis-py client for every call, and each client builds its table of some 170
reply parsers; a page that reads the cache twice paid for that twice. redis-py clients are safe to share between
threads and reset their pool's connections after a fork, so one per pool is kept for the life of the process.
"""

import logging
import re

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient as DjangoRedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# What an outage looks like from here: refused or dropped connections, and timeouts. Anything else (a bad key, a
# value that cannot be pickled) is a bug and still raises.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


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


def _unreachable(operation: str, error: Exception) -> None:
    # One line, no traceback: an outage is an operator's matter (/healthz names it), not a bug in this request.
    logger.warning("Cache unreachable, %s skipped (the database answers instead): %s", operation, error)


class RedisCache(DjangoRedisCache):
    """The cache is an optimisation, not a dependency: a connection error is a miss on a read and a no-op on a
    write, logged as one warning line."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient

    def reachable(self) -> bool:
        """Whether Redis answers now. For what must not go ahead without the cache (rate limits)."""
        try:
            return bool(self._cache.get_client(write=True).ping())
        except UNREACHABLE as error:
            _unreachable("ping", error)
            return False

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNREACHABLE as error:
            _unreachable("get", error)
            return default

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNREACHABLE as error:
            _unreachable("get_many", error)
            return {}

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNREACHABLE as error:
            _unreachable("has_key", error)
            return False

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except UNREACHABLE as error:
            _unreachable("set", error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNREACHABLE as error:
            _unreachable("set_many", error)
            return list(data)  # Django's contract: the keys that were not stored

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except UNREACHABLE as error:
            _unreachable("add", error)
            return False

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNREACHABLE as error:
            _unreachable("touch", error)
            return False

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNREACHABLE as error:
            _unreachable("delete", error)
            return False

    def delete_many(self, keys, version=None):
        try:
            super().delete_many(keys, version)
        except UNREACHABLE as error:
            _unreachable("delete_many", error)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNREACHABLE as error:
            _unreachable("incr", error)
            # A miss: Django's contract for a key that is not there, which every caller of incr() handles.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable).") from None

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
