"""A partner institution's editor signs in and saves their own records in a real Chromium."""

import pytest

from tests.browser.support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from tests.browser.support import (  # noqa: E402
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


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
    screenshot(page, "redaktion-institution-gesichert")

    koehn = Member.objects.get(last_name="Köhn")
    page.goto(site.url("/verwaltung/members/member/"))
    page.get_by_role("link", name="Köhn").click()
    page.locator("input[name=function]").fill("Integrationsbeauftragter")
    page.get_by_role("button", name="Sichern", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    screenshot(page, "redaktion-person-gesichert")

    loehne.refresh_from_db()
    koehn.refresh_from_db()
    assert loehne.description == "Integrationsbüro im Rathaus Löhne"
    assert loehne.slug == "stadt-loehne"
    assert koehn.function == "Integrationsbeauftragter"
