"""A resident on a phone (360 × 800): the first result in sight, names that read right.

The header folds its languages and navigation, and a list folds its filters while it
shows results (<details>, no script), so the first person or place starts within the
first one and a half screens. On an Arabic page a German name keeps its punctuation
where it belongs (<bdi>).
"""

import re

import pytest

from tests.browser.support import require_browser
from tests.catalogue import pages

require_browser()

from playwright.sync_api import expect  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 800}


def test_the_first_result_starts_within_one_and_a_half_screens_on_a_phone(site):
    """Every list page of the catalogue, with each of its queries, in German and Arabic."""
    page = site.page
    page.set_viewport_size(PHONE)
    too_far, measured = [], 0
    for entry in pages(html=True):
        if not entry.first_result:
            continue
        for url in [*entry.urls(), *entry.urls(language="ar")]:
            site.open(url)
            first = page.locator(entry.first_result).first
            if not first.count():
                continue  # a query that finds nobody (an unknown town, a word nobody has)
            top = first.bounding_box()["y"]
            measured += 1
            if top >= 1.5 * PHONE["height"]:
                too_far.append(f"{url}: {top:.0f} px, {top / PHONE['height']:.2f} screens")
    assert measured >= 20, f"only {measured} lists with results measured"
    assert not too_far, "first result further down than 1.5 screens:\n" + "\n".join(too_far)


def test_a_resident_unfolds_the_menu_the_languages_and_the_filters_on_a_phone(site):
    page = site.page
    page.set_viewport_size(PHONE)
    site.open("/mitglieder/?gemeinde=loehne")

    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    expect(navigation).to_be_hidden()
    page.get_by_text("Menü", exact=True).click()
    expect(navigation.get_by_role("link", name="Institutionen")).to_be_visible()

    languages = page.get_by_role("navigation", name="Sprache wählen / Language")
    expect(languages).to_be_hidden()
    page.locator("summary", has_text="Deutsch").click()
    expect(languages.get_by_role("link", name="العربية")).to_be_visible()

    town = page.get_by_label("Stadt oder Gemeinde")
    expect(town).to_be_hidden()
    page.get_by_text("Liste eingrenzen", exact=True).click()
    town.select_option("enger")
    page.get_by_role("button", name="Anzeigen").click()

    expect(page).to_have_url(re.compile(r"/mitglieder/\?.*gemeinde=enger"))
    expect(page.get_by_role("link", name="Stadt oder Gemeinde: Enger")).to_be_visible()
    assert page.locator(".card-list > li").first.bounding_box()["y"] < 1.5 * PHONE["height"]


def test_the_filters_are_open_where_a_list_shows_nobody(site):
    page = site.page
    page.set_viewport_size(PHONE)
    site.open("/mitglieder/?q=gibt-es-nicht")

    expect(page.get_by_label("Name, Funktion oder Institution")).to_be_visible()


def test_on_a_wide_screen_nothing_is_folded(site):
    page = site.page
    page.set_viewport_size({"width": 1280, "height": 800})
    site.open("/mitglieder/?gemeinde=loehne")

    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()
    expect(page.get_by_role("navigation", name="Sprache wählen / Language")).to_be_visible()
    expect(page.get_by_label("Stadt oder Gemeinde")).to_be_visible()
    expect(page.get_by_text("Menü", exact=True)).to_be_hidden()


# Where the period of "… e.V." is drawn, relative to the "V" before it.
PERIOD_AFTER_NAME = """(suffix) => {
    const link = [...document.querySelectorAll('main a')]
        .find((a) => a.textContent.trim().endsWith(suffix));
    if (!link) return null;
    const walker = document.createTreeWalker(link, NodeFilter.SHOW_TEXT);
    let node, text;
    while ((node = walker.nextNode())) {
        if (node.textContent.trim().endsWith(suffix)) { text = node; break; }
    }
    const end = text.textContent.trimEnd().length;
    const box = (i) => {
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect();
    };
    return {name: link.textContent.trim(), v: box(end - 2).left, period: box(end - 1).left};
}"""


@pytest.mark.parametrize("path", ["/ar/mitglieder/", "/ar/gemeinden/loehne/"])
def test_a_german_name_on_an_arabic_page_keeps_its_period_at_its_end(site, path):
    page = site.page
    site.open(path)

    drawn = page.evaluate(PERIOD_AFTER_NAME, "e.V.")

    assert drawn, f"no name ending in 'e.V.' on {path}"
    # Left to right inside the name: the period is drawn right of the V.
    assert drawn["period"] > drawn["v"], f"{drawn['name']!r} shows its period first on {path}"
