"""HTTP as the benchmark's checks need it: no redirects followed, forms read as a
browser would submit them (the admin login and change form in the scale-out test)."""

import re
import urllib.error
import urllib.parse
import urllib.request
from html.parser import HTMLParser


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def http_request(opener, url, data=None, timeout=120):
    """(status, headers, text) without following redirects."""
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    try:
        with opener.open(url, data=body, timeout=timeout) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


def plain_opener():
    return urllib.request.build_opener(NoRedirect())


class FormParser(HTMLParser):
    """The fields a browser would submit for the form with ``form_id``."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields = []
        self.select = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value") or "on"))
                return
            self.fields.append((name, attrs.get("value") or ""))
        elif tag == "select":
            self.select = {"name": name, "multiple": "multiple" in attrs, "all": [], "on": []}
        elif tag == "option" and self.select is not None:
            value = attrs.get("value") or ""
            self.select["all"].append(value)
            if "selected" in attrs:
                self.select["on"].append(value)
        elif tag == "textarea" and name:
            self.textarea = (name, [])

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select" and self.select is not None:
            select, self.select = self.select, None
            chosen = select["on"] or ([] if select["multiple"] else select["all"][:1])
            if select["name"]:
                self.fields.extend((select["name"], value) for value in chosen)
        elif tag == "textarea" and self.textarea is not None:
            name, text = self.textarea
            self.textarea = None
            value = "".join(text)
            self.fields.append((name, value[1:] if value.startswith("\n") else value))

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)


def form_errors(body):
    """The text of a rejected form's error lists, for the report."""
    errors = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', body, re.DOTALL)
    return re.sub(r"<[^>]+>", " ", " ".join(errors)).strip()[:300] or "no error list"
