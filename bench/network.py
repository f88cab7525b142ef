"""A realistic synthetic network of any size, for benchmarks (`make bench`).

    python -m bench.network --people 100000 --institutions 10000 [--seed 2026]

Adds institutions (all eight kinds, about a fifth county-wide, the others serving
one to three of the nine municipalities, some units under a Träger), people with
German, Turkish, Arabic, Slavic and other names as residents of Kreis Herford
write them (Köhn, Şahin, Stančić, Łukasz, Zoë) and memberships in the four
working groups, on top of whatever the database holds (normally the brochure),
and all their contact data (bench/contact.py): places, phones, consultation and
outreach hours, closures, topics, ages and statuses. Every synthetic institution
says in its description that it is invented; e-mail and web addresses lie under
the reserved top-level domain .example, phone numbers are ones that ring nowhere.

The same seed (and day: closures and hours are dated from ``today``) gives the same
network: every name, function and assignment comes from ``random.Random(seed)``,
the contact data from a second generator of the same seed. Rows are written in
batches without save(), so the folded ``search_text`` and ``sort_name`` (and the
people's slugs) are computed here with the very functions the models use, no
history versions are written (the data is synthetic), and the page cache is
invalidated once at the end.
"""

import argparse
import datetime
import random
import sys
import time
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils.text import slugify

from bench.contact import plan_contact
from bench.contact_writer import (
    fill_institution,
    fill_member,
    search_texts,
    write_held,
    write_institution_contact,
)
from bench.names import (
    CARRIERS,
    DEMO_NOTE,
    FIRST_NAMES,
    FUNCTIONS,
    LAST_NAMES,
    MUNICIPALITIES,
    SERVICES,
    STREETS,
    WORKING_GROUPS,
)
from institutions.models import Institution, InstitutionStatus, Municipality
from members.models import Member, Membership, WorkingGroup
from widunetz.pagecache import bump_content_version
from widunetz.search import fold, search_document

BATCH = 2000

KIND_WEIGHTS = [
    (Institution.Kind.WELFARE, 25),
    (Institution.Kind.MUNICIPAL, 10),
    (Institution.Kind.COUNTY, 5),
    (Institution.Kind.AUTHORITY, 3),
    (Institution.Kind.LABOUR, 7),
    (Institution.Kind.EDUCATION, 25),
    (Institution.Kind.YOUTH, 12),
    (Institution.Kind.OTHER, 13),
]
KINDS = [kind for kind, _weight in KIND_WEIGHTS]
WEIGHTS = [weight for _kind, weight in KIND_WEIGHTS]


class NetworkError(ValueError):
    """The network cannot be generated as asked; nothing was written."""


@dataclass
class InstitutionPlan:
    name: str
    short_name: str
    slug: str
    kind: str
    seat: int  # index into MUNICIPALITIES
    county_wide: bool
    serves: list = field(default_factory=list)  # indexes into MUNICIPALITIES
    parent: int | None = None  # index into the plan's institutions
    is_public: bool = True
    street: str = ""
    contact: object = None  # bench.contact.InstitutionContact


@dataclass
class MemberPlan:
    first_name: str
    last_name: str
    function: str
    institution: int  # index into the plan's institutions
    is_public: bool
    publication_basis: str
    consent_date: datetime.date | None
    email: str
    verified_on: datetime.date | None
    groups: list = field(default_factory=list)  # (group index, role, since, until)
    slug: str = ""
    contact: object = None  # bench.contact.HolderPlan


def _date(rng, first_year, last_year):
    start = datetime.date(first_year, 1, 1).toordinal()
    end = datetime.date(last_year, 12, 31).toordinal()
    return datetime.date.fromordinal(rng.randint(start, end))


def plan_network(seed, people, institutions, today=None, taken=()):
    """The whole network as plain data: the same seed always gives the same plan.

    ``taken``: the people's slugs already in the database, which a new one avoids.
    """
    rng = random.Random(seed)
    top_level = {kind: [] for kind in KINDS}
    planned = []
    for number in range(institutions):
        plan = _plan_institution(rng, f"s{seed}-{number}", top_level)
        if plan.parent is None:
            top_level[plan.kind].append(number)
        planned.append(plan)
    members = [_plan_member(rng, institutions) for _number in range(people)]
    _slugs(members, set(taken))
    plan_contact(random.Random(f"{seed}/contact"), planned, members, today or datetime.date.today())
    return planned, members


def _slugs(members, taken):
    """Member.save()'s slugs (name, then name-2, name-3 …), which bulk_create skips."""
    for member in members:
        base = slugify(f"{member.first_name} {member.last_name}")[:100] or "person"
        slug, n = base, 1
        while slug in taken:
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        member.slug = slug


def _plan_institution(rng, suffix, top_level):
    """One institution; ``top_level`` holds the earlier Träger a unit may belong to."""
    kind = rng.choices(KINDS, WEIGHTS)[0]
    seat = rng.randrange(len(MUNICIPALITIES))
    town, _slug, _kind, _postal_code, districts = MUNICIPALITIES[seat]
    district = rng.choice(districts)
    carrier, short = rng.choice(CARRIERS[kind])
    parent = None
    if top_level[kind] and rng.random() < 0.25:
        # A unit (Fachdienst) of an earlier Träger of the same kind.
        parent = rng.choice(top_level[kind])
        name = f"{rng.choice(SERVICES)} {district}"
        short = ""
    elif kind in ("bildung", "jugend", "sonstige") or rng.random() < 0.5:
        name = f"{carrier} {town}-{district}"
    else:
        name = f"{carrier} {town} – {rng.choice(SERVICES)}"
    county_wide = rng.random() < 0.2
    serves = (
        []
        if county_wide
        else sorted({seat, *rng.sample(range(len(MUNICIPALITIES)), rng.randint(0, 2))})
    )
    return InstitutionPlan(
        name=name,
        short_name=short,
        slug=f"{slugify(name)[:90]}-{suffix}",
        kind=kind,
        seat=seat,
        county_wide=county_wide,
        serves=serves,
        parent=parent,
        is_public=rng.random() >= 0.02,
        street=f"{rng.choice(STREETS)} {rng.randint(1, 120)}",
    )


def _plan_member(rng, institutions):
    first_name = rng.choice(FIRST_NAMES)
    last_name = rng.choice(LAST_NAMES)
    if rng.random() < 0.04:  # double names: "Schäfer-Yılmaz"
        last_name = f"{last_name}-{rng.choice(LAST_NAMES)}"
    roll = rng.random()
    if roll < 0.03:
        is_public, basis, consent = False, "", None
    elif roll < 0.08:
        is_public, basis, consent = True, "einwilligung", _date(rng, 2016, 2025)
    else:
        is_public, basis, consent = True, "amt", None
    email_name = slugify(fold(f"{first_name} {last_name}")).replace("-", ".")
    member = MemberPlan(
        first_name=first_name,
        last_name=last_name,
        function=rng.choice(FUNCTIONS),
        institution=rng.randrange(institutions),
        is_public=is_public,
        publication_basis=basis,
        consent_date=consent,
        email=f"{email_name}@beispiel.example" if rng.random() < 0.4 else "",
        verified_on=_date(rng, 2023, 2025) if rng.random() < 0.6 else None,
    )
    if rng.random() < 0.25:
        for group in rng.sample(range(len(WORKING_GROUPS)), rng.choice((1, 1, 1, 2))):
            since = _date(rng, 2005, 2025) if rng.random() < 0.7 else None
            until = None
            if since and rng.random() < 0.1:
                until = since + datetime.timedelta(days=rng.randint(30, 2000))
            role = rng.choices(["mitglied", "leitung", "koordination"], [90, 5, 5])[0]
            member.groups.append((group, role, since, until))
    return member


def _insert(model, rows):
    """Write ``rows`` in batches, without save(): search columns are already filled.

    Synthetic benchmark data only: no signals, no history versions. Editorial code
    always saves row by row.
    """
    return model.objects.bulk_create(rows, batch_size=BATCH)


def generate(people, institutions, seed=2026, today=None):
    """Add the network of ``seed`` to the database; returns the number of memberships."""
    if people < 0 or institutions < 1:
        raise NetworkError("--institutions must be at least 1 and --people at least 0.")
    if Institution.objects.filter(slug__endswith=f"-s{seed}-0").exists():
        raise NetworkError(
            f"A network with seed {seed} is already in this database; "
            "use another --seed or start from an empty database."
        )
    taken = Member.objects.values_list("slug", flat=True)
    institution_plans, member_plans = plan_network(seed, people, institutions, today, taken)
    with transaction.atomic():
        municipalities = _municipalities()
        groups = _working_groups()
        saved = _write_institutions(institution_plans, municipalities)
        places = write_institution_contact(institution_plans, saved, municipalities)
        search_texts(saved)
        memberships = _write_members(member_plans, saved, groups, places)
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a bulk load: statistics for the planner,
        # and the visibility map that lets counts read only an index. VACUUM cannot
        # run inside a transaction (a caller's, or a test's): then statistics only.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
    # Nothing above sent a save signal: invalidate the cached pages once.
    bump_content_version()
    return memberships


def _municipalities():
    result = []
    for name, slug, kind, postal_code, _districts in MUNICIPALITIES:
        municipality, _created = Municipality.objects.get_or_create(
            slug=slug, defaults={"name": name, "kind": kind, "postal_codes": postal_code}
        )
        result.append(municipality)
    return result


def _working_groups():
    result = []
    for name, slug, order in WORKING_GROUPS:
        group = WorkingGroup.objects.filter(slug=slug).first()
        if group is None:
            group = WorkingGroup.objects.create(name=name, slug=slug, order=order)
        result.append(group)
    return result


def _write_institutions(plans, municipalities):
    saved = [None] * len(plans)
    # Träger first, so their units can point at them.
    for units in (False, True):
        batch = []
        for index, plan in enumerate(plans):
            if (plan.parent is not None) != units:
                continue
            institution = Institution(
                name=plan.name,
                short_name=plan.short_name,
                slug=plan.slug,
                kind=plan.kind,
                parent=saved[plan.parent] if units else None,
                seat=municipalities[plan.seat],
                county_wide=plan.county_wide,
                is_public=plan.is_public,
                description=DEMO_NOTE,
            )
            fill_institution(institution, plan.contact)
            # Exactly what Institution.save() and SearchableModel.save() store.
            parent = institution.parent
            institution.listed = (
                institution.is_public
                and institution.status != InstitutionStatus.ENDED
                and (parent is None or parent.listed)
            )
            institution.search_text = search_document(*institution.search_parts())
            institution.sort_name = fold(institution.name)[:200]
            saved[index] = institution
            batch.append(institution)
        _insert(Institution, batch)
    through = Institution.service_area.through
    _insert(
        through,
        [
            through(institution_id=saved[index].pk, municipality_id=municipalities[m].pk)
            for index, plan in enumerate(plans)
            for m in plan.serves
        ],
    )
    return saved


def _write_members(plans, institutions, groups, places):
    memberships = 0
    for start in range(0, len(plans), BATCH):
        chunk = plans[start : start + BATCH]
        batch = [_member(plan, institutions) for plan in chunk]
        _insert(Member, batch)
        contacts = [plan.contact for plan in chunk]
        write_held(batch, contacts, places, lambda member: member.institution_id)
        rows = [
            Membership(
                member_id=member.pk, group=groups[group], role=role, since=since, until=until
            )
            for member, plan in zip(batch, chunk, strict=True)
            for group, role, since, until in plan.groups
        ]
        _insert(Membership, rows)
        memberships += len(rows)
    return memberships


def _member(plan, institutions):
    member = Member(
        first_name=plan.first_name,
        last_name=plan.last_name,
        function=plan.function,
        institution=institutions[plan.institution],
        is_public=plan.is_public,
        publication_basis=plan.publication_basis,
        consent_date=plan.consent_date,
        email=plan.email,
        verified_on=plan.verified_on,
        slug=plan.slug,
    )
    fill_member(member, plan.contact)
    # Exactly what Member.save() and SearchableModel.save() store.
    member.sort_name = fold(f"{member.last_name} {member.first_name}")[:200]
    member.listed = member.is_public and member.institution.listed
    # search_document(*member.search_parts()), with the institution's parts folded
    # once for all its people (search_texts).
    own = [fold(part) for part in (member.first_name, member.last_name, member.function) if part]
    member.search_text = " " + " ".join([*own, *member.institution.folded_parts]) + " "
    return member


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m bench.network",
        description="A synthetic network of any size for load tests (reproducible with "
        "--seed), added to the data already in DATABASE_URL's database.",
    )
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--institutions", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2026)
    options = parser.parse_args(argv)
    started = time.monotonic()
    try:
        memberships = generate(options.people, options.institutions, options.seed)
    except NetworkError as error:
        sys.exit(f"bench.network: {error}")
    print(
        f"{options.institutions} Institutionen, {options.people} Personen und {memberships} "
        f"Mitgliedschaften erzeugt (Seed {options.seed}) in "
        f"{time.monotonic() - started:.1f} s."
    )


if __name__ == "__main__":
    main()
