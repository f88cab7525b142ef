"""The shared cache in Redis, with one client per connection pool instead of one per call.

Django's Redis backend builds a new ``redis.Redis`` object for every get and set;
with a page asking the cache half a dozen times that was a tenth of the CPU of a
page rendered from cached pieces. A client is safe to share: it only hands out
connections from its pool.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
