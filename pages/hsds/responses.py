"""How the HSDS API answers: JSON, rate-limited per client, revalidated and cached.

Each answer carries an ``ETag`` made of the content version (widunetz.pagecache:
replaced by any edit), the day and the address, so a repeat with ``If-None-Match``
is answered 304 before the database is asked anything. ``Last-Modified`` is when
this content version was first seen. Bodies are kept in the shared cache under the
content version, like the pages, for PAGE_CACHE_SECONDS; but apart from the pages:
PageCacheMiddleware answers a kept page whole and would never say 304.
"""

import hashlib
import json
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse, JsonResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from institutions.hours import now as berlin_now
from widunetz import pagecache, ratelimit
from widunetz.cache import UNAVAILABLE, strict

from .parameters import NAMES, Parameters, Problem

# Per client address, for every request to the API, answered from the cache or not.
RATE_LIMIT = 600
RATE_WINDOW = 60
# How long "when this content version was first seen" is remembered.
SINCE_SECONDS = 30 * 24 * 3600


def problem(status, message):
    response = JsonResponse({"status": status, "error": message}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def api_view(build):
    """A view answering ``build(request, parameters, **kwargs)``'s data as JSON.

    The API publishes one language, German, whatever the client's Accept-Language.
    """

    # Nothing here reads a cookie or changes anything: a POST gets the JSON 405 below,
    # not the HTML page of a missing CSRF token.
    @csrf_exempt
    @wraps(build)
    def view(request, **kwargs):
        with translation.override("de"):
            if request.method not in ("GET", "HEAD"):
                response = problem(405, _("Nur GET und HEAD."))
                response["Allow"] = "GET, HEAD"
                return response
            limit = getattr(settings, "HSDS_RATE_LIMIT", RATE_LIMIT)
            if not ratelimit.hit(request, "hsds", limit, RATE_WINDOW):
                response = problem(
                    429,
                    _("Zu viele Anfragen: höchstens %(n)s in der Minute. Bitte kurz warten.")
                    % {"n": limit},
                )
                response["Retry-After"] = str(RATE_WINDOW)
                return response
            try:
                parameters = Parameters(request)
                return answer(request, lambda: build(request, parameters, **kwargs))
            except Problem as refusal:
                return problem(refusal.status, refusal.message)

    return view


def address(request):
    """The address an answer is kept under: the parameters it reads, sorted."""
    known = sorted((name, request.GET.getlist(name)) for name in request.GET if name in NAMES)
    return f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(known, doseq=True)}"


def answer(request, build):
    version = getattr(request, "content_version", None) or pagecache.content_version()
    # The day belongs to it: a closure ends, a status returns to "active" at midnight.
    day = berlin_now().date().isoformat()
    digest = hashlib.sha256(f"{version}:{day}:{address(request)}".encode()).hexdigest()
    etag = f'"{digest[:40]}"'
    last_modified = first_seen(f"{version}:{day}")
    not_modified = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    )
    if not_modified is not None:
        not_modified["ETag"] = etag
        not_modified["Last-Modified"] = http_date(last_modified.timestamp())
        return not_modified
    timeout = settings.PAGE_CACHE_SECONDS
    key = f"widunetz:hsds:{digest}"
    body = cache.get(key) if timeout else None
    if body is None:
        body = json.dumps(build(), ensure_ascii=False, separators=(",", ":")).encode()
        if timeout:
            cache.set(key, body, timeout)
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    patch_cache_control(response, public=True, no_cache=True)
    return response


def first_seen(version):
    """When the shared cache first saw ``version`` (content version and day; now, if the
    cache is away)."""
    key = f"widunetz:hsds:since:{version}"
    moment = timezone.now().replace(microsecond=0)
    try:
        strict().add(key, moment, SINCE_SECONDS)
        return strict().get(key) or moment
    except UNAVAILABLE:
        return moment


def today():
    return berlin_now().date()


def site(request):
    """The directory's own address as this request reached it, without the final slash."""
    return request.build_absolute_uri("/").rstrip("/")
