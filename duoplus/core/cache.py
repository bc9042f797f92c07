"""Django's Redis cache, reusing its redis-py client per connection pool.

Django builds a new ``redis.Redis`` object for every cache call; building one costs about
as much as the round trip itself (it fills a table of some 170 response handlers). A page
answered from the cache makes three or four calls, so that was a third of its time. The
client is thread-safe (it takes a connection from the pool per command); Django keeps one
cache object per thread anyway."""

import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

_ERRORS = (RedisConnectionError, RedisTimeoutError, ConnectionError, TimeoutError, OSError)


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        # Django's RedisCacheClient internals (not in django-stubs).
        index = self._get_connection_pool_index(write)  # type: ignore[attr-defined]
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(index)
        if client is None:
            pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
            client = clients[index] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient


class ResilientRedisCache(ReusingRedisCache):
    """The cache as an accelerator, never a single point of failure.

    When Redis does not answer, a read is a miss and a write or delete does nothing (logged):
    sessions are then read from the database, pages rendered anew, users and memberships
    read from the database. After a failure Redis is left alone for ``RETRY_SECONDS`` (a
    request does not wait for it again and again). Deletes that could not be done (a logout,
    a changed membership) are remembered and done first once Redis answers again, so that
    nothing stale comes back from it."""

    RETRY_SECONDS = 5.0
    MAX_PENDING_DELETES = 10_000

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0
        self._pending_deletes: set[str] = set()

    def _available(self):
        if time.monotonic() < self._down_until:
            return False
        if self._pending_deletes:
            pending, self._pending_deletes = self._pending_deletes, set()
            try:
                self._cache.delete_many(list(pending))
            except _ERRORS:
                self._pending_deletes |= pending
                self._failed("delete_many")
                return False
        return True

    def _failed(self, operation):
        if time.monotonic() >= self._down_until:
            logger.warning("cache: Redis unavailable (%s); working without it", operation)
        self._down_until = time.monotonic() + self.RETRY_SECONDS

    def _keep_delete(self, keys):
        if len(self._pending_deletes) < self.MAX_PENDING_DELETES:
            self._pending_deletes.update(keys)


def _resilient(name, *, default=None, deletes=False):
    parent = getattr(ReusingRedisCache, name)

    def fallback(args, kwargs):
        if name == "get":  # the caller's own default
            return kwargs.get("default", args[1] if len(args) > 1 else None)
        return default() if callable(default) else default

    def method(self, *args, **kwargs):
        if not self._available():
            if deletes:
                self._keep_delete(_keys(self, name, args, kwargs))
            return fallback(args, kwargs)
        try:
            return parent(self, *args, **kwargs)
        except _ERRORS:
            if deletes:
                self._keep_delete(_keys(self, name, args, kwargs))
            self._failed(name)
            return fallback(args, kwargs)

    method.__name__ = name
    return method


def _keys(cache, name, args, kwargs):
    """The full Redis keys a failed delete was about (to do it later)."""
    version = kwargs.get("version")
    if name == "delete_many":
        keys = args[0] if args else kwargs.get("keys", [])
    else:
        keys = [args[0] if args else kwargs["key"]]
    return [cache.make_and_validate_key(key, version=version) for key in keys]


for _name, _default, _deletes in (
    ("get", None, False),
    ("get_many", dict, False),
    ("has_key", False, False),
    ("set", None, False),
    ("set_many", list, False),
    ("add", False, False),
    ("touch", False, False),
    ("incr", None, False),
    ("delete", False, True),
    ("delete_many", None, True),
    ("clear", False, False),
):
    setattr(ResilientRedisCache, _name, _resilient(_name, default=_default, deletes=_deletes))
