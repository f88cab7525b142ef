"""The shared cache may be away: what it raises then, and whether it is there now.

Settings name the same store twice. "default" (the pages) ignores a
Redis that cannot be reached, so a page is rendered afresh instead: slower, but
right. "strict" lets the error through for the few callers that must know: the
rate limit (which then counts in this process rather than not at all), the
content version and /healthz.
"""

from django.core.cache import caches
from django.db import DatabaseError
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# Redis refusing or not answering in time; the database cache's table failing.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, DatabaseError)


def strict():
    return caches["strict"]


def available():
    try:
        strict().get("widunetz:probe")
    except UNAVAILABLE:
        return False
    return True
