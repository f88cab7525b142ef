"""The public directory in a real Chromium: what residents do, by mouse and by keyboard.

Runs against pytest-django's live server with the brochure data. Needs Debian's
Chromium at /usr/bin/chromium (Playwright's own browsers are not downloaded);
without it the module is skipped, unless REQUIRE_BROWSER=1 (set in CI) turns the
missing browser into a failure.

Every page is also checked with axe-core against WCAG 2.1 A/AA; the summary is
written to the terminal at the end of the module so CI logs show it.
"""

import http.client
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import override_settings

from tests import catalogue

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"


def _unavailable(reason):
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if not CHROMIUM.exists():
    _unavailable("Chromium not installed: apt-get install -y chromium")
try:
    import pytest_playwright  # noqa: F401
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect
except ImportError as error:  # pragma: no cover - the dev extras are missing
    _unavailable(f"Browser test dependencies missing ({error.name}): pip install -e '.[dev]'")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}
MAX_TAB_STOPS = 60
# Playwright's default is 30 s; a local page that needs more than this is a failure.
TIMEOUT_MS = 10_000


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at the system Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE"}


@pytest.fixture(scope="session")
def _plain_http_while_live_server_starts():
    """Turn the HTTPS redirect off until the live server has built its handler.

    Production settings redirect HTTP to HTTPS, and SecurityMiddleware reads that setting
    once, when the live server builds its handler; conftest's per-test override comes too
    late for it. Returns the function that restores the setting.
    """
    override = override_settings(SECURE_SSL_REDIRECT=False)
    override.enable()
    enabled = True

    def restore():
        nonlocal enabled
        if enabled:
            override.disable()
            enabled = False

    yield restore
    restore()


@pytest.fixture(scope="session")
def live_server(_plain_http_while_live_server_starts, live_server):
    """pytest-django's live server, started without the HTTPS redirect."""
    _plain_http_while_live_server_starts()
    return live_server


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live server. Defining it here also replaces
    pytest-playwright's fallback fixture, which pytest 9.2 warns about."""
    return live_server.url


@pytest.fixture
def site(live_server, brochure, page):
    """A browser tab on the live server, with the brochure data loaded for this test."""
    status, location = _status_without_redirects(live_server.url, "/healthz")
    if status != 200:
        pytest.fail(
            f"the live server answers /healthz with {status} {location or ''}: it was started "
            "before this module could turn SECURE_SSL_REDIRECT off (another module used "
            "live_server first?)",
            pytrace=False,
        )
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return Site(live_server.url, page)


def _status_without_redirects(base_url, path):
    """Status and Location of a request that does not follow redirects."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


class Site:
    def __init__(self, base_url, page):
        self.base_url = base_url
        self.page = page

    def url(self, path):
        return self.base_url + path

    def open(self, path):
        response = self.page.goto(self.url(path))
        assert response is not None, path
        return response


@pytest.fixture(scope="module")
def axe_summary(request):
    """Collects every axe run and writes one summary to the terminal after the module."""
    runs = []
    yield runs
    if not runs:
        return
    lines = ["", "axe-core (WCAG 2.1 A/AA) summary:"]
    for run in runs:
        rules = ", ".join(
            f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in run["violations"]
        )
        lines.append(
            f"  {run['path']:<48} {run['width']:>5}px  "
            f"{len(run['violations'])} violation(s){': ' + rules if rules else ''}"
        )
    total = sum(len(run["violations"]) for run in runs)
    lines.append(f"  {len(runs)} page(s) checked, {total} violation(s) in total")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            for line in lines:
                reporter.write_line(line)
    else:  # pragma: no cover - terminal reporter disabled
        print("\n".join(lines))


# --- helpers ----------------------------------------------------------------------------


def result_count(page):
    text = page.locator(".result-count").inner_text()
    match = re.search(r"\d+", text)
    assert match, f"no number in the result count {text!r}"
    return int(match.group())


def active_element(page):
    """A short description of the focused element, for the checks and for messages."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const isBody = !el || el === document.body || el === document.documentElement;
            const style = isBody ? null : getComputedStyle(el);
            return {
                tag: isBody ? 'body' : el.tagName.toLowerCase(),
                id: isBody ? '' : el.id,
                name: isBody ? null : el.getAttribute('name'),
                href: isBody ? null : el.getAttribute('href'),
                text: isBody ? '' : (el.innerText || el.value || '').trim().slice(0, 60),
                inHeaderNav: !isBody && !!el.closest('.site-nav'),
                focusVisible: !isBody && el.matches(':focus-visible'),
                outlineStyle: isBody ? 'none' : style.outlineStyle,
                outlineWidth: isBody ? 0 : parseFloat(style.outlineWidth) || 0,
                boxShadow: isBody ? 'none' : style.boxShadow,
            };
        }"""
    )


def describe(element):
    label = element["text"] or element["name"] or element["href"] or ""
    return f"{element['tag']}{'#' + element['id'] if element['id'] else ''}[{label!r}]"


def tab_until(page, predicate, key="Tab", limit=MAX_TAB_STOPS):
    """Press ``key`` until the focused element satisfies ``predicate``; fail after ``limit``.

    Every element passed on the way must show where the focus is.
    """
    visited = []
    for _ in range(limit):
        page.keyboard.press(key)
        element = active_element(page)
        visited.append(element)
        if element["tag"] != "body":
            assert has_visible_focus_indicator(element), (
                f"no visible focus indicator on {describe(element)} at {page.url}: {element}"
            )
        if predicate(element):
            return element
    trail = " → ".join(describe(e) for e in visited)
    pytest.fail(f"{key} never reached the element after {limit} presses: {trail}")


def has_visible_focus_indicator(element):
    outline = element["outlineStyle"] != "none" and element["outlineWidth"] > 0
    shadow = element["boxShadow"] not in ("none", "")
    return outline or shadow


def run_axe(page, summary, label, context=None):
    """axe-core's WCAG 2.1 A/AA rules on the current page; records and returns the violations."""
    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    violations = results.response["violations"]
    width = page.viewport_size["width"] if page.viewport_size else 0
    summary.append({"path": label, "width": width, "violations": violations})
    print(f"axe {label} @ {width}px: {len(violations)} violation(s)")
    return violations


def describe_violations(path, width, violations):
    lines = [f"axe found {len(violations)} WCAG violation(s) on {path} at {width}px:"]
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n    nodes: {targets}{f' (+{more} more)' if more > 0 else ''}"
            f"\n    first: {violation['nodes'][0]['failureSummary']!r}"
            f"\n    {violation['helpUrl']}"
        )
    return "\n".join(lines)


# --- residents --------------------------------------------------------------------------


def test_resident_picks_loehne_on_the_start_page_and_sees_local_and_county_wide_contacts(site):
    page = site.page
    site.open("/")

    page.get_by_role("main").get_by_role("link", name=re.compile(r"^Löhne\b")).click()

    expect(page).to_have_url(site.url("/gemeinden/loehne/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Ansprechpersonen für Löhne")
    local = page.get_by_role("region", name="Vor Ort in Löhne")
    expect(local.get_by_role("heading", name="Peter Köhn")).to_be_visible()
    expect(local.get_by_role("heading", name="Nicole Schröder")).to_be_visible()

    county = page.get_by_role("region", name=re.compile("^Kreisweit zuständig"))
    expect(
        county.get_by_role("link", name=re.compile("Kommunales Integrationszentrum"))
    ).not_to_have_count(0)
    expect(county.get_by_role("heading", name="Andrea Fricke")).to_be_visible()
    expect(county.get_by_text("kreisweit zuständig").first).to_be_visible()

    # Nobody from another town's administration is offered to a Löhne resident.
    expect(page.get_by_role("main")).not_to_contain_text("Bartels")
    expect(page.get_by_role("main")).not_to_contain_text("Stadt Enger")


def test_filter_members_by_municipality_and_search_like_a_user(site):
    page = site.page
    site.open("/mitglieder/")
    everyone = result_count(page)
    filters = page.get_by_role("complementary", name="Liste eingrenzen")

    filters.get_by_label("Stadt oder Gemeinde").select_option(label="Löhne")
    filters.get_by_label("Name, Funktion oder Institution").fill("koehn")
    filters.get_by_role("button", name="Anzeigen").click()

    expect(page).to_have_url(re.compile(r"[?&]gemeinde=loehne(&|$)"))
    expect(page).to_have_url(re.compile(r"[?&]q=koehn(&|$)"))
    expect(page.locator(".result-count")).to_have_text("1 Person gefunden")
    cards = page.locator(".results .card")
    expect(cards).to_have_count(1)
    expect(cards.get_by_role("heading")).to_have_text("Peter Köhn")
    # The form shows what was chosen, so the user can adjust it.
    expect(filters.get_by_label("Stadt oder Gemeinde")).to_have_value("loehne")
    expect(filters.get_by_label("Name, Funktion oder Institution")).to_have_value("koehn")

    chips = page.get_by_role("list", name="Aktive Filter").get_by_role("link")
    expect(chips).to_have_count(2)
    chips.filter(has_text="koehn").click()

    expect(page).not_to_have_url(re.compile(r"[?&]q="))
    expect(page).to_have_url(re.compile(r"[?&]gemeinde=loehne(&|$)"))
    in_loehne = result_count(page)
    assert 1 < in_loehne < everyone
    expect(page.locator(".results").get_by_role("heading", name="Peter Köhn")).to_be_visible()
    expect(page.get_by_role("list", name="Aktive Filter").get_by_role("link")).to_have_count(1)


def test_download_the_filtered_list_for_excel(site):
    page = site.page
    site.open("/mitglieder/?gemeinde=loehne")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Liste für Excel (CSV)").click()
    download = download_info.value

    assert download.suggested_filename.endswith(".csv")
    data = Path(download.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 BOM to read umlauts"
    text = data.decode("utf-8-sig")
    header, *rows = text.splitlines()
    columns = header.split(";")
    assert {"Nachname", "Vorname"} <= set(columns), header
    assert rows, "the export is empty"
    assert all(";" in row for row in rows)
    assert "Köhn" in text
    assert "Schröder" in text
    assert "Bartels" not in text  # Stadt Enger, not responsible for Löhne


def test_keyboard_only_user_reaches_the_members_list_and_filters(site, axe_summary):
    page = site.page
    site.open("/")

    # Every one of the first tab stops shows where the focus is.
    stops = []
    for _ in range(15):
        page.keyboard.press("Tab")
        element = active_element(page)
        if element["tag"] == "body":
            break
        stops.append(element)
    assert len(stops) >= 10, f"only {len(stops)} tab stops on the start page"
    print("tab stops on /:", " → ".join(describe(e) for e in stops))
    without_indicator = [e for e in stops if not has_visible_focus_indicator(e)]
    assert not without_indicator, f"focus not visible on: {without_indicator}"

    # Start over as a fresh visitor: the first Tab lands on the skip link.
    site.open("/")
    page.keyboard.press("Tab")
    first = active_element(page)
    assert first["text"] == "Zum Inhalt springen", first
    skip_link = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()
    # axe skips the link while it is moved off screen; check it once it is shown.
    violations = run_axe(page, axe_summary, "/ (skip link focused)", context="a.skip-link")
    assert not violations, describe_violations("/ (skip link focused)", 1280, violations)

    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    # From the main content back up to the header navigation (Shift+Tab), then Enter.
    tab_until(
        page,
        lambda e: e["inHeaderNav"] and e["href"] == "/mitglieder/",
        key="Shift+Tab",
    )
    page.keyboard.press("Enter")
    expect(page).to_have_url(site.url("/mitglieder/"))
    everyone = result_count(page)

    # Tab to the municipality select, choose Löhne by typing, Tab on to the button.
    tab_until(page, lambda e: e["tag"] == "select" and e["name"] == "gemeinde")
    page.keyboard.type("Löh")
    gemeinde = page.get_by_label("Stadt oder Gemeinde")
    expect(gemeinde).to_have_value("loehne")
    tab_until(page, lambda e: e["tag"] == "button" and e["text"] == "Anzeigen")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"[?&]gemeinde=loehne(&|$)"))
    expect(page.get_by_label("Stadt oder Gemeinde")).to_have_value("loehne")
    assert result_count(page) < everyone
    expect(page.locator(".results")).to_contain_text("Peter Köhn")

    # ArrowDown on the focused select picks the next town, Enter in the search field submits.
    tab_until(page, lambda e: e["tag"] == "select" and e["name"] == "gemeinde", key="Shift+Tab")
    page.keyboard.press("ArrowDown")
    expect(gemeinde).not_to_have_value("loehne")
    chosen = gemeinde.input_value()
    tab_until(page, lambda e: e["tag"] == "input" and e["name"] == "q", key="Shift+Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"[?&]gemeinde={chosen}(&|$)"))
    expect(page.locator(".results")).not_to_contain_text("Peter Köhn")


# --- accessibility checks ------------------------------------------------------------

# Every page in each of its states, and the "not found" page.
AXE_PAGES = [url for page in catalogue.pages(html=True) for url in page.urls()]
AXE_PAGES += [catalogue.NOT_FOUND]
NARROW = 320
NARROW_PAGES = ["/", "/mitglieder/", "/gemeinden/loehne/?thema=fluechtlingsberatung"]


def check_page(site, summary, path, width):
    """Open ``path`` at ``width`` px and run axe; the problems found, as text."""
    page = site.page
    page.set_viewport_size({"width": width, "height": 800})
    response = site.open(path)
    problems = []
    expected_status = 404 if path.endswith(catalogue.NOT_FOUND) else 200
    if response.status != expected_status:
        problems.append(f"{path} answered {response.status}")
    if page.get_by_role("heading", level=1).count() != 1:
        problems.append(f"{path} has not exactly one h1")
    if path.endswith("/mitglieder/?gemeinde=nirgendwo") and not page.get_by_role("alert").count():
        problems.append(f"{path} shows no alert for the unknown municipality")
    violations = run_axe(page, summary, path)
    if violations:
        problems.append(describe_violations(path, width, violations))
    if width == NARROW:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > NARROW:
            problems.append(f"{path} scrolls sideways at {NARROW}px ({scroll_width}px wide)")
    return problems


# One test per language looping over the pages: a test per page would reload the
# data and empty the database some seventy times, minutes on PostgreSQL.
@pytest.mark.parametrize("prefix", ["", "/en", "/ar"], ids=["german", "english", "arabic"])
def test_every_page_has_no_axe_violations(site, axe_summary, prefix):
    problems = []
    for path in AXE_PAGES:
        problems += check_page(site, axe_summary, prefix + path, 1280)
    for path in NARROW_PAGES:
        problems += check_page(site, axe_summary, prefix + path, NARROW)
    assert not problems, "\n\n".join(problems)


def test_feedback_form_is_usable_and_stored(site, axe_summary):
    from django.core.cache import cache

    from pages.models import Feedback

    cache.clear()  # the form's rate limit counts per address in the shared cache
    page = site.page
    site.open("/barrierefreiheit/")
    form = page.get_by_role("region", name="Barriere melden")

    # Sending it empty explains what is missing, next to the field.
    form.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_role("alert")).to_contain_text("Die Nachricht wurde nicht gesendet.")
    message = form.get_by_label("Ihre Nachricht (Pflichtfeld)")
    expect(message).to_have_attribute("aria-invalid", "true")
    assert Feedback.objects.count() == 0
    violations = run_axe(page, axe_summary, "/barrierefreiheit/ (form errors)")
    assert not violations, describe_violations("/barrierefreiheit/ (form errors)", 1280, violations)

    form.get_by_label("Ihre Nachricht (Pflichtfeld)").fill(
        "Die Tabelle auf der Seite Chronik ist mit dem Screenreader schwer zu lesen."
    )
    form.get_by_role("button", name="Nachricht senden").click()

    expect(page).to_have_url(re.compile(r"/barrierefreiheit/\?gesendet=1#rueckmeldung$"))
    success = page.get_by_role("status").filter(has_text="Vielen Dank")
    expect(success).to_be_visible()
    expect(success).to_contain_text("Ihre Nachricht ist angekommen")
    violations = run_axe(page, axe_summary, "/barrierefreiheit/?gesendet=1")
    assert not violations, describe_violations("/barrierefreiheit/?gesendet=1", 1280, violations)
    assert Feedback.objects.count() == 1
    feedback = Feedback.objects.get()
    assert feedback.message.startswith("Die Tabelle auf der Seite Chronik")
    assert (feedback.name, feedback.email, feedback.page_url) == ("", "", "")


FORM_ERROR_STATES = [
    pytest.param("/mitglieder/?gemeinde=nirgendwo", None, id="members-filter"),
    pytest.param("/barrierefreiheit/", "Nachricht senden", id="feedback-form"),
]


@pytest.mark.parametrize(("path", "submit"), FORM_ERROR_STATES)
def test_form_errors_are_announced_with_their_field(site, path, submit):
    """Each invalid field's aria-describedby points at its error text (Django's
    '<auto_id>_error' id), so a screen reader reads the error with the field."""
    page = site.page
    site.open(path)
    if submit:
        page.get_by_role("button", name=submit).click()
    expect(page.locator("[aria-invalid=true]").first).to_be_attached()

    fields = page.evaluate(
        """() => [...document.querySelectorAll('[aria-invalid=true]')].map(el => {
            const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
            return {
                field: el.id,
                describedby: ids,
                missing: ids.filter(id => !document.getElementById(id)),
                description: ids.map(id => document.getElementById(id)?.textContent.trim())
                    .filter(Boolean).join(' '),
            };
        })"""
    )
    not_announced = [f for f in fields if f["missing"] or not f["description"]]
    assert not not_announced, f"error text not linked to its field on {path}: {not_announced}"


# --- newcomers in their language --------------------------------------------------------

RESIDENT_LANGUAGES = [
    pytest.param("ar", "العربية", "rtl", id="arabic"),
    pytest.param("uk", "Українська", "ltr", id="ukrainian"),
]


@pytest.mark.parametrize(("code", "own_name", "direction"), RESIDENT_LANGUAGES)
def test_newcomer_switches_language_picks_loehne_and_refugee_counselling(
    site, axe_summary, code, own_name, direction
):
    page = site.page
    site.open("/")

    page.get_by_role("link", name=own_name, exact=True).click()
    expect(page).to_have_url(site.url(f"/{code}/"))
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.locator("html")).to_have_attribute("dir", direction)
    assert page.evaluate("getComputedStyle(document.body).direction") == direction

    page.get_by_role("main").get_by_role("link", name=re.compile(r"^Löhne\b")).click()
    expect(page).to_have_url(site.url(f"/{code}/gemeinden/loehne/"))

    topic = page.locator("select[name=thema]")
    topic.select_option("fluechtlingsberatung")
    page.locator("main form.filter-form button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"[?&]thema=fluechtlingsberatung(&|$)"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Aylin Aydemir")).to_be_visible()
    expect(main.get_by_role("heading", name="Marleen Wieschollek")).to_be_visible()
    expect(main).not_to_contain_text("Peter Köhn")  # Stadt Löhne offers no refugee counselling
    expect(page.locator("html")).to_have_attribute("dir", direction)

    # The interface speaks the chosen language.
    expect(page.locator(".skip-link")).not_to_have_text("Zum Inhalt springen")
    label = f"/{code}/gemeinden/loehne/?thema=fluechtlingsberatung"
    violations = run_axe(page, axe_summary, f"{label} (after switching)")
    assert not violations, describe_violations(label, 1280, violations)

    # Nothing overflows sideways on a small phone, right to left included.
    page.set_viewport_size({"width": NARROW, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW


def test_arabic_filtered_search_keeps_direction_and_finds_people(site):
    page = site.page
    site.open("/ar/mitglieder/")
    filters = page.locator("aside.filters")
    filters.locator("select[name=gemeinde]").select_option("loehne")
    filters.locator("input[name=q]").fill("koehn")
    filters.locator("button[type=submit]").click()

    expect(page).to_have_url(re.compile(r"/ar/mitglieder/\?.*gemeinde=loehne"))
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    cards = page.locator(".results .card")
    expect(cards).to_have_count(1)
    expect(cards.get_by_role("heading")).to_have_text("Peter Köhn")
    # The sidebar sits on the right in a right-to-left page.
    aside = page.locator("aside.filters").bounding_box()
    results = page.locator(".results").bounding_box()
    assert aside["x"] > results["x"], (aside, results)


# --- a partner institution's editor ------------------------------------------------------


def test_partner_editor_signs_in_and_saves_their_institution_and_one_of_its_people(
    site, django_user_model
):
    from django.contrib.auth.models import Group

    from institutions.models import Institution
    from members.models import Member

    password = "ein-langes-passwort-2026"
    editor = django_user_model.objects.create_user("loehne", password=password, is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    loehne = Institution.objects.get(slug="stadt-loehne")
    loehne.partner_editors.add(editor)
    page = site.page

    site.open("/verwaltung/login/?next=/verwaltung/")
    page.get_by_label("Benutzername").fill("loehne")
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("link", name="Institutionen", exact=True)).to_be_visible()

    page.goto(site.url(f"/verwaltung/institutions/institution/{loehne.pk}/change/"))
    # The office's fields are shown, not offered for editing.
    expect(page.locator("input[name=slug]")).to_have_count(0)
    page.locator("textarea[name=description]").fill("Integrationsbüro im Rathaus Löhne")
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    _screenshot(page, "redaktion-institution-gesichert")

    koehn = Member.objects.get(last_name="Köhn")
    page.goto(site.url("/verwaltung/members/member/"))
    page.get_by_role("link", name="Köhn").click()
    page.locator("input[name=function]").fill("Integrationsbeauftragter")
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    _screenshot(page, "redaktion-person-gesichert")

    loehne.refresh_from_db()
    koehn.refresh_from_db()
    assert loehne.description == "Integrationsbüro im Rathaus Löhne"
    assert loehne.slug == "stadt-loehne"
    assert koehn.function == "Integrationsbeauftragter"


def _screenshot(page, name):
    """Kept for a person to look at when SCREENSHOT_DIR is set (never in git)."""
    if directory := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)
