"""Small helpers that build just the rows a test needs."""

import datetime
import itertools

from institutions.models import ConsultationHour, Institution, Location, Municipality, Phone
from members.models import Member, Membership, WorkingGroup

_counter = itertools.count(1)

MUNICIPALITIES = [
    ("Bünde", "buende", "stadt"),
    ("Enger", "enger", "stadt"),
    ("Herford", "herford", "stadt"),
    ("Hiddenhausen", "hiddenhausen", "gemeinde"),
    ("Kirchlengern", "kirchlengern", "gemeinde"),
    ("Löhne", "loehne", "stadt"),
    ("Rödinghausen", "roedinghausen", "gemeinde"),
    ("Spenge", "spenge", "stadt"),
    ("Vlotho", "vlotho", "stadt"),
]


POSTAL_CODES = {
    "buende": "32257",
    "enger": "32130",
    "herford": "32049,32050,32051,32052",
    "hiddenhausen": "32120",
    "kirchlengern": "32278",
    "loehne": "32584",
    "roedinghausen": "32289",
    "spenge": "32139",
    "vlotho": "32602",
}


def municipality(slug="loehne"):
    name, slug, kind = next(m for m in MUNICIPALITIES if m[1] == slug)
    defaults = {"name": name, "kind": kind, "postal_codes": POSTAL_CODES[slug]}
    return Municipality.objects.get_or_create(slug=slug, defaults=defaults)[0]


def institution(name=None, *, serves=None, county_wide=False, phone=None, **fields):
    """An institution; ``phone`` ("05221 13-0") becomes its first Phone row."""
    n = next(_counter)
    name = name or f"Einrichtung {n}"
    fields.setdefault("kind", Institution.Kind.OTHER)
    fields.setdefault("slug", f"einrichtung-{n}")
    obj = Institution.objects.create(name=name, county_wide=county_wide, **fields)
    for slug in serves or []:
        obj.service_area.add(municipality(slug))
    if phone:
        add_phone(obj, phone)
    return obj


def member(first_name="Erika", last_name="Muster", *, institution_obj=None, phone=None, **fields):
    """A public person; ``phone`` becomes their first Phone row."""
    fields.setdefault("is_public", True)
    fields.setdefault("publication_basis", Member.Basis.OFFICE)
    obj = Member.objects.create(
        first_name=first_name,
        last_name=last_name,
        institution=institution_obj or institution(),
        **fields,
    )
    if phone:
        add_phone(obj, phone)
    return obj


def add_phone(holder, number, **fields):
    phone = Phone(holder=holder, **fields)
    phone.number = Phone._meta.get_field("number").to_python(number)
    phone.save()
    return phone


def location(institution_obj, town="loehne", **fields):
    """A place of ``institution_obj`` in ``town`` (one of the nine slugs, or None)."""
    place = municipality(town) if town else None
    fields.setdefault("name", f"Büro {institution_obj.name}")
    fields.setdefault("street", "Musterstraße 1")
    fields.setdefault("postal_code", POSTAL_CODES[town].split(",")[0] if town else "33602")
    fields.setdefault("city", place.name if place else "Bielefeld")
    return Location.objects.create(institution=institution_obj, municipality=place, **fields)


def hour(holder, weekday=1, starts="09:00", ends="12:00", **fields):
    """A consultation hour of ``holder`` (Tuesday 9–12 unless told otherwise)."""
    fields.setdefault("mode", "vor_ort" if fields.get("location") else "telefon")
    return ConsultationHour.objects.create(
        holder=holder,
        weekday=weekday,
        starts=datetime.time.fromisoformat(starts),
        ends=datetime.time.fromisoformat(ends),
        **fields,
    )


def working_group(name="Projektgruppe", slug="projektgruppe"):
    return WorkingGroup.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def membership(member_obj, group, **fields):
    return Membership.objects.create(member=member_obj, group=group, **fields)
