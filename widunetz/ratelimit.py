"""A small fixed-window rate limit on the shared cache, per client address."""

import hashlib

from django.conf import settings
from django.core.cache import caches

from widunetz.cache import UNAVAILABLE, strict
from widunetz.client import client_address


def client_key(request, scope):
    # Only a hash of the address is kept, and only for the length of the window.
    address = client_address(request)
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def count(cache, key, window):
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


def hit(request, scope, limit, window):
    """Count one attempt; True while the client is still within ``limit`` per ``window`` s."""
    key = client_key(request, scope)
    try:
        attempts = count(strict(), key, window)
    except UNAVAILABLE:
        # The shared cache is away: count in this process instead. Each worker then
        # allows ``limit`` on its own, more than one limit but never unlimited.
        attempts = count(caches["local"], key, window)
    return attempts <= limit
