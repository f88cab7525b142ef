"""The whole way of the contact data, in a real Chromium: the office enters the
Jugendmigrationsdienst's office in Herford, its hours there and an outreach hour in the
town hall of Löhne; a resident on a phone, in Arabic, asks "Wer ist für mich
zuständig?" for Löhne, age 20, JMD, finds the service with its next hour in Löhne, its
number to tap and its counsellor's own page."""

import pytest

from tests.browser.support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from tests.browser.support import NARROW, screenshot  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "ein-langes-passwort-2026"  # the coordinator fixture's


def choose(page, field, text):
    """Pick ``text`` in the admin's autocomplete (select2) that replaces ``field``."""
    page.locator(f"#{field}").locator("xpath=..").locator(".select2-selection").click()
    page.locator(".select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def add_place(page, site, institution, name, street, postal_code, city, municipality):
    page.goto(site.url("/verwaltung/institutions/location/add/"))
    choose(page, "id_institution", institution)
    page.locator("#id_name").fill(name)
    page.locator("#id_street").fill(street)
    page.locator("#id_postal_code").fill(postal_code)
    page.locator("#id_city").fill(city)
    page.locator("#id_municipality").select_option(label=municipality)
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()


def test_the_office_enters_hours_and_a_resident_in_arabic_finds_the_jmd_in_loehne(
    site, coordinator
):
    from institutions.models import ConsultationHour, Institution

    page = site.page
    site.open("/verwaltung/login/?next=/verwaltung/")
    page.get_by_label("Benutzername").fill(coordinator.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    add_place(page, site, "Jugendmigrationsdienst", "Büro Herford", "Auf der Freiheit 25",
              "32052", "Herford", "Herford")  # fmt: skip
    add_place(page, site, "Stadt Löhne", "Rathaus Löhne", "Oeynhausener Straße 41",
              "32584", "Löhne", "Löhne")  # fmt: skip

    jmd = Institution.objects.get(slug="diakonie-jugendmigrationsdienst")
    page.goto(site.url(f"/verwaltung/institutions/institution/{jmd.pk}/change/"))
    phones = "institutions-phone-content_type-object_id"
    hours = "institutions-consultationhour-content_type-object_id"
    page.locator(f"#{phones}-group .add-row a").click()
    page.locator(f"#id_{phones}-0-number").fill("05221 5998 0")
    page.locator(f"#{hours}-group .add-row a").click()
    page.locator(f"#{hours}-group .add-row a").click()
    for n, (place, weekday, week, starts, ends) in enumerate(
        [("Büro Herford", "1", "", "09:00", "12:00"), ("Rathaus Löhne", "1", "1", "14:00", "16:00")]
    ):
        page.locator(f"#id_{hours}-{n}-mode").select_option("vor_ort")
        choose(page, f"id_{hours}-{n}-location", place)
        page.locator(f"#id_{hours}-{n}-weekday").select_option(weekday)
        page.locator(f"#id_{hours}-{n}-week_of_month").select_option(week)
        page.locator(f"#id_{hours}-{n}-starts").fill(starts)
        page.locator(f"#id_{hours}-{n}-ends").fill(ends)
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert ConsultationHour.objects.held_by(jmd).count() == 2

    # The resident: a phone, in Arabic, without the admin's session.
    page.context.clear_cookies()
    page.set_viewport_size({"width": NARROW, "height": 740})
    site.open("/ar/zustaendig/")
    page.locator("select[name=gemeinde]").select_option("loehne")
    page.locator("input[name=alter]").fill("20")
    page.locator("select[name=thema]").select_option("jmd")
    page.locator("form.filter-form button[type=submit]").click()
    answer = page.locator("#answer-heading").locator("xpath=..")
    service = answer.locator("li.card", has_text="Jugendmigrationsdienst")
    expect(service).to_be_visible()
    expect(service).to_contain_text("Rathaus Löhne")  # the next hour is the one in town
    expect(service.locator("time").first).to_be_visible()
    tel = service.locator("a[href^='tel:']")
    assert tel.first.get_attribute("href") == "tel:+49522159980"
    screenshot(page, "zustaendig-ar-loehne-jmd")

    service.get_by_role("link", name="Doris Laukötter").click()
    expect(page.locator("h1")).to_contain_text("Doris Laukötter")
    assert page.url.endswith("/ar/mitglieder/doris-laukotter/")
    assert page.locator("html").get_attribute("dir") == "rtl"
    screenshot(page, "person-ar")
