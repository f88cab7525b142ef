"""What residents do in a real Chromium, by mouse and by keyboard."""

import re
from pathlib import Path

import pytest

from tests.browser.support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from tests.browser.support import (  # noqa: E402
    active_element,
    describe,
    describe_violations,
    has_visible_focus_indicator,
    result_count,
    run_axe,
    tab_until,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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


def test_every_first_tab_stop_shows_where_the_focus_is(site):
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


def test_keyboard_only_user_reaches_the_members_list_and_filters(site, axe_summary):
    page = site.page
    # A fresh visitor: the first Tab lands on the skip link.
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
