import logging
import re
from urllib.parse import unquote_to_bytes

from django.db import InterfaceError, OperationalError
from django.shortcuts import render

logger = logging.getLogger(__name__)

# C0 control characters and DEL have no business in a query string; a NUL byte in
# particular breaks PostgreSQL text parameters and would be echoed into forms.
CONTROL_CHARACTERS = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class RejectControlCharactersMiddleware:
    """Answer 400 with a plain explanation when the address carries control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        raw = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        if CONTROL_CHARACTERS.search(unquote_to_bytes(raw.replace(b"+", b" "))):
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
