"""Newcomers in their own language, right to left included."""

import re

import pytest

from tests.browser.support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from tests.browser.support import (  # noqa: E402
    NARROW,
    describe_violations,
    run_axe,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
