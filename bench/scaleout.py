"""Scale-out: two gunicorn instances against the same PostgreSQL and cache.

An admin edit over HTTP through instance A (login with CSRF token, the change form
as a browser submits it) must show on the next anonymous request to instance B:
the shared cache may not serve B's copy of the page from before the edit.
"""

import http.cookiejar
import secrets
import time
import urllib.request
from urllib.parse import parse_qs, urlsplit

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import BenchError
from bench.client import FormParser, NoRedirect, form_errors, http_request, plain_opener
from bench.server import PRODUCTION, Gunicorn
from members.models import Member
from widunetz import pagecache


def scaleout(bench):
    """{"ok": whether every step passed, "steps": what each step saw}."""
    member = Member.objects.filter(last_name="Köhn").order_by("pk").first()
    if member is None:
        raise BenchError("Peter Köhn from the brochure is missing; load the brochure.")
    username = f"bench-{secrets.token_hex(4)}"
    password = secrets.token_urlsafe(24)
    user = get_user_model().objects.create_user(
        username=username, password=password, is_staff=True, is_superuser=True
    )
    # A superuser signs in with a second factor: an authenticator app the check types
    # the current code of, as a person would (widunetz.two_factor).
    app = TOTPDevice.objects.create(user=user, name="Lastprobe", confirmed=True)
    try:
        with (
            Gunicorn(bench, caches=PRODUCTION, name="A") as a,
            Gunicorn(bench, caches=PRODUCTION, name="B") as b,
        ):
            check = EditThroughA(member, a, b)
            ok = check.run(username, password, app)
    finally:
        user.delete()
    return {"ok": ok, "steps": [*check.steps, f"temporary user {username} deleted"]}


def form_fields(opener, url, form_id):
    """The fields of the form ``form_id`` on the page at ``url``, as a browser sends them."""
    _status, _headers, page = http_request(opener, url)
    form = FormParser(form_id)
    form.feed(page)
    return form.fields


class EditThroughA:
    """The steps of the check; each appends what it saw to ``steps`` and returns ok."""

    def __init__(self, member, a, b):
        self.member, self.a, self.b = member, a, b
        self.path = member.get_absolute_url()
        self.marker = f"Lastprobe {secrets.token_hex(4)}"
        self.anonymous = plain_opener()
        self.admin = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.steps = []

    def run(self, username, password, app):
        ok = self.view_on_b()
        ok &= self.log_in(username, password)
        ok &= self.second_factor(app)
        # The marker, then the function as it was: the directory is left unchanged.
        for value in (self.marker, self.member.function):
            ok &= self.edit(value)
        self.log_out()
        return ok

    def view_on_b(self):
        b, path, marker = self.b, self.path, self.marker
        status, _h, before = http_request(self.anonymous, b.url(path))
        http_request(self.anonymous, b.url(path))
        # The page's key names its path and, apart, the parameters it reads.
        address = urlsplit(path)
        parameters = sorted(parse_qs(address.query).items())
        key = pagecache.page_key("http", f"127.0.0.1:{b.port}", address.path, parameters, "de")
        cached = cache.get(key) is not None
        self.steps.append(
            f"GET {path} from B (port {b.port}): {status}; the rendered page is in "
            f"the shared cache: {'yes' if cached else 'no (key format changed?)'}; "
            f"shows {marker!r}: {marker in before}"
        )
        return status == 200 and marker not in before

    def log_in(self, username, password):
        login = self.a.url("/verwaltung/login/?next=/verwaltung/")
        fields = dict(form_fields(self.admin, login, "login-form"))
        fields.update(username=username, password=password)
        status, headers, _ = http_request(self.admin, login, fields)
        self.steps.append(
            f"POST /verwaltung/login/ to A (port {self.a.port}) as a temporary superuser: "
            f"{status} → {headers.get('Location')}"
        )
        return status == 302

    def second_factor(self, app):
        verify = self.a.url("/verwaltung/zweiter-faktor/code/")
        fields = dict(form_fields(self.admin, verify, "login-form"))
        fields["code"] = f"{totp(app.bin_key, app.step, app.t0, app.digits, app.drift):06d}"
        status, headers, _ = http_request(self.admin, verify, fields)
        self.steps.append(
            f"POST /verwaltung/zweiter-faktor/code/ to A with the app's code: "
            f"{status} → {headers.get('Location')}"
        )
        return status == 302

    def edit(self, value):
        change = self.a.url(f"/verwaltung/members/member/{self.member.pk}/change/")
        fields = form_fields(self.admin, change, "member_form")
        fields = [(k, v) for k, v in fields if k != "function"]
        fields += [("function", value), ("_save", "Sichern")]
        started = time.monotonic()
        status, _h, body = http_request(self.admin, change, fields)
        edited = status == 302
        _s, _h, after = http_request(self.anonymous, self.b.url(self.path))
        elapsed = (time.monotonic() - started) * 1000
        visible = (self.marker in after) == (value == self.marker)
        self.steps.append(
            f"admin edit through A: function of {self.member} → {value!r}: {status}"
            + ("" if edited else f" ({form_errors(body)})")
            + f"; next GET from B shows it: {visible} ({elapsed:.0f} ms after "
            "the POST was sent)"
        )
        return edited and visible

    def log_out(self):
        fields = form_fields(self.admin, self.a.url("/verwaltung/"), "logout-form")
        status = http_request(self.admin, self.a.url("/verwaltung/logout/"), fields)[0]
        self.steps.append(f"POST /verwaltung/logout/ to A: {status}")
