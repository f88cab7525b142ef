"""The admin's lists fit a 1280 px screen: every column in view, nothing scrolled sideways.

At 1280 px the admin's navigation and the filters leave the table about 630 px. A
column past that edge sits in a table that scrolls sideways on its own, easy to
miss: the people's "öffentlich sichtbar" and "zuletzt geprüft am" did.
"""

import datetime

import pytest
from django.contrib import admin

from tests.browser.support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from tests.browser.support import screenshot  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTH = 1280
PASSWORD = "ein-langes-passwort-2026"
DIRECTORY_APPS = {"institutions", "members", "pages"}
DIRECTORY_LISTS = [m for m in admin.site._registry if m._meta.app_label in DIRECTORY_APPS]
# The columns the editors check most, named by their headers.
COLUMNS = {
    "members/member": ["Name", "Institution", "Öffentlich", "Geprüft am"],
    "institutions/institution": ["Name", "Gehört zu", "Öffentlich", "Geprüft am"],
}

OVERFLOW = """() => {
    const table = document.querySelector('#result_list');
    const results = table && table.closest('.results');
    return {
        rows: table ? table.tBodies[0].rows.length : 0,
        tableRight: table ? Math.ceil(table.getBoundingClientRect().right) : 0,
        resultsScroll: results ? results.scrollWidth - results.clientWidth : 0,
        pageScroll: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        viewport: document.documentElement.clientWidth,
    };
}"""
# Each header of the office's desk as (text, lines it takes); squeezed, one letter a line.
DESK_HEADERS = """() => [...document.querySelectorAll('#office-desk thead th')].map(th => {
    const range = document.createRange();
    range.selectNodeContents(th);
    return [th.textContent.trim(), range.getClientRects().length];
})"""


@pytest.fixture
def longest_values(brochure):
    """Dates in every "geprüft am", a typed-in address in the feedback list, and a
    place, phone, hour and closure of Stadt Löhne with long texts: the brochure has
    none of these, and an empty column is narrow."""
    from institutions.models import Closure, Institution
    from members.models import Member
    from pages.models import Feedback
    from tests import factories

    checked = datetime.date(2026, 9, 30)
    Member.objects.update(verified_on=checked)
    Institution.objects.update(verified_on=checked)
    Feedback.objects.create(
        message="Die Filter sind mit der Tastatur schwer zu erreichen.",
        page_url="https://widunetz.kreis-herford.de/mitglieder/?gemeinde=loehne"
        "&arbeitskreis=arbeitskreis-interkulturelle-oeffnung&art=wohlfahrtsverband",
    )
    loehne = Institution.objects.get(slug="stadt-loehne")
    person = Member.objects.filter(institution=loehne).first()
    place = factories.location(
        loehne, "loehne", name="Rathaus Löhne, Bürgerbüro im Erdgeschoss, Zimmer 12"
    )
    factories.add_phone(person, "05732 100-100", description="Sekretariat der Integrationsagentur")
    factories.hour(
        person, location=place, note="Offene Sprechstunde ohne Termin, bitte Ausweis mitbringen"
    )
    Closure.objects.create(
        holder=loehne,
        starts=datetime.date(2026, 12, 23),
        ends=datetime.date(2027, 1, 2),
        reason="Weihnachtsferien der Stadtverwaltung und Inventur im Bürgerbüro",
    )
    # A request the mail server refused, and a proposal waiting for the office.
    from members.models import ChangeRequest, ConfirmationRequest

    request = ConfirmationRequest.objects.create(
        member=person,
        institution=loehne,
        email="integrationsbeauftragte.sekretariat@stadt-loehne.example",
        send_error="SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable",
    )
    ChangeRequest.objects.create(
        member=person,
        institution=loehne,
        source=ChangeRequest.Source.LINK,
        confirmation=request,
        proposed={"function": "Integrationsbeauftragte und Ansprechpartnerin für Ehrenamt"},
        previous={"function": person.function},
        sender_email="integrationsbeauftragte.sekretariat@stadt-loehne.example",
    )
    rows_of_the_partner_lists(loehne)


def rows_of_the_partner_lists(loehne):
    """A Termin with long texts, a partner website and the open data's licence: the
    lists of issue 15 are empty in the brochure."""
    from django.utils import timezone

    from members.events import Termin
    from pages.models import DataLicence, EmbedHost
    from tests import factories

    starts = timezone.make_aware(datetime.datetime(2026, 12, 10, 14, 0))
    Termin.objects.create(
        title="Sitzung der Projektgruppe mit Vorstellung des Integrationskonzepts Löhne",
        starts=starts,
        ends=starts + datetime.timedelta(hours=2, minutes=30),
        place="Rathaus Löhne, Großer Sitzungssaal im ersten Obergeschoss",
        municipality=factories.municipality("loehne"),
        organiser=loehne,
        group=factories.working_group(),
        is_public=True,
    )
    EmbedHost.objects.create(address="https://*.integration.kreis-herford.de", note="Stadt Löhne")
    DataLicence.objects.first() or DataLicence.objects.create()


def sign_in(site, username):
    page = site.page
    page.set_viewport_size({"width": WIDTH, "height": 800})
    site.open("/verwaltung/login/?next=/verwaltung/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", name="Inhalte pflegen")).to_be_visible()


def changelists(site):
    """The directory's lists the signed-in user finds on the admin's start page."""
    hrefs = site.page.locator("#content-main th[scope=row] a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [h for h in hrefs if h.strip("/").split("/")[1] in DIRECTORY_APPS]


def layout_problems(site, path):
    page = site.page
    site.open(path)
    name = "/".join(path.strip("/").split("/")[1:])
    screenshot(page, f"admin-{name.replace('/', '-')}-{WIDTH}")
    found = page.evaluate(OVERFLOW)
    problems = []
    if not found["rows"]:
        problems.append(f"{path}: no rows to measure")
    if found["tableRight"] > found["viewport"] or found["resultsScroll"] > 0:
        problems.append(
            f"{path}: the table is {found['resultsScroll']} px too wide for its box "
            f"and ends at {found['tableRight']} px of {found['viewport']}"
        )
    if found["pageScroll"] > 0:
        problems.append(f"{path}: the page scrolls sideways by {found['pageScroll']} px")
    for header in COLUMNS.get(name, []):
        # The header's title; a sorted column adds its sorting links beside it.
        column = page.locator("#result_list thead th .text").get_by_text(header, exact=True)
        if column.count() != 1:
            problems.append(f"{path}: no column {header!r}")
            continue
        try:
            expect(column).to_be_in_viewport(ratio=1)
        except AssertionError:
            problems.append(f"{path}: the column {header!r} is not wholly in view")
    return problems


def test_every_list_of_the_office_fits_1280_px(site, longest_values, django_user_model):
    django_user_model.objects.create_superuser("buero", "buero@example.org", PASSWORD)
    sign_in(site, "buero")
    assert site.page.evaluate(DESK_HEADERS) == [["Punkt", 1], ["Anzahl", 1]]
    paths = changelists(site)
    assert len(paths) == len(DIRECTORY_LISTS), paths
    problems = [problem for path in paths for problem in layout_problems(site, path)]
    assert not problems, "\n".join(problems)


def test_every_list_of_a_partner_editor_fits_1280_px(site, longest_values, django_user_model):
    from django.contrib.auth.models import Group

    from institutions.models import Institution

    editor = django_user_model.objects.create_user("loehne", password=PASSWORD, is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    Institution.objects.get(slug="stadt-loehne").partner_editors.add(editor)
    sign_in(site, "loehne")
    paths = changelists(site)
    assert {"/verwaltung/members/member/", "/verwaltung/institutions/institution/"} <= set(paths)
    problems = [problem for path in paths for problem in layout_problems(site, path)]
    assert not problems, "\n".join(problems)
