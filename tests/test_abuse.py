"""Property-based abuse tests: hostile query strings and path segments on every public URL.

From the issue: "A property-based test (hypothesis) sends random and hostile query strings
and path segments to every public URL and asserts: never a 500, never an unescaped echo."
and "`GET` never changes state."

Hypothesis runs every example of a test inside one pytest test function, so the
function-scoped ``brochure`` and ``client`` fixtures are set up once per test and shared by
all its examples. That is sound here: each request runs in a savepoint that is rolled back,
and GETs must not change anything anyway (``test_get_never_changes_state`` checks that).
"""

from urllib.parse import quote, urlencode

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
from tests import catalogue
from tests.abuse_inputs import (
    ALLOWED_STATUS,
    CLASSICS,
    CONTROL,
    CSRF_TOKEN,
    FEEDBACK_PARAMS,
    FILTER_URLS,
    KNOWN_PARAMS,
    LANGUAGE_PREFIXES,
    MARKER,
    PARAMETERS_READ,
    PUBLIC_URLS,
    RAW_CLASSICS,
    RAW_MARKERS,
    detail_template,
    list_url,
    params,
    raw_query,
    segment,
)
from widunetz import ratelimit

pytestmark = pytest.mark.django_db

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
    # The CSRF token is random: one in about 3,800 begins with "zq" right after value=".
    body = CSRF_TOKEN.sub(b"", body)
    for marker in RAW_MARKERS:
        assert marker not in body, f"GET {url[:500]!r} echoes {marker!r} unescaped"
    if response.get("Content-Type", "").startswith("text/html"):
        # The pages' own JSON-LD data block is no echo (members/templatetags/jsonld.py).
        lowered = body.lower().replace(b'<script type="application/ld+json">', b"")
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


def classic_urls():
    """Each classic attack string in each parameter on each page, and all at once."""
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
    return urls


# The sweep is a thousand pages: in parts, so the suite's processes share it.
SWEEP_PARTS = 4


@pytest.mark.parametrize("part", range(SWEEP_PARTS))
def test_every_classic_in_every_known_parameter(client, brochure, part):
    """No luck involved: each classic attack string in each parameter on each page.

    Hypothesis below explores the space around these; this sweep makes sure the named
    classics always reach every filter on their own (one invalid filter would otherwise
    switch the others off), and lists every failing URL at once.
    """
    urls = classic_urls()[part::SWEEP_PARTS]
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
    # HEAD once for each kind of page, not again for each of the 50 detail pages.
    page_kinds = set(every_public_url(every_detail=False))
    for url in urls:
        # With the page cache on, the second GET is answered from it.
        if page_cache_seconds:
            methods = ("get", "head", "get")
        else:
            methods = ("get", "head") if url in page_kinds else ("get",)
        for method in methods:
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
