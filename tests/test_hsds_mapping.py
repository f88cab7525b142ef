"""How the directory's records read as HSDS objects (pages.hsds.mapping), through the API:
every field the directory has, on a network that fills them all."""

import pytest
from django.urls import reverse

from institutions.models import Service
from tests.hsds import full_service, get_json, rich_network
from widunetz.identifiers import identifier

pytestmark = pytest.mark.django_db


@pytest.fixture
def network(db):
    return rich_network()


def test_a_service_carries_the_institutions_contact_ways_hours_and_people(client, network):
    unit = network["unit"]
    service = full_service(client, unit, Service.objects.get(slug="jmd"))
    # "Jugendmigrationsdienst (JMD) – Jugendmigrationsdienst" would say it twice.
    assert service["name"] == f"{Service.objects.get(slug='jmd').name} – Diakonisches Werk"
    assert service["organization"]["parent_organization_id"] == str(
        identifier("organization", network["carrier"].pk)
    )
    assert service["status"] == "temporarily closed"
    assert "Umzug in neue Räume" in service["alert"] and "Fortbildung" in service["alert"]
    assert (service["minimum_age"], service["maximum_age"]) == (12, 27)
    assert service["fees_description"] == "5 Euro je Termin"
    assert [d["document"] for d in service["required_documents"]] == ["Ausweis", "Aufenthaltstitel"]
    assert "https://termine.beispiel.example/jmd" in service["application_process"]
    assert {area["name"] for area in service["service_areas"]} == {"Löhne", "Vlotho"}
    assert {language["code"] for language in service["languages"]} == {"ar", "tr"}
    phone = service["phones"][0]
    assert (phone["number"], phone["type"], phone["description"]) == (
        "+4915228817386",
        "cell",
        "Sekretariat",
    )
    assert [language["code"] for language in phone["languages"]] == ["ar"]
    assert [contact["name"] for contact in service["contacts"]] == ["Aylin Demir"]
    assert service["contacts"][0]["phones"][0]["number"] == "+492214710123"
    assert service["attributes"][0]["taxonomy_term"]["code"] == "jmd"


def test_hours_are_rfc_5545_schedules_on_the_service_or_at_its_place(client, network):
    service = full_service(client, network["unit"], Service.objects.get(slug="mbe"))
    by_phone = service["schedules"]
    assert [(s["freq"], s["byday"], s["interval"]) for s in by_phone] == [("WEEKLY", "WE", 2)]
    assert by_phone[0]["valid_from"] == by_phone[0]["dtstart"] == "2026-01-07"
    assert by_phone[0]["until"] == "2027-06-30"
    assert by_phone[0]["description"] == "alle 2 Wochen Mittwoch 09:00–12:00"
    assert "nur mit Termin" in by_phone[0]["notes"]
    at_place = {
        s["byday"]: s
        for place in service["service_at_locations"]
        for s in place["schedules"]
        if place["location_id"] == str(identifier("location", network["place"].pk))
    }
    assert set(at_place) == {"MO", "-1FR", "TH"}
    assert at_place["-1FR"]["freq"] == "MONTHLY"
    assert at_place["-1FR"]["description"] == "jeden letzten Freitag 09:00–12:00"
    assert (at_place["MO"]["opens_at"], at_place["MO"]["closes_at"]) == ("09:00", "12:00")
    assert at_place["MO"]["timezone"] in (1, 2)
    assert "an Feiertagen in NRW geschlossen" in at_place["MO"]["notes"]
    assert "Sprechzeit von Aylin Demir" in at_place["TH"]["notes"]


def test_a_place_is_a_location_with_its_address_and_accessibility(client, network):
    place = network["place"]
    topic = Service.objects.get(slug="mbe")
    sal = str(identifier("service_at_location", network["unit"].pk, topic.pk, place.pk))
    location = get_json(client, reverse("hsds:service-at-location-detail", args=[sal]))["location"]
    assert (location["latitude"], location["longitude"]) == (52.19, 8.71)
    assert location["transportation"] == "Bus 470, Haltestelle Rathaus"
    address = location["addresses"][0]
    assert (address["address_1"], address["postal_code"], address["region"]) == (
        "Musterstraße 1",
        "32584",
        "Löhne",
    )
    accessibility = location["accessibility"][0]
    assert "stufenloser Zugang: ja" in accessibility["description"]
    assert "Aufzug: nein" in accessibility["description"]
    assert accessibility["details"] == "Klingel am Seiteneingang"


def test_an_outreach_hour_makes_a_service_at_the_other_institutions_place(client, network):
    county, place = network["county"], network["place"]
    mbe = Service.objects.get(slug="mbe")
    listed = get_json(
        client,
        reverse("hsds:service-at-location-list"),
        organization_id=str(identifier("organization", county.pk)),
    )
    assert {item["location_id"] for item in listed["contents"]} == {
        str(identifier("location", place.pk)),
        str(identifier("location", network["county_place"].pk)),
    }
    service = full_service(client, county, mbe)
    assert service["service_areas"] == [
        {
            "id": service["service_areas"][0]["id"],
            "service_id": service["id"],
            "name": "Kreis Herford",
        }
    ]


def test_no_service_of_the_brochure_says_a_name_twice(client, brochure):
    """The brochure's units are often named after their topic ("Jugendmigrationsdienst")."""
    names, page = [], 1
    while True:
        listed = get_json(client, reverse("hsds:service-list"), per_page=100, page=page)
        names += [service["name"] for service in listed["contents"]]
        if listed["last_page"]:
            break
        page += 1
    assert len(names) == listed["total_items"] == len(set(names))
    awo = "AWO-Fachdienste für Migration und Integration"
    assert {
        # The unit "Migrationsberatung für erwachsene Zuwanderer (MBE) und Integrationsagentur":
        f"Migrationsberatung für Erwachsene (MBE) – {awo}",
        f"Integrationsagentur – {awo}",
        # The unit "Jugendmigrationsdienst":
        "Jugendmigrationsdienst (JMD) – Diakonisches Werk im Kirchenkreis Herford e.V.",
        # Part of a word is no repeat:
        "Gesundheit – Gesundheitskonferenz",
    } <= set(names)
    assert not any("Zuwanderer" in name or " – Jugendmigrationsdienst" in name for name in names)
