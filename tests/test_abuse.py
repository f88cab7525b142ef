"""Property-based abuse tests: hostile query strings and path segments on every public URL.

From the issue: "A property-based test (hypothesis) sends random and hostile query strings
and path segments to every public URL and asserts: never a 500, never an unescaped echo."
and "`GET` never changes state."

Hypothesis runs every example of a test inside one pytest test function, so the
function-scoped ``brochure`` and ``client`` fixtures are set up once per test and shared by
all its examples. That is sound here: each request runs in a savepoint that is rolled back,
and GETs must not change anything anyway (``test_get_never_changes_state`` checks that).
"""

import re
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.cache import cache, caches
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from hypothesis import HealthCheck, event, example, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from pages.models import Feedback
from tests import catalogue, factories
from widunetz import ratelimit

pytestmark = pytest.mark.django_db

# --- what the site must answer --------------------------------------------------------------

# 503 is deliberately not allowed: DatabaseUnavailableMiddleware turns any DatabaseError
# (say, a NUL byte reaching PostgreSQL) into a 503, which would otherwise hide the bug.
ALLOWED_STATUS = {200, 301, 302, 400, 404, 405, 429}

# Every value the tests send may carry this marker. Django escapes <, ", ' and > in every
# template variable, so none of these byte sequences may ever appear in a body.
MARKER = "<zq\"zq'zq>"
RAW_MARKERS = (b"<zq", b'"zq', b"'zq")
# The site has no <script> at all (tests/test_public_pages.py), so any in a page is an echo;
# the others are the tags of CLASSICS below (/netzwerk/ inlines an <svg> of its own).
RAW_CLASSICS = (b"<script", b"<img src=x", b"<svg onload", b"<iframe")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]*"')

# --- the public URLs ------------------------------------------------------------------------

# Every public address (tests/catalogue.py), without a query: the tests add their own.
PUBLIC_URLS = [page.path() for page in catalogue.PAGES] + list(catalogue.MACHINE_ADDRESSES)

# The pages that read their query string: they get the most examples.
FILTER_URLS = [page.path() for page in catalogue.PAGES if page.reads]

# {} is replaced by one percent-encoded path segment: in place of a detail page's slug …
DETAIL_TEMPLATES = list(
    dict.fromkeys(page.path().replace(page.args[0], "{}") for page in catalogue.PAGES if page.args)
)
# … and where there is no page, or only a redirect.
DETAIL_TEMPLATES += [
    "/{}/",
    "/{}",
    "/mitglieder/{}",
    "/mitglieder/{}/",
    "/suche/{}/",
    "/institutionen/{}",
    "/de/{}",  # the German prefix redirects to the unprefixed address
    "/de/{}/",
    "/en/{}/",
    "/ar/institutionen/{}/",
]

MUNICIPALITIES = [slug for _name, slug, _kind in factories.MUNICIPALITIES]
WORKING_GROUPS = [
    "kerngruppe",
    "projektgruppe",
    "arbeitskreis-migrationsfachdienste",
    "arbeitskreis-interkulturelle-oeffnung",
]
INSTITUTIONS = [
    "kreis-herford",
    "kommunales-integrationszentrum",
    "awo-fachdienste-fuer-migration-und-integration",
    "stadt-buende",
]
KINDS = ["behoerde", "kreis", "jugend", "wohlfahrt", "bildung", "arbeit", "kommune"]
SERVICES = ["fluechtlingsberatung", "jmd", "integrationskurse"]
COUNSELLING_LANGUAGES = ["ar", "uk", "tr", "fa"]
# The feedback form's fields and the "sent" flag: GET must neither save nor trust them.
FEEDBACK_PARAMS = ["message", "name", "email", "page_url", "website", "gesendet"]
# The filters and page numbers the directory's pages read.
KNOWN_PARAMS = sorted(
    {name for page in catalogue.PAGES for name in page.reads} - {*FEEDBACK_PARAMS}
)

# The parameters each filtering page reads, swept one at a time with every classic (the
# exports share the list's FilterSet, so a few suffice). Every page also gets the
# classics spread over all parameters at once.
PARAMETERS_READ = {page.path(): page.reads for page in catalogue.PAGES if page.reads}
PARAMETERS_READ |= {
    export.path(): ["q", "gemeinde", "sortierung"] for export in catalogue.pages(html=False)
}
PARAMETERS_READ["/ar/suche/"] = ["q"]  # right to left

# --- strategies -----------------------------------------------------------------------------

# Redirecting templates (APPEND_SLASH, the /de/ prefix) twice as often as the rest.
detail_template = st.sampled_from(
    DETAIL_TEMPLATES + [t for t in DETAIL_TEMPLATES if t.startswith("/de/") or not t.endswith("/")]
)

# The same pages under each language prefix (German is unprefixed; /de/ redirects there).
LANGUAGE_PREFIXES = [f"/{code}" for code, _name in django_settings.LANGUAGES]
# The filtering pages twice, and the unprefixed (German) addresses as often as all others.
_PAGES = FILTER_URLS + PUBLIC_URLS
list_url = st.sampled_from(
    _PAGES * len(LANGUAGE_PREFIXES) + [lang + page for lang in LANGUAGE_PREFIXES for page in _PAGES]
)

CLASSICS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "<iframe src=//example.org>",
    "javascript:alert(1)",
    "' OR 1=1 --",
    '" OR ""="',
    "1; DROP TABLE members_member; --",
    "%00",
    "%",
    "%%",
    "%zz",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\x7f",
    "\r\nSet-Cookie: x=1",
    "../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "\u202eevil\u202c",
    "\u200b\u200d\ufeff",
    "👩🏽‍⚕️🇩🇪",
    "Stančić Bögeholz Buß Köhn",
    "{{7*7}}",
    "{% debug %}",
    "${7*7}",
    "__proto__",
    "-1",
    "0",
    "99999999999999999999999999",
    "1e9999",
    "NaN",
    "-inf",
    " ",
    "",
    "ß" * 200,
    "x" * 201,
    "ﷺ" * 300,  # grows 18-fold under NFKD
]

# Anything that can be percent-encoded as UTF-8: all of Unicode except lone surrogates.
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
# Without control characters, which the middleware answers with a 400 before any view
# runs: most examples should reach the views and templates.
printable_text = st.text(alphabet=st.characters(exclude_categories=("Cs", "Cc")), max_size=40)
long_text = st.builds(
    lambda n, unit: (unit * n)[:n],
    st.integers(min_value=190, max_value=5000),
    st.sampled_from(["a", "ä", "<zq>", "ﷺ", "\u202e", "👩🏽‍⚕️", "% ", "a "]),
)
hostile = st.one_of(
    st.sampled_from(CLASSICS), printable_text, printable_text, printable_text, any_text, long_text
)
with_marker = st.builds(lambda pre, post: pre + MARKER + post, hostile, hostile)
hostile_value = st.one_of(hostile, with_marker)

VALID_VALUES = {
    "q": ["integration", "Bögeholz", "bogeholz", "herford", "awo", "a"],
    "gemeinde": MUNICIPALITIES,
    "institution": INSTITUTIONS,
    "arbeitskreis": WORKING_GROUPS,
    "art": KINDS,
    "thema": SERVICES,
    "sprache": COUNSELLING_LANGUAGES,
    "sortierung": ["name", "-name", "institution", "-institution", "name,institution"],
    "seite": ["1", "2", "3", "0", "-1", "last", "1.0", "2.5", "99999999999999999999"],
    "gesendet": ["1"],
}


def value_for(name):
    valid = VALID_VALUES.get(name)
    if valid:
        return st.one_of(st.sampled_from(valid), hostile_value)
    return hostile_value


param_name = st.one_of(
    st.sampled_from(KNOWN_PARAMS + FEEDBACK_PARAMS),
    st.sampled_from(["", "q[]", "q[0]", "__class__", "seite ", "csrfmiddlewaretoken"]),
    printable_text,
    with_marker,
)
param = param_name.flatmap(lambda name: st.tuples(st.just(name), value_for(name)))


def known_param_values(names):
    return st.tuples(*[st.tuples(st.just(name), value_for(name)) for name in names]).map(list)


# Most examples set the filters the views really read, each at most once, so hostile
# values reach the forms, the querysets and the templates instead of being ignored.
known_params = st.lists(st.sampled_from(KNOWN_PARAMS), unique=True, min_size=1, max_size=4)
params = st.one_of(
    known_params.flatmap(known_param_values),
    known_params.flatmap(known_param_values),
    st.lists(param, max_size=6),
)

# Query strings as a browser never sends them: malformed escapes, invalid UTF-8, raw bytes.
raw_query = st.one_of(
    st.sampled_from(
        [
            "%",
            "%%",
            "%zz",
            "q=%ff%fe",
            "q=%c3",
            "q=%ED%A0%80",  # an encoded lone surrogate
            "q=%E2%80%AE%3Czq",
            "q=%00",
            "q%00=1",
            "&&&",
            "==",
            "q",
            "q=1&q=2&q=%3Czq",
            "seite=2&seite=x",
            ";;q=1",
            "q=<zq>&gemeinde=<zq>",
        ]
    ),
    st.binary(max_size=120).map(lambda b: quote_from_bytes(b, safe="=&;+%")),
    # Not percent-encoded at all, as curl or a bot may send it; # would start a fragment.
    any_text.map(lambda s: s.replace("#", "")),
)

OFFSITE = ["/evil.example.org", "//evil.example.org", "\\evil.example.org", "/\\evil.example.org"]

# Path segments: anything, classic traversals, raw bytes, and real slugs with a twist.
real_slug = st.sampled_from(MUNICIPALITIES + WORKING_GROUPS + INSTITUTIONS)
segment = st.one_of(
    real_slug,
    real_slug,
    st.sampled_from(["netzwerk", "mitglieder", "healthz", "verwaltung", "static", "media"]),
    st.sampled_from([c for c in CLASSICS if c]).map(lambda s: quote(s, safe="")),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60).map(
        lambda s: quote(s, safe="")
    ),
    st.binary(min_size=1, max_size=60).map(lambda b: quote_from_bytes(b, safe="")),
    st.builds(lambda slug, tail: slug + quote(tail, safe=""), real_slug, hostile),
    st.sampled_from([".", "..", "%2e%2e", "%2F", "%252F", "%00", "%ff", "a" * 300, "-", "_"]),
    # Off-site targets for anything that redirects to an address built from the path.
    st.sampled_from(OFFSITE).map(lambda s: quote(s, safe="")),
    st.sampled_from(OFFSITE),  # and unencoded, as typed
    long_text.map(lambda s: quote(s, safe="")),
)


# --- the checks -----------------------------------------------------------------------------


def fetch(client, url, method="get", repeat=1):
    """Request ``url`` in a savepoint that is always rolled back; fail with the URL.

    With ``repeat=2`` the second request is answered from the page cache (when it is on),
    and must give the same page as the first.
    """
    if currently_in_test_context():
        note(f"{method.upper()} {url[:2000]}")
    try:
        with transaction.atomic():
            try:
                responses = [getattr(client, method)(url) for _ in range(repeat)]
            finally:
                # Keeps one broken query (PostgreSQL aborts the transaction) from failing
                # every later example, so hypothesis shrinks to the real culprit.
                transaction.set_rollback(True)
    except Exception as exc:
        raise AssertionError(f"{method.upper()} {url[:500]!r} raised {exc!r}") from exc
    response = responses[0]
    for again in responses[1:]:
        # The feedback form's CSRF token is masked anew on every request.
        first, second = (CSRF_TOKEN.sub(b"", r.content) for r in (response, again))
        assert (again.status_code, second) == (response.status_code, first), (
            f"{method.upper()} {url[:500]!r} differs when repeated"
        )
    if currently_in_test_context():
        page = url.partition("?")[0] if response.status_code < 300 else ""
        event(f"{response.status_code} {page}")
    assert response.status_code in ALLOWED_STATUS, (
        f"{method.upper()} {url[:500]!r} answered {response.status_code}"
    )
    return response


def assert_no_raw_echo(response, url):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    for marker in RAW_MARKERS:
        assert marker not in body, f"GET {url[:500]!r} echoes {marker!r} unescaped"
    if response.get("Content-Type", "").startswith("text/html"):
        lowered = body.lower()
        for classic in RAW_CLASSICS:
            assert classic not in lowered, f"GET {url[:500]!r} echoes {classic!r} unescaped"
    # A header split would show as a second header line; Django refuses those itself.
    for name, value in response.items():
        assert "\n" not in value and "\r" not in value, f"{name} header of {url[:500]!r}"


def check(client, url, repeat=1):
    response = fetch(client, url, repeat=repeat)
    assert_no_raw_echo(response, url)
    return response


# Numbers only mean something to the page number (and the free text, which takes anything).
WORDS = [c for c in CLASSICS if not c.lstrip("-").replace("e", "").isdigit()]
WORDS = [c for c in WORDS if c not in ("NaN", "-inf")]


def test_every_classic_in_every_known_parameter(client, brochure):
    """No luck involved: each classic attack string in each parameter on each page.

    Hypothesis below explores the space around these; this sweep makes sure the named
    classics always reach every filter on their own (one invalid filter would otherwise
    switch the others off), and lists every failing URL at once.
    """
    urls = []
    for path, names in PARAMETERS_READ.items():
        for name in names:
            values = CLASSICS if name in ("q", "seite") else WORDS
            urls += [f"{path}?{urlencode({name: value})}" for value in values]
    # A control character anywhere makes the whole query a 400, so those go one by one.
    control = [c for c in CLASSICS if CONTROL.search(c)]
    printable = [c for c in CLASSICS if not CONTROL.search(c)]
    names = KNOWN_PARAMS + FEEDBACK_PARAMS
    for path in sorted(set(PUBLIC_URLS)):
        for start in range(0, len(printable), len(names)):
            values = (printable * 2)[start : start + len(names)]
            urls.append(f"{path}?{urlencode(list(zip(names, values, strict=True)))}")
        urls += [f"{path}?{urlencode(dict.fromkeys(names, value))}" for value in control]
    failures = []
    for url in urls:
        try:
            check(client, url)
        except AssertionError as exc:
            failures.append(exc)
    if failures:
        summary = "\n".join(str(exc).splitlines()[0][:300] for exc in failures[:30])
        raise AssertionError(f"{len(failures)} of {len(urls)} URLs failed:\n{summary}") from (
            failures[0]
        )


ABUSE_SETTINGS = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    database=None,  # no .hypothesis directory in the project; failures print their input
)


@settings(ABUSE_SETTINGS, max_examples=250)
@given(path=list_url, query=params, cached=st.booleans())
@example(path="/suche/", query=[("q", "<script>alert(1)</script>")], cached=False)
@example(path="/suche/", query=[("q", MARKER)], cached=False)
@example(path="/mitglieder/", query=[("q", MARKER), ("sortierung", MARKER)], cached=False)
@example(path="/mitglieder/", query=[("sortierung", "-name"), ("q", "a" + MARKER)], cached=False)
@example(path="/mitglieder/", query=[("seite", "99999999999999999999"), ("q", MARKER)], cached=True)
@example(path="/institutionen/", query=[("q", MARKER), ("seite", "2")], cached=False)
@example(path="/mitglieder/export.csv", query=[("q", "=cmd|' /C calc'!A0")], cached=False)
@example(path="/mitglieder/export.vcf", query=[("gemeinde", MARKER)], cached=False)
@example(path="/barrierefreiheit/", query=[("message", MARKER), ("gesendet", "1")], cached=False)
@example(path="/suche/", query=[("q", "\x00")], cached=False)
@example(path="/suche/", query=[("q", "ﷺ" * 300)], cached=False)
def test_hostile_query_parameters_never_fail_or_echo_raw(client, brochure, path, query, cached):
    url = path + ("?" + urlencode(query) if query else "")
    # Production serves public pages from the shared cache (widunetz.pagecache); half the
    # examples go through it, the second request being a cache hit.
    with override_settings(PAGE_CACHE_SECONDS=600 if cached else 0):
        check(client, url, repeat=2 if cached else 1)


@settings(ABUSE_SETTINGS, max_examples=150)
@given(path=list_url, query=raw_query)
@example(path="/mitglieder/", query="q=%ED%A0%80")
@example(path="/suche/", query="q=%00")
@example(path="/institutionen/", query="gemeinde=%ff")
def test_malformed_query_strings_never_fail_or_echo_raw(client, brochure, path, query):
    check(client, f"{path}?{query}")


@settings(ABUSE_SETTINGS, max_examples=250)
@given(template=detail_template, seg=segment, query=params)
@example(template="/institutionen/{}/", seg="%00", query=[])
@example(template="/gemeinden/{}/", seg=quote("loehne<zq>", safe=""), query=[])
@example(template="/{}/", seg=quote(MARKER, safe=""), query=[("q", MARKER)])
@example(template="/{}", seg="..", query=[])
@example(template="/de/{}", seg="%2Fevil.example.org", query=[])
@example(template="/de/{}", seg="%5Cevil.example.org", query=[])
@example(template="/gemeinden/{}/", seg="loehne", query=[("q", MARKER), ("seite", MARKER)])
def test_hostile_path_segments_never_fail_or_echo_raw(client, brochure, template, seg, query):
    url = template.format(seg) + ("?" + urlencode(query) if query else "")
    response = check(client, url)
    if response.status_code in (301, 302):
        # Redirects (APPEND_SLASH) must stay on this site.
        location = response["Location"]
        assert location.startswith("/") and not location.startswith(("//", "/\\")), location


def test_extreme_requests(client, brochure):
    """What no strategy above produces: sheer size, too many fields, other methods, hosts."""
    huge = "<zq>" + "ä" * 100_000
    urls = [
        "/mitglieder/?" + urlencode([("seite", str(n)) for n in range(1001)]),  # > 1000 fields
        "/mitglieder/?" + urlencode({"q": huge}),
        "/suche/?" + urlencode({"q": huge}),
        "/institutionen/?" + urlencode({huge: "1"}),
        "/mitglieder/?" + "&" * 5000,
        "/mitglieder/?" + "q=" + "%" * 5000,
        "/" + quote(huge, safe="") + "/",
        "/institutionen/" + "a" * 5000 + "/",
        "/mitglieder%00/",
        "/mitglieder/%2e%2e/%2e%2e/etc/passwd",
        "//mitglieder/",
        "/%2F%2Fexample.org/",
        "/gemeinden/loehne",
        "/netzwerk",
    ]
    for url in urls:
        check(client, url)
    for url in PUBLIC_URLS:
        for method in ("head", "options", "put", "patch", "delete", "trace"):
            fetch(client, url, method=method)
    # A forged Host is refused by ALLOWED_HOSTS with a 400, not a 500 or an echo.
    quiet = Client(raise_request_exception=False)
    failures = []
    for host in ("evil.example.org", "<zq>.example.org"):
        for url in ("/", "/mitglieder/?q=a", "/gibt-es-nicht/", "/healthz"):
            response = quiet.get(url, headers={"host": host})
            assert_no_raw_echo(response, f"{url} with Host {host}")
            if response.status_code != 400:
                failures.append(f"GET {url} with Host {host!r} answered {response.status_code}")
    assert not failures, "\n".join(failures)


# --- GET never changes state ----------------------------------------------------------------


def snapshot():
    """Every row of every model, and this client's count against the feedback limit.

    Cached pages are no state: the page cache may fill on GET, the rate limit may not.
    """
    state = {}
    for model in apps.get_models():
        state[model._meta.label] = list(model._base_manager.order_by("pk").values_list())
    request = RequestFactory().get("/")  # the test client's REMOTE_ADDR, 127.0.0.1
    state["ratelimit"] = caches["strict"].get(ratelimit.client_key(request, "feedback"))
    return state


def every_public_url(every_detail=True):
    """The public pages; with ``every_detail`` each town, institution and working group."""
    from institutions.models import Institution, Municipality
    from members.models import WorkingGroup

    urls = PUBLIC_URLS + [url for page in catalogue.PAGES for url in page.urls()]
    if every_detail:
        urls += [m.get_absolute_url() for m in Municipality.objects.all()]
        urls += [i.get_absolute_url() for i in Institution.objects.public()]
        urls += [g.get_absolute_url() for g in WorkingGroup.objects.all()]
    feedback = urlencode(
        {
            "message": "Der Kontrast ist zu schwach.",
            "name": "Erika Mustermann",
            "email": "erika@example.org",
            "page_url": "/mitglieder/",
            "website": "",
        }
    )
    urls += [
        "/barrierefreiheit/?" + feedback,
        "/barrierefreiheit/?gesendet=1&" + feedback,
        "/suche/?q=" + quote(MARKER),
        "/mitglieder/?q=b%C3%B6geholz&sortierung=-institution&seite=2",
        "/mitglieder/?gemeinde=loehne&art=wohlfahrt",
        "/mitglieder/export.csv?gemeinde=herford",
        "/mitglieder/export.vcf?arbeitskreis=projektgruppe",
        "/institutionen/?q=stadt&seite=2",
        "/suche/?q=%00",
        "/gibt-es-nicht/",
        "/de/mitglieder/?q=a",
    ]
    urls += [lang + path for lang in LANGUAGE_PREFIXES for path in FILTER_URLS]
    return urls


@pytest.mark.parametrize("page_cache_seconds", [0, 600], ids=["uncached", "cached"])
def test_get_never_changes_state(client, brochure, settings, page_cache_seconds):
    settings.PAGE_CACHE_SECONDS = page_cache_seconds
    cache.clear()
    # Whatever loading the data left behind is the baseline.
    client.get("/")
    before = snapshot()
    feedback_before = Feedback.objects.count()
    # The cached run repeats the uncached one's page kinds, not each of its 50 detail pages.
    urls = every_public_url(every_detail=not page_cache_seconds)
    for url in urls:
        # With the page cache on, the second GET is answered from it.
        for method in ("get", "head", "get") if page_cache_seconds else ("get", "head"):
            try:
                response = getattr(client, method)(url)
            except Exception as exc:
                raise AssertionError(f"{method.upper()} {url!r} raised {exc!r}") from exc
            assert response.status_code in ALLOWED_STATUS, (method, url, response.status_code)
            session = response.cookies.get(django_settings.SESSION_COOKIE_NAME)
            assert not session, f"{method.upper()} {url!r} started a session"
    after = snapshot()
    changed = [label for label in before if before[label] != after[label]]
    assert not changed, f"GET changed {changed}"
    assert Feedback.objects.count() == feedback_before
    if not page_cache_seconds:
        assert len(urls) > 80  # every municipality, institution and working group was visited


def test_get_with_feedback_fields_saves_nothing_and_shows_no_thanks_for_it(client, brochure):
    query = urlencode({"message": "Bitte " + MARKER, "name": MARKER, "email": "a@example.org"})
    response = check(client, "/barrierefreiheit/?" + query)
    assert response.status_code == 200
    assert Feedback.objects.count() == 0
    # The form is not bound from the query string: nothing is prefilled or "thanked" for.
    assert not response.context["form"].is_bound
    assert not response.context["sent"]
    assert b"Bitte &lt;zq" not in response.content
