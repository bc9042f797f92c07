"""Django's Redis cache, reusing its redis-py client per connection pool.

Django builds a new ``redis.Redis`` object for every cache call; building one costs about
as much as the round trip itself (it fills a table of some 170 response handlers). A page
answered from the cache makes three or four calls, so that was a third of its time. The
client is thread-safe (it takes a connection from the pool per command); Django keeps one
cache object per thread anyway."""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(index)
        if client is None:
            client = clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class ReusingRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
