"""A partner's page on another port embeds the Vlotho MBE list in Chromium; the rest of
the site refuses to be framed; the list is axe-clean in German, English and Arabic."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.utils.html import escape

from tests.browser.support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from institutions.models import Language, Service  # noqa: E402
from pages.models import EmbedHost  # noqa: E402
from tests import factories  # noqa: E402
from tests.browser.support import (  # noqa: E402
    NARROW,
    TIMEOUT_MS,
    Site,
    describe_violations,
    run_axe,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VLOTHO_MBE = "/einbetten/?gemeinde=vlotho&thema=mbe"


class PartnerPage(BaseHTTPRequestHandler):
    """A partner's web page: its own heading, and the frame the office's code makes."""

    site = ""  # the live server's address

    def do_GET(self):
        frame = parse_qs(urlsplit(self.path).query).get("frame")
        if not frame:  # the browser's /favicon.ico
            self.send_error(404)
            return
        source = self.site + frame[0]
        body = (
            '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">'
            "<title>Stadt Vlotho – Integration</title></head><body>"
            "<h1>Stadt Vlotho: Beratung für Zugewanderte</h1>"
            f'<iframe src="{escape(source)}" title="Ansprechpersonen im Netzwerk" '
            'width="100%" height="500"></iframe></body></html>'
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def partner(live_server):
    """The partner's website on a port of its own (another origin), stopped after the test."""
    handler = type("Handler", (PartnerPage,), {"site": live_server.url})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def invented_site(live_server, page):
    """A browser tab on the live server, with 21 invented MBE counsellors for Vlotho (one
    page and one more) with every detail a list entry shows: no brochure to load."""
    factories.municipality("vlotho")
    mbe = factories.institution("Migrationsberatung Test", county_wide=True, slug="mbe-test")
    mbe.services.add(Service.objects.get(slug="mbe"))
    arabic = Language.objects.get(code="ar")
    for n in range(21):
        person = factories.member(
            f"Amira{n}",
            "Haddad",
            institution_obj=mbe,
            function="Beraterin",
            email=f"amira{n}@beispiel.example",
            phone="0221 4710 123",
        )
        person.languages.add(arabic)
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return Site(live_server.url, page)


def framed(site, partner, path):
    """The frame of the partner's page that shows ``path``, after the page loaded."""
    site.page.goto(f"{partner}/?{urlencode({'frame': path})}")
    return site.page.frame_locator("iframe")


def test_a_partner_page_on_another_port_embeds_the_vlotho_mbe_list(site, partner):
    EmbedHost.objects.create(address=partner, note="Stadt Vlotho")
    frame = framed(site, partner, VLOTHO_MBE)
    person = frame.get_by_role("link", name="Nataša Stančić")
    expect(person).to_be_visible()
    expect(person).to_have_attribute("target", "_blank")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Ansprechpersonen im Netzwerk")
    site.page.screenshot(path="/tmp/embed.png", full_page=True)

    # The entry opens in a new tab, on this site; the partner's page stays.
    with site.page.context.expect_page() as new_tab:
        person.click()
    entry = new_tab.value
    entry.wait_for_load_state()
    assert entry.url == site.url("/mitglieder/natasa-stancic/")
    expect(entry.get_by_role("heading", level=1)).to_contain_text("Nataša Stančić")
    assert site.page.url.startswith(partner)
    entry.close()


def test_the_list_refuses_other_websites_and_every_other_page_refuses_all(invented_site, partner):
    site = invented_site
    EmbedHost.objects.create(address="https://www.vlotho.de")
    framed(site, partner, VLOTHO_MBE)
    assert frame_refused(site.page)
    # "*": any website may frame the list, still no other page.
    EmbedHost.objects.create(address="*")
    expect(
        framed(site, partner, VLOTHO_MBE).get_by_role("link", name="Amira0 Haddad")
    ).to_be_visible()
    framed(site, partner, "/mitglieder/?gemeinde=vlotho&thema=mbe")
    assert frame_refused(site.page)


def frame_refused(page):
    """Chromium shows its error page in a frame whose page refused to be framed."""
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.wait_for_load_state("load")
    return page.main_frame.child_frames[0].url.startswith("chrome-error://")


def test_the_list_has_no_axe_violations_in_german_english_and_arabic(invented_site, axe_summary):
    problems = []
    pages = [(1280, VLOTHO_MBE), (NARROW, "/einbetten/?gemeinde=nirgendwo")]
    for prefix in ("", "/en", "/ar"):
        pages += [(NARROW, prefix + VLOTHO_MBE), (NARROW, prefix + "/einbetten/?seite=2")]
    for width, path in pages:
        problems += check(invented_site, axe_summary, path, width)
        if path.endswith(VLOTHO_MBE):
            assert invented_site.page.locator(".embed-list > li").count() == 20
    assert not problems, "\n\n".join(problems)


def check(site, axe_summary, path, width):
    site.page.set_viewport_size({"width": width, "height": 800})
    assert site.open(path).status == 200
    problems = []
    if violations := run_axe(site.page, axe_summary, path):
        problems.append(describe_violations(path, width, violations))
    scroll_width = site.page.evaluate("document.documentElement.scrollWidth")
    if scroll_width > width:
        problems.append(f"{path} scrolls sideways at {width}px ({scroll_width}px wide)")
    return problems
