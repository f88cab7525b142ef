import re
from urllib.parse import unquote_to_bytes

from django.shortcuts import render

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
