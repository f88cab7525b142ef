"""The members list as files people take along: CSV for Excel, vCard for address books."""

import csv
import datetime
import io

import pytest
import vobject
from django.urls import reverse
from django.utils import timezone

from tests import factories

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
        street="Teststraße 1",
        postal_code="32584",
        city="Löhne",
        phone="05732 100-0",
        email="jmd@example.org",
        website="https://jmd.example.org/",
    )
    person = factories.member(
        "Erika",
        "Muster",
        institution_obj=unit,
        function="Beraterin; Koordination",
        phone="05732 100-12",
        email="e.muster@example.org",
    )
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
    assert person["Telefon"] == "05732 100-12"
    assert person["E-Mail"] == "e.muster@example.org"
    assert person["Beratungssprachen"] == "العربية, Türkçe"


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
    assert card.url.value == "https://jmd.example.org/"
    phones = [(tel.value, tel.params["TYPE"]) for tel in card.contents["tel"]]
    # The person's own number first and preferred, then the institution's.
    assert phones == [
        ("tel:+49573210012", ["work", "voice"]),
        ("tel:+4957321000", ["work", "voice"]),
    ]
    assert card.contents["tel"][0].params["PREF"] == ["1"]
    emails = [email.value for email in card.contents["email"]]
    assert emails == ["e.muster@example.org", "jmd@example.org"]
    assert card.contents["email"][0].params["PREF"] == ["1"]
    assert [lang.value for lang in card.contents["lang"]] == ["ar", "tr"]


def test_vcard_leaves_out_what_nobody_recorded(client, db):
    factories.member(institution_obj=factories.institution("Kleine Stelle"))
    [card] = read_vcards(client.get(VCARD))
    assert card.org.value == ["Kleine Stelle"]
    assert not {"adr", "url", "tel", "email", "lang", "title"} & set(card.contents)


def test_a_number_that_is_not_a_plain_phone_number_stays_text(client, db):
    factories.member(phone="05221 13-0 oder 13-1234")
    [card] = read_vcards(client.get(VCARD))
    assert card.tel.value == "05221 13-0 oder 13-1234"
    assert "VALUE" not in card.tel.params


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
    institution = factories.institution(**{field: "https://a.example/\r\nNOTE:eingeschleust"})
    factories.member(institution_obj=institution)
    [card] = read_vcards(client.get(VCARD))
    assert "note" not in card.contents
