"""Rendered public pages in the shared cache, invalidated by any edit.

Every gunicorn worker (and every instance behind a load balancer) shares the
cache, so the cache holds one "content version". Any save or delete of directory
content replaces it; pages cached under the old version are never read again
and expire on their own. An edit therefore shows on the very next request,
whichever worker answers it.
"""

import hashlib
import threading
import uuid
from contextlib import contextmanager
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import translation

from .cache import UNAVAILABLE, strict
from .middleware import COMPRESSORS, compressible, encode, page_encoding

VERSION_KEY = "widunetz:content-version"


def content_version():
    """The version every cached page is kept under; an edit replaces it."""
    if _missed_edit.is_set():
        replace_content_version()
    try:
        version = strict().get(VERSION_KEY)
        if version is None:
            strict().add(VERSION_KEY, uuid.uuid4().hex, None)
            version = strict().get(VERSION_KEY)
    except UNAVAILABLE:
        version = None
    # The shared cache is away: a version of this request's own, so nothing kept
    # before the outage is read. (Nothing is kept during it either.)
    return version or uuid.uuid4().hex


_batch = threading.local()
# An edit saved while the shared cache was away could not replace the version;
# pages kept before the outage would come back with it. This process replaces
# the version as soon as it reaches the cache again (at its next request).
_missed_edit = threading.Event()


def bump_content_version(**kwargs):
    """Replace the content version once the edit is committed (a signal receiver).

    Not at the save itself: the admin saves inside a transaction, and a worker
    that rendered a page between the save and the commit would still read the
    old rows, and keep them under the new version until the page expired.
    """
    if kwargs.get("raw"):  # loaddata: load_brochure saves every row again afterwards
        return
    if getattr(_batch, "depth", 0):
        _batch.changed = True
        return
    on_commit(replace_content_version)


# transaction.on_commit, by name so tests that run inside one transaction can
# have it run at once (tests/conftest.py).
on_commit = transaction.on_commit


def replace_content_version():
    version = uuid.uuid4().hex
    try:
        strict().set(VERSION_KEY, version, None)
    except UNAVAILABLE:
        _missed_edit.set()
    else:
        _missed_edit.clear()


@contextmanager
def one_invalidation():
    """Many saves (an import, a generator) invalidate the cached pages once, at the end."""
    _batch.depth = getattr(_batch, "depth", 0) + 1
    try:
        yield
    finally:
        _batch.depth -= 1
        if not _batch.depth and getattr(_batch, "changed", False):
            _batch.changed = False
            on_commit(replace_content_version)


def page_key(scheme, host, path, parameters, language=None):
    """The cache key of a page: language and the whole address (the version comes apart).

    Scheme and host belong to it: a page may name its own address. ``parameters``
    are the query parameters the page reads, as sorted ``(name, [values])`` pairs.
    """
    address = f"{scheme}://{host}{path}?{urlencode(parameters, doseq=True)}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    language = language or translation.get_language()
    return f"widunetz:page:{PAGE_FORMAT}:{language}:{digest}"


# How a page is kept (lookup()); a new format takes new keys, so instances of the
# old and the new code side by side (a rolling deploy) never read each other's.
PAGE_FORMAT = "encoded"


def path_language(request):
    """The language the address names, as LocaleMiddleware will activate it."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


def anonymous_get(request):
    # Only a real signed-in editor sees the live page, and anyone can send a cookie
    # with the session cookie's name: with one, CachedPageMixin reads the session.
    return request.method == "GET" and settings.SESSION_COOKIE_NAME not in request.COOKIES


class PageCacheMiddleware:
    """Answer a page the cache holds before the rest of Django runs; keep new ones.

    Right after WhiteNoise, so a cached page costs about what a static file does:
    no session, locale, URL resolution or view. A page is kept here, on its way
    out, with the headers the inner middleware gave it (language, framing), when
    its view said it may be (``CachedPageMixin`` sets ``request.page_cache``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        timeout = settings.PAGE_CACHE_SECONDS
        if not timeout or not anonymous_get(request) or request.path_info.startswith(NEVER_CACHED):
            return self.get_response(request)
        parameters = sorted(request.GET.lists())
        key = page_key(
            request.scheme, request.get_host(), request.path, parameters, path_language(request)
        )
        # The version is read before the view reads the database: a page rendered
        # while an edit commits is kept with the version that edit replaces, and
        # never served.
        encoding = page_encoding(request)
        cached, version = lookup(key, encoding)
        if cached is not None:
            return cached
        request.content_version = version
        response = self.get_response(request)
        if getattr(request, "page_cache", None) == (key, version) and storable(response):
            return keep(key, version, request, response, encoding, timeout)
        return response


# Never a cached page: the load balancer's health check must measure the database,
# and the admin is for signed-in editors (its login page too).
NEVER_CACHED = ("/healthz", "/verwaltung/")


# Recomputed for every response, or never to be shared between visitors.
UNCACHED = {"Content-Length", "Set-Cookie"}


def storable(response):
    return response.status_code == 200 and not response.streaming and not response.cookies


def keep(key, version, request, response, encoding, timeout):
    """Keep a page plain and in every encoding; send it in ``encoding``.

    Compressed once here, not on every hit: compressing a page took as long as
    answering it from the cache. The encodings add about 40 % to the plain page.
    """
    headers = {name: value for name, value in response.items() if name not in UNCACHED}
    bodies = {None: response.content}
    if compressible(request, response):
        bodies.update((name, compress(response.content)) for name, compress in COMPRESSORS.items())
        encode(response, encoding, bodies[encoding])
    cache.set(key, (version, bodies, headers), timeout)
    return response


def lookup(key, encoding=None):
    """(the cached response or None, the content version), in one round trip.

    A page is kept with the content version it was rendered under, and read
    together with the current version: two round trips to Redis were the larger
    part of answering a cached page. A page of an older version counts as
    missing, and the next one kept replaces it.
    """
    try:
        found = cache.get_many([VERSION_KEY, key])
    except UNAVAILABLE:
        # The cache lives in a database that is away: the view's own query then
        # answers 503 (DatabaseUnavailableMiddleware), as without a cache.
        found = {}
    # After an edit missed during an outage, content_version() replaces the version.
    version = (not _missed_edit.is_set() and found.get(VERSION_KEY)) or content_version()
    page = found.get(key)
    if page is None or page[0] != version:
        return None, version
    _version, bodies, headers = page
    response = HttpResponse(bodies[None])
    for name, value in headers.items():
        response[name] = value
    response["Content-Length"] = str(len(bodies[None]))
    if len(bodies) > 1:  # compressible, so kept in every encoding
        encode(response, encoding, bodies[encoding])
    return response, version


class CachedPageMixin:
    """Serve anonymous GET requests for this view from the shared cache.

    A page is kept per scheme, host, address, language and the query parameters
    it reads (its filters, its page number, ``query_parameters``); the view only
    says that it may be kept, PageCacheMiddleware keeps and answers it. A request
    with any other parameter is answered here from the page its known ones name,
    but nothing is kept for it: made-up parameters must not fill the cache.
    """

    query_parameters = ()

    def known_parameters(self):
        names = set(self.query_parameters)
        filterset_class = getattr(self, "filterset_class", None)
        if filterset_class is not None:
            names.update(filterset_class.base_filters)
        if getattr(self, "paginate_by", None):
            names.add(self.page_kwarg)
        return names

    def dispatch(self, request, *args, **kwargs):
        names = self.known_parameters()
        known = sorted((name, request.GET.getlist(name)) for name in request.GET if name in names)
        if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
            return super().dispatch(request, *args, **kwargs)
        # A forged session cookie gets the cached page, a real session the live one.
        if not anonymous_get(request) and request.user.is_authenticated:
            return super().dispatch(request, *args, **kwargs)
        key = page_key(request.scheme, request.get_host(), request.path, known)
        exact = len(known) == len(request.GET) and anonymous_get(request)
        if exact and translation.get_language() == path_language(request):
            # PageCacheMiddleware looked this page up already, and keeps it.
            request.page_cache = (key, getattr(request, "content_version", None))
            return super().dispatch(request, *args, **kwargs)
        cached, _version = lookup(key, page_encoding(request))
        if cached is not None:
            return cached
        return super().dispatch(request, *args, **kwargs)
