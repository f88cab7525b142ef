import gzip
import logging
import re
from urllib.parse import unquote_to_bytes

import brotli
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import has_vary_header, patch_vary_headers
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# C0 control characters and DEL have no business in a query string; a NUL byte in
# particular breaks PostgreSQL text parameters and would be echoed into forms.
CONTROL_CHARACTERS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
API_PATH = "/api/"


class RejectControlCharactersMiddleware:
    """Answer 400 with a plain explanation when the address carries control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        if CONTROL_CHARACTERS.search(unquote_to_bytes(raw.replace(b"+", b" "))):
            if request.path_info.startswith(API_PATH):  # machines read the API's errors
                error = gettext("Steuerzeichen in der Adresse sind nicht erlaubt.")
                return JsonResponse({"status": 400, "error": error}, status=400)
            return render(request, "400.html", status=400)
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """A friendly 503 instead of a 500 while the database cannot be reached.

    Load balancers and people alike should read "try again shortly", and the page
    must render without a single query, so it uses only the site chrome. Only a
    lost or refused connection counts: any other database error is a bug, and
    stays a 500 with its traceback.
    """

    UNREACHABLE = (OperationalError, InterfaceError)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        except self.UNREACHABLE as error:
            return self.unavailable(request, error)

    def process_exception(self, request, exception):
        if isinstance(exception, self.UNREACHABLE):
            return self.unavailable(request, exception)
        return None

    def unavailable(self, request, error):
        # One line per request: during an outage every request fails the same way,
        # and a traceback each would bury everything else in the log.
        reason = " ".join(str(error).split())
        logger.error("Database unavailable while serving %s: %s", request.path, reason)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "60"
        return response


# By preference. Brotli at quality 5 is a tenth smaller than gzip for about the
# same time (half a millisecond for a 21 KB page); browsers ask for it on HTTPS.
COMPRESSORS = {
    "br": lambda content: brotli.compress(content, mode=brotli.MODE_TEXT, quality=5),
    "gzip": lambda content: gzip.compress(content, compresslevel=6, mtime=0),
}
# Pages, the exports of a list (public data, like the pages) and the sitemap.
# The HSDS API's JSON holds no secret either; a page of 100 services is large.
COMPRESSIBLE_TYPES = ("text/html", "text/csv", "text/vcard", "text/calendar", "application/xml")
COMPRESSIBLE_TYPES += ("application/json",)
ADMIN_PATH = "/verwaltung/"

# Compressing a secret beside text an attacker can put into the same page (search
# words are shown back) lets them read the secret off the compressed length
# (BREACH). So only pages that hold none are compressed: not the admin, nothing
# sent to a session (a signed-in editor), no page with a CSRF token.


def page_encoding(request):
    """The encoding of COMPRESSORS this request's page may be sent in, or None: plain."""
    if request.path_info.startswith(ADMIN_PATH) or settings.SESSION_COOKIE_NAME in request.COOKIES:
        return None
    accepted = set()
    for item in request.headers.get("Accept-Encoding", "").split(","):
        name, _, parameters = item.partition(";")
        try:
            if float(parameters.strip().removeprefix("q=") or 1) > 0:
                accepted.add(name.strip().lower())
        except ValueError:
            continue
    return next((encoding for encoding in COMPRESSORS if encoding in accepted), None)


def compressible(request, response):
    """A page or file worth compressing that was made for nobody in particular.

    A CSRF token comes with the CSRF cookie and a ``Vary: Cookie`` (get_token()
    asks for both); a page that sets or reads a cookie may hold the visitor's own.
    """
    return (
        response.get("Content-Type", "").startswith(COMPRESSIBLE_TYPES)
        and not response.streaming
        and not response.has_header("Content-Encoding")
        and len(response.content) >= 200
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def encode(response, encoding, content=None):
    """``response`` sent in ``encoding`` (None: as it is); ``content`` if compressed already."""
    patch_vary_headers(response, ["Accept-Encoding"])
    if encoding is None:
        return response
    response.content = COMPRESSORS[encoding](response.content) if content is None else content
    response["Content-Encoding"] = encoding
    response["Content-Length"] = str(len(response.content))
    # A strong ETag names the plain bytes; a weak one still matches them (RFC 9110 8.8.1).
    etag = response.get("ETag")
    if etag and etag.startswith('"'):
        response["ETag"] = "W/" + etag
    return response


class CompressionMiddleware:
    """Pages compressed for clients that accept it, unless they may hold a secret.

    Right after WhiteNoise, which answers static files compressed ahead of time
    before this runs. Pages from the page cache come compressed already
    (PageCacheMiddleware keeps each page in every encoding).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if compressible(request, response):
            return encode(response, page_encoding(request))
        return response
