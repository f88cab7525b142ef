"""The shared cache in Redis, with one client per connection pool instead of one per call.

Django's Redis backend builds a new ``redis.Redis`` object for every get and set;
with a page asking the cache half a dozen times that was a tenth of the CPU of a
page rendered from cached pieces. A client is safe to share: it only hands out
connections from its pool.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        if index not in self._clients:
            self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return self._clients[index]


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
