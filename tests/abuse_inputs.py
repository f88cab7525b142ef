"""What the abuse tests send: the public addresses, hostile values and hypothesis strategies.

Kept apart from tests/test_abuse.py so the checks there read on their own.
"""

import re
from urllib.parse import quote, quote_from_bytes

from django.conf import settings as django_settings
from hypothesis import strategies as st

from tests import catalogue, factories

# --- what the site must answer --------------------------------------------------------------

# 503 is deliberately not allowed: DatabaseUnavailableMiddleware turns any DatabaseError
# (say, a NUL byte reaching PostgreSQL) into a 503, which would otherwise hide the bug.
ALLOWED_STATUS = {200, 301, 302, 400, 404, 405, 429}

# Every value the tests send may carry this marker. Django escapes <, ", ' and > in every
# template variable, so none of these byte sequences may ever appear in a body.
MARKER = "<zq\"zq'zq>"
RAW_MARKERS = (b"<zq", b'"zq', b"'zq")
# The site has no <script> but its JSON-LD data blocks (tests/test_public_pages.py), so any
# other in a page is an echo;
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
# people's exports share the list's FilterSet, so a few suffice; the calendar feeds and
# the open data files read none). Every page also gets the classics spread over all
# parameters at once.
PARAMETERS_READ = {page.path(): page.reads for page in catalogue.PAGES if page.reads}
PARAMETERS_READ |= {
    export.path(): ["q", "gemeinde", "sortierung"]
    for export in catalogue.pages(html=False)
    if export.reads
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
    # Ages and the hour filters: the valid values and the bad ones that must get a message.
    "alter": ["20", "0", "120", "27", "-5", "9999", "abc", "1.5", "٢٠"],
    "offen": ["jetzt", "vielleicht"],
    "termin": ["ohne", "x"],
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
