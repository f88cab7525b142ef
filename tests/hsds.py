"""Checking the HSDS API's answers against the HSDS 3.0 JSON schemas, and a network
that fills every field the directory has (for tests/test_hsds_*.py)."""

import datetime
import functools
import json
import urllib.parse
from pathlib import Path

from django.urls import reverse
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

import pages.hsds
from institutions.models import Closure, Language, Service
from tests import factories
from widunetz.identifiers import identifier

SCHEMAS = Path(pages.hsds.__file__).resolve().parent / "schema"
UPSTREAM = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"

formats = FormatChecker()


@formats.checks("uri", raises=ValueError)
def is_uri(value):
    # rfc3987 is not installed, and without it jsonschema would pass any text.
    parts = urllib.parse.urlsplit(value)
    return bool(parts.scheme and (parts.netloc or parts.scheme in ("mailto", "tel")))


@formats.checks("date-time", raises=ValueError)
def is_date_time(value):
    return datetime.datetime.fromisoformat(value).tzinfo is not None


@functools.cache
def registry():
    """Every schema file under its address on raw.githubusercontent.com, where HSDS's
    ``$ref``s point; nothing is fetched."""
    resources = []
    for file in sorted(SCHEMAS.rglob("*.json")):
        contents = json.loads(file.read_text(encoding="utf-8"))
        address = UPSTREAM + file.relative_to(SCHEMAS).as_posix()
        resources.append(
            (address, Resource.from_contents(contents, default_specification=DRAFT202012))
        )
    return Registry().with_resources(resources)


PAGE = json.loads((SCHEMAS / "openapi.json").read_text())["components"]["schemas"]["Page"]
PAGE_FIELDS = list(PAGE["properties"])


@functools.cache
def validator(name, page=False):
    """A validator for HSDS's ``name`` (e.g. "compiled/service.json"); ``page``: for a
    list answer, HSDS's Page with objects of ``name`` in ``contents``."""
    schema = {"$ref": UPSTREAM + name}
    if page:
        schema = {
            "allOf": [PAGE],
            "required": [*PAGE_FIELDS, "contents"],
            "properties": {"contents": {"type": "array", "items": schema}},
        }
    return Draft202012Validator(schema, registry=registry(), format_checker=formats)


def errors(data, name, page=False):
    """What is wrong with ``data``, in words (an empty list: it is valid)."""
    found = validator(name, page).iter_errors(data)
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}" for error in found]


def get_json(client, url, **parameters):
    response = client.get(url, parameters)
    assert response.status_code == 200, (url, parameters, response.content[:300])
    assert response["Content-Type"] == "application/json"
    return response.json()


def service_id(institution, topic):
    return str(identifier("service", institution.pk, topic.pk if topic else 0))


def full_service(client, institution, topic):
    return get_json(client, reverse("hsds:service-detail", args=[service_id(institution, topic)]))


# An institution with every field the directory has (dates relative to today: set in
# rich_network()), and a place with every field.
UNIT_FIELDS = {
    "short_name": "JMD",
    "email": "jmd@beispiel.example",
    "website": "https://jmd.beispiel.example/",
    "description": "Beratung für junge Zugewanderte.",
    "status": "geschlossen",
    "status_note": "Umzug in neue Räume",
    "verified_on": datetime.date(2026, 11, 2),
    "booking_url": "https://termine.beispiel.example/jmd",
    "online_counselling": True,
    "online_url": "https://video.beispiel.example/jmd",
    "appointment_only": True,
    "minimum_age": 12,
    "maximum_age": 27,
    "eligibility": "Junge Menschen mit Migrationsgeschichte",
    "free_of_charge": False,
    "fees_description": "5 Euro je Termin",
    "required_documents": "Ausweis\nAufenthaltstitel",
}
PLACE_FIELDS = {
    "osm_url": "https://www.openstreetmap.org/node/1",
    "latitude": "52.190000",
    "longitude": "8.710000",
    "directions": "Bus 470, Haltestelle Rathaus",
    "step_free": True,
    "lift": False,
    "accessible_toilet": True,
    "accessibility_note": "Klingel am Seiteneingang",
}


def rich_network():
    """Institutions, places, phones, hours, closures and people with every field filled,
    and a hidden person and a hidden institution that must never be published."""
    today = datetime.date.today()
    mbe, jmd = Service.objects.get(slug="mbe"), Service.objects.get(slug="jmd")
    carrier = factories.institution("Diakonisches Werk", kind="wohlfahrt", serves=["loehne"])
    unit = factories.institution(
        "Jugendmigrationsdienst",
        parent=carrier,
        serves=["loehne", "vlotho"],
        seat=factories.municipality("loehne"),
        closed_until=today + datetime.timedelta(days=20),
        **UNIT_FIELDS,
    )
    unit.services.set([mbe, jmd])
    unit.languages.set(Language.objects.filter(code__in=["ar", "tr"]))
    place = factories.location(unit, **PLACE_FIELDS)
    phone = factories.add_phone(unit, "0152 28817386", kind="mobil", description="Sekretariat")
    phone.languages.set(Language.objects.filter(code="ar"))
    add_hours(unit, place)
    tomorrow = today + datetime.timedelta(days=1)
    Closure.objects.create(holder=unit, starts=today, ends=tomorrow, reason="Fortbildung")
    person = factories.member(
        "Aylin", "Demir", institution_obj=unit, function="Beraterin", email="demir@beispiel.example"
    )
    factories.add_phone(person, "0221 4710 123", description="Durchwahl")
    factories.hour(person, weekday=3, location=place, starts="14:00", ends="16:00")
    hidden = factories.member("Verborgene", "Person", institution_obj=unit, is_public=False)
    factories.add_phone(hidden, "0221 4710 999")
    factories.hour(hidden, weekday=3, starts="10:00", ends="11:00")
    county = factories.institution("Kreis-Integrationszentrum", county_wide=True)
    county.services.set([mbe])
    factories.hour(county, weekday=1, location=place, starts="08:00", ends="10:00")
    county_place = factories.location(county, town="vlotho", name="Kreishaus")
    factories.institution("Nachbarschaftstreff", serves=["vlotho"])  # without a topic
    secret = factories.institution("Geheime Stelle", is_public=False, serves=["loehne"])
    factories.location(secret, name="Geheimer Ort")
    return {
        **{"carrier": carrier, "unit": unit, "place": place, "person": person},
        **{"county": county, "county_place": county_place, "hidden": hidden, "secret": secret},
    }


def add_hours(holder, place):
    """Weekly at the place, every other week by phone, the last Friday of each month."""
    factories.hour(holder, weekday=0, location=place, note="Eingang B")
    factories.hour(
        holder,
        weekday=2,
        every_weeks=2,
        valid_from=datetime.date(2026, 1, 7),
        valid_until=datetime.date(2027, 6, 30),
        appointment_needed=True,
        open_on_holidays=True,
    )
    factories.hour(holder, weekday=4, week_of_month=-1, location=place)
