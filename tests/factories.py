"""Small helpers that build just the rows a test needs."""

import itertools

from institutions.models import Institution, Municipality
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


def municipality(slug="loehne"):
    name, slug, kind = next(m for m in MUNICIPALITIES if m[1] == slug)
    return Municipality.objects.get_or_create(slug=slug, defaults={"name": name, "kind": kind})[0]


def institution(name=None, *, serves=None, county_wide=False, **fields):
    n = next(_counter)
    name = name or f"Einrichtung {n}"
    fields.setdefault("kind", Institution.Kind.OTHER)
    fields.setdefault("slug", f"einrichtung-{n}")
    obj = Institution.objects.create(name=name, county_wide=county_wide, **fields)
    for slug in serves or []:
        obj.service_area.add(municipality(slug))
    return obj


def member(first_name="Erika", last_name="Muster", *, institution_obj=None, **fields):
    fields.setdefault("is_public", True)
    fields.setdefault("publication_basis", Member.Basis.OFFICE)
    return Member.objects.create(
        first_name=first_name,
        last_name=last_name,
        institution=institution_obj or institution(),
        **fields,
    )


def working_group(name="Projektgruppe", slug="projektgruppe"):
    return WorkingGroup.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def membership(member_obj, group, **fields):
    return Membership.objects.create(member=member_obj, group=group, **fields)
