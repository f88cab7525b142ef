"""The members list as files people take along: CSV for Excel, vCard for address books."""

import csv
import datetime
import io

import pytest
import vobject
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from institutions.models import HourMode, PhoneKind, Service
from tests import factories
from widunetz.pagecache import bump_content_version

pytestmark = pytest.mark.django_db

MEMBERS = reverse("members:member-list")
CSV = reverse("members:member-export-csv")
VCARD = reverse("members:member-export-vcf")


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def read_vcards(response):
    return list(vobject.readComponents(response.content.decode()))


@pytest.fixture
def on_2_december_2026(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 2))


@pytest.fixture
def unit_with_everything(db):
    """A Träger's unit with every contact detail the site knows, and one person in it."""
    traeger = factories.institution("Beispielverband Testkreis e.V.")
    unit = factories.institution(
        "Jugendmigrationsdienst",
        parent=traeger,
        serves=["loehne"],
        phone="05732 100-0",
        email="jmd@example.org",
        website="https://jmd.example.org/",
        booking_url="https://termine.example.org/jmd",
    )
    unit.services.add(Service.objects.get(slug="jmd"))
    factories.location(unit, "loehne", name="Büro Löhne", street="Teststraße 1")
    factories.add_phone(unit, "05732 100-99", kind=PhoneKind.FAX)
    person = factories.member(
        "Erika",
        "Muster",
        institution_obj=unit,
        function="Beraterin; Koordination",
        phone="05732 100-12",
        email="e.muster@example.org",
    )
    factories.add_phone(person, "0171 2345678", kind=PhoneKind.MOBILE)
    person.languages.add("ar", "tr")
    return person


# The file names


def test_the_whole_list_is_named_with_its_date(client, db, on_2_december_2026):
    response = client.get(CSV)
    assert response["Content-Disposition"] == (
        'attachment; filename="widunetz-mitglieder-2026-12-02.csv"'
    )


def test_a_filtered_export_is_named_after_its_municipality(client, db, on_2_december_2026):
    factories.municipality("loehne")
    response = client.get(CSV, {"gemeinde": "loehne"})
    assert response["Content-Disposition"] == (
        'attachment; filename="widunetz-mitglieder-loehne-2026-12-02.csv"'
    )


def test_the_vcard_file_names_every_filter_but_the_sorting(client, db, on_2_december_2026):
    factories.municipality("loehne")
    query = {"gemeinde": "loehne", "thema": "jmd", "sprache": "ar", "sortierung": "institution"}
    response = client.get(VCARD, {**query, "q": "Müller"})
    assert response["Content-Disposition"] == (
        'attachment; filename="widunetz-mitglieder-jmd-ar-loehne-mueller-2026-12-02.vcf"'
    )


@pytest.mark.parametrize(
    ("search", "named"),
    [
        ("Stančić", "stancic"),
        ("Buß  Straße", "buss-strasse"),
        ('x"; filename="evil.exe', "x-filenameevilexe"),
        # Nothing of it is ASCII: the name still says the list was searched.
        ("محمد", "suche"),
        ("Integrationsbeauftragte der Stadt Löhne und Umgebung", "integrationsbeauftragte-der"),
    ],
)
def test_a_search_term_is_named_in_ascii(client, db, on_2_december_2026, search, named):
    response = client.get(CSV, {"q": search})
    assert response["Content-Disposition"] == (
        f'attachment; filename="widunetz-mitglieder-{named}-2026-12-02.csv"'
    )


def test_a_filter_that_could_not_be_applied_is_not_named(client, db, on_2_december_2026):
    response = client.get(CSV, {"gemeinde": "nirgendwo"})
    assert "nirgendwo" not in response["Content-Disposition"]


# The links on the list


def test_the_whole_list_links_its_exports_without_a_query_string(client, db):
    factories.member()
    text = client.get(MEMBERS, {"seite": "1"}).text
    assert f'href="{CSV}"' in text and f'href="{VCARD}"' in text
    assert "export.csv?" not in text and "export.vcf?" not in text


def test_a_filtered_list_links_its_exports_with_its_filters(client, db):
    factories.member(institution_obj=factories.institution(serves=["loehne"]))
    text = client.get(MEMBERS, {"gemeinde": "loehne", "seite": "1"}).text
    assert f'href="{CSV}?gemeinde=loehne"' in text
    assert f'href="{VCARD}?gemeinde=loehne"' in text


# CSV


def test_csv_export_opens_in_german_excel_and_honours_the_filters(client, brochure):
    response = client.get(CSV, {"gemeinde": "loehne"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Nachname", "Vorname", "Funktion", "Institution"]
    assert {"Zuständig für", "Telefon", "E-Mail"} <= set(header)
    last_names = [row[0] for row in body]
    assert "Köhn" in last_names and "Bartels" not in last_names
    assert len(body) == client.get(MEMBERS, {"gemeinde": "loehne"}).context["paginator"].count


def test_csv_export_neutralises_spreadsheet_formulas(client, db):
    factories.member(first_name="=HYPERLINK(1)", last_name="Formel")
    rows = read_csv(client.get(CSV))
    assert rows[1][1] == "'=HYPERLINK(1)"


def test_csv_carries_the_institutions_address_website_and_languages(client, unit_with_everything):
    header, row = read_csv(client.get(CSV))
    person = dict(zip(header, row, strict=True))
    assert person["Institution"] == "Jugendmigrationsdienst"
    assert person["Träger"] == "Beispielverband Testkreis e.V."
    assert person["Straße und Hausnummer"] == "Teststraße 1"
    assert person["Postleitzahl"] == "32584"
    assert person["Ort"] == "Löhne"
    assert person["Internetseite"] == "https://jmd.example.org/"
    assert person["E-Mail"] == "e.muster@example.org"
    assert person["Beratungssprachen"] == "العربية, Türkçe"


def test_csv_carries_every_phone_with_its_kind_and_the_booking_link(client, unit_with_everything):
    header, row = read_csv(client.get(CSV))
    person = dict(zip(header, row, strict=True))
    assert person["Telefon"] == "05732 10012, 0171 2345678 (Mobil)"
    assert person["Telefon der Institution"] == "05732 1000, 05732 10099 (Fax)"
    assert person["Online-Terminbuchung"] == "https://termine.example.org/jmd"
    # The unit sets no ages of its own: its topic's (the JMD counsels from 12 to 27).
    assert person["Alter"] == "12–27 Jahre"


def test_csv_gives_the_hours_in_words(client, unit_with_everything):
    person = unit_with_everything
    office = person.institution.locations.get()
    town_hall = factories.location(person.institution, "loehne", name="Rathaus Löhne")
    factories.hour(person, weekday=1, starts="09:00", ends="12:00", location=office)
    factories.hour(
        person, weekday=1, starts="14:00", ends="16:00", week_of_month=1, location=town_hall
    )
    factories.hour(
        person,
        weekday=2,
        starts="10:00",
        ends="11:30",
        every_weeks=2,
        valid_from=datetime.date(2020, 1, 1),
        mode=HourMode.PHONE,
        appointment_needed=True,
    )
    factories.hour(person, weekday=3, valid_until=datetime.date(2021, 1, 1))  # over
    header, row = read_csv(client.get(CSV))
    assert dict(zip(header, row, strict=True))["Sprechzeiten"] == (
        "Di 9:00–12:00; jeden 1. Di im Monat 14:00–16:00 (Rathaus Löhne); "
        "alle 2 Wochen Mi 10:00–11:30 (telefonisch, nur mit Termin)"
    )


def test_without_hours_of_their_own_a_person_has_their_institutions(client, unit_with_everything):
    unit = unit_with_everything.institution
    factories.hour(unit, weekday=0, starts="08:30", ends="12:00", week_of_month=-1)
    unit.minimum_age, unit.maximum_age = 16, None
    unit.save()
    header, row = read_csv(client.get(CSV))
    person = dict(zip(header, row, strict=True))
    assert person["Sprechzeiten"] == "jeden letzten Mo im Monat 8:30–12:00 (telefonisch)"
    assert person["Alter"] == "ab 16 Jahren"


def test_the_export_takes_the_same_queries_for_two_or_twenty_people(client, db):
    def people(count):
        for n in range(count):
            traeger = factories.institution()
            unit = factories.institution(parent=traeger, phone="05221 4710100")
            factories.location(traeger, "herford")
            person = factories.member(last_name=f"Person {n}", institution_obj=unit)
            factories.add_phone(person, "0171 2345678", kind=PhoneKind.MOBILE)
            factories.hour(person, location=factories.location(unit, "loehne"))
            factories.hour(unit, weekday=3)

    def queries(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    people(2)
    few = {url: queries(url) for url in (CSV, VCARD)}
    people(18)
    bump_content_version()
    assert {url: queries(url) for url in (CSV, VCARD)} == few
    assert len(read_csv(client.get(CSV))) == 21


# vCard


def test_vcard_export_has_one_card_per_person(client, brochure):
    response = client.get(VCARD, {"q": "Stančić"})
    assert response["Content-Type"] == "text/vcard; charset=utf-8"
    body = response.content.decode()
    assert body.count("BEGIN:VCARD") == 1
    assert "VERSION:4.0\r\n" in body
    assert "FN:Nataša Stančić\r\n" in body
    assert "N:Stančić;Nataša;;;\r\n" in body
    all_cards = client.get(VCARD).content.decode()
    assert all_cards.count("BEGIN:VCARD") == all_cards.count("END:VCARD") == 48


def test_vcard_carries_everything_the_site_shows_about_a_person(client, unit_with_everything):
    [card] = read_vcards(client.get(VCARD))
    assert card.version.value == "4.0"
    assert card.fn.value == "Erika Muster"
    assert card.title.value == "Beraterin; Koordination"
    assert card.org.value == ["Beispielverband Testkreis e.V.", "Jugendmigrationsdienst"]
    [address] = card.contents["adr"]
    assert address.params["TYPE"] == ["work"]
    assert (address.value.street, address.value.code, address.value.city) == (
        "Teststraße 1",
        "32584",
        "Löhne",
    )
    assert [url.value for url in card.contents["url"]] == [
        "https://jmd.example.org/",
        "https://termine.example.org/jmd",
    ]
    phones = [(tel.value, tel.params["TYPE"]) for tel in card.contents["tel"]]
    # The person's own numbers first and preferred, then the institution's.
    assert phones == [
        ("tel:+49573210012", ["work", "voice"]),
        ("tel:+491712345678", ["work", "cell"]),
        ("tel:+4957321000", ["work", "voice"]),
        ("tel:+49573210099", ["work", "fax"]),
    ]
    assert [tel.params.get("PREF") for tel in card.contents["tel"]] == [["1"], ["1"], None, None]
    assert card.note.value.splitlines() == [
        "Alter: 12–27 Jahre",
        "Online-Terminbuchung: https://termine.example.org/jmd",
    ]
    emails = [email.value for email in card.contents["email"]]
    assert emails == ["e.muster@example.org", "jmd@example.org"]
    assert card.contents["email"][0].params["PREF"] == ["1"]
    assert [lang.value for lang in card.contents["lang"]] == ["ar", "tr"]


def test_vcard_leaves_out_what_nobody_recorded(client, db):
    factories.member(institution_obj=factories.institution("Kleine Stelle"))
    [card] = read_vcards(client.get(VCARD))
    assert card.org.value == ["Kleine Stelle"]
    assert not {"adr", "url", "tel", "email", "lang", "title", "note"} & set(card.contents)


def test_the_vcard_notes_the_hours_in_words(client, unit_with_everything):
    factories.hour(unit_with_everything, weekday=4, starts="13:00", ends="15:00")
    [card] = read_vcards(client.get(VCARD))
    assert card.note.value.splitlines()[0] == "Sprechzeiten: Fr 13:00–15:00 (telefonisch)"


@pytest.mark.parametrize(
    "line_break", ["\r", "\n", "\r\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029"]
)
def test_a_line_break_in_a_field_cannot_add_a_vcard_property(client, db, line_break):
    function = f"Beratung{line_break}URL:https://evil.example/"
    factories.member(function=function)
    body = client.get(VCARD).content.decode()
    [card] = vobject.readComponents(body)
    assert "url" not in card.contents
    assert card.title.value.splitlines() == ["Beratung", "URL:https://evil.example/"]


@pytest.mark.parametrize("field", ["street", "city", "website"])
def test_a_line_break_in_an_address_or_website_cannot_add_a_vcard_property(client, db, field):
    value = "https://a.example/\r\nNOTE:eingeschleust"
    institution = factories.institution(**({field: value} if field == "website" else {}))
    if field != "website":
        factories.location(institution, None, **{field: value})
    factories.member(institution_obj=institution)
    [card] = read_vcards(client.get(VCARD))
    assert "note" not in card.contents
