"""Pieces of public pages in the shared cache: what a page-cache miss can reuse.

The page cache (widunetz.pagecache) answers an address it has seen before. A new
address – another page of a list, another language, another combination of
filters – still shares most of its work with pages rendered before: a person's
card looks the same in every list, every page of a list has the same count, the
choices of a filter are the same for every filter combination. Those pieces are
kept here, under the same content version as the pages, so an edit replaces all
of them at once on every worker and every instance.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from .pagecache import content_version, keeping


def enabled():
    # Not for a request with parameters its page does not read: they would name
    # new pieces (a list's count, the filter form) without end.
    return settings.FRAGMENT_CACHE_SECONDS > 0 and keeping()


def key(*parts, version=None):
    return ":".join(("widunetz:fragment", version or content_version(), *map(str, parts)))


def digest(value):
    return hashlib.sha256(repr(value).encode()).hexdigest()


def get_or_compute(parts, compute):
    """``compute()``, or what it returned before for ``parts`` under this content version."""
    if not enabled():
        return compute()
    name = key(*parts)
    value = cache.get(name)
    if value is None:
        value = compute()
        cache.set(name, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


def get_or_render_many(items, parts_of, render_missing):
    """A rendered piece for each of ``items``, in order, fetched from the cache together.

    ``parts_of(item)`` names an item's piece; ``render_missing(items)`` renders the
    pieces not in the cache, in the order given.
    """
    items = list(items)
    if not enabled():
        return list(render_missing(items))
    version = content_version()
    names = [key(*parts_of(item), version=version) for item in items]
    found = cache.get_many(names)
    missing = [i for i, name in enumerate(names) if name not in found]
    if missing:
        rendered = render_missing([items[i] for i in missing])
        fresh = {names[i]: piece for i, piece in zip(missing, rendered, strict=True)}
        cache.set_many(fresh, settings.FRAGMENT_CACHE_SECONDS)
        found.update(fresh)
    return [found[name] for name in names]
