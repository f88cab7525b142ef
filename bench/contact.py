"""The contact data of the synthetic network (bench/network.py), planned as plain data.

Places with addresses, some with coordinates inside Kreis Herford and what is known
of their accessibility; phone numbers (the Bundesnetzagentur's "Drama Numbers",
which ring nowhere); consultation hours weekly, every two weeks and on the first
Tuesday of the month, in person, by phone or online; outreach hours of county-wide
services in the towns; closures; who may come; a few institutions temporarily closed
and a few ended with a successor. A ``random.Random`` of its own (seeded from the
network's seed) keeps the names and people of a seed what they were before; dates
are counted from ``today`` so the demo has closures and hours that matter now.
bench/contact_writer.py writes the plan.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from bench import names

WEEKDAYS = range(5)  # Monday to Friday
STARTS = [datetime.time(h, m) for h in range(8, 16) for m in (0, 30)]


@dataclass
class PlacePlan:
    name: str
    street: str
    postal_code: str
    city: str
    town: int | None  # index into names.MUNICIPALITIES
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    directions: str = ""
    step_free: bool | None = None
    lift: bool | None = None
    accessible_toilet: bool | None = None
    hearing_loop: bool | None = None
    accessibility_note: str = ""


@dataclass
class PhonePlan:
    number: str  # E.164
    kind: str
    description: str = ""
    languages: tuple = ()


@dataclass
class HourPlan:
    weekday: int
    starts: datetime.time
    ends: datetime.time
    mode: str
    place: tuple | None = None  # (institution index, place index)
    week_of_month: int | None = None
    every_weeks: int = 1
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None
    appointment_needed: bool = False
    open_on_holidays: bool = False
    note: str = ""


@dataclass
class ClosurePlan:
    starts: datetime.date
    ends: datetime.date
    reason: str


@dataclass
class HolderPlan:
    """What an institution and a person both may have (HSDS phone, schedule)."""

    phones: list = field(default_factory=list)
    hours: list = field(default_factory=list)
    closures: list = field(default_factory=list)
    booking_url: str = ""
    online_counselling: bool = False
    online_url: str = ""
    appointment_only: bool = False


@dataclass
class InstitutionContact(HolderPlan):
    places: list = field(default_factory=list)
    email: str = ""
    website: str = ""
    status: str = "aktiv"
    closed_until: datetime.date | None = None
    status_note: str = ""
    successor: int | None = None  # index into the plan's institutions
    minimum_age: int | None = None
    maximum_age: int | None = None
    eligibility: str = ""
    free_of_charge: bool = True
    fees_description: str = ""
    required_documents: str = ""
    topics: list = field(default_factory=list)  # Service slugs
    languages: list = field(default_factory=list)  # Language codes


def plan_contact(rng, institutions, members, today):
    """Give every institution plan and member plan its ``contact``."""
    for index, plan in enumerate(institutions):
        plan.contact = _institution(rng, index, plan, institutions, today)
    _statuses(rng, institutions, today)
    for plan in members:
        plan.contact = _member(rng, plan, institutions, today)


def own_place(institutions, index):
    """(institution, place) of the institution's first place, or its Träger's."""
    plan = institutions[index]
    if plan.contact.places:
        return (index, 0)
    if plan.parent is not None and institutions[plan.parent].contact.places:
        return (plan.parent, 0)
    return None


def _institution(rng, index, plan, institutions, today):
    contact = InstitutionContact()
    # One unit in three uses its Träger's place.
    if plan.parent is None or plan.county_wide or rng.random() < 0.67:
        # Named so that it sorts first (Location orders by name): the office is
        # the place of the address columns, before the outreach places.
        office = f"Beratungsstelle {names.MUNICIPALITIES[plan.seat][0]}"
        contact.places.append(_place(rng, office, plan.seat, plan.street))
    if plan.county_wide:
        # Outreach hours in one to three other towns (Außensprechstunden).
        for other in rng.sample(range(len(names.MUNICIPALITIES)), rng.randint(1, 3)):
            if other == plan.seat:
                continue
            other_town, _s, _k, _p, other_districts = names.MUNICIPALITIES[other]
            name = rng.choice(names.OUTREACH_PLACES).format(
                town=other_town, district=rng.choice(other_districts), room=rng.randint(1, 40)
            )
            street = f"{rng.choice(names.STREETS)} {rng.randint(1, 60)}"
            contact.places.append(_place(rng, name, other, street))
    contact.phones = _phones(rng, rng.choice((0, 1, 1, 1, 2, 2, 3)))
    contact.email = f"{plan.slug[:40]}@beispiel.example" if rng.random() < 0.5 else ""
    contact.website = f"https://beispiel.example/{plan.slug}/" if rng.random() < 0.3 else ""
    contact.booking_url = (
        f"https://termine.beispiel.example/{plan.slug}" if rng.random() < 0.2 else ""
    )
    if rng.random() < 0.2:
        contact.online_counselling = True
        contact.online_url = f"https://video.beispiel.example/{plan.slug}"
    contact.appointment_only = rng.random() < 0.1
    service = next((s for s in names.TOPIC_OF_SERVICE if s in plan.name), None)
    topics = [names.TOPIC_OF_SERVICE[service]] if service else []
    for topic in rng.sample(names.TOPICS_OF_KIND[plan.kind], rng.randint(0, 2)):
        if topic not in topics:
            topics.append(topic)
    contact.topics = topics
    contact.eligibility = " ".join(names.ELIGIBILITY[t] for t in topics if t in names.ELIGIBILITY)
    if plan.kind in names.AGES_OF_KIND and rng.random() < 0.3:
        contact.minimum_age, contact.maximum_age = rng.choice(names.AGES_OF_KIND[plan.kind])
    if plan.kind in ("bildung", "sonstige") and rng.random() < 0.1:
        contact.free_of_charge = False
        contact.fees_description = rng.choice(names.FEES)
    contact.required_documents = rng.choice(names.REQUIRED_DOCUMENTS)
    contact.languages = _languages(rng, rng.choice((0, 1, 2, 3)))
    if rng.random() < 0.8:
        place = (index, 0) if contact.places else None
        if place is None and institutions[plan.parent].contact.places:
            place = (plan.parent, 0)
        outreach = [(index, number) for number in range(1, len(contact.places))]
        contact.hours = _hours(rng, contact, today, place, outreach=outreach)
    if rng.random() < 0.08:
        contact.closures.append(_closure(rng, today))
    return contact


def _place(rng, name, town_index, street):
    town, slug, _kind, postal_code, _districts = names.MUNICIPALITIES[town_index]
    place = PlacePlan(name=name, street=street, postal_code=postal_code, city=town, town=town_index)
    if rng.random() < 0.6:
        latitude, longitude = names.TOWN_CENTRES[slug]
        place.latitude = Decimal(f"{latitude + rng.uniform(-0.012, 0.012):.6f}")
        place.longitude = Decimal(f"{longitude + rng.uniform(-0.012, 0.012):.6f}")
    if rng.random() < 0.5:
        place.directions = rng.choice(names.DIRECTIONS).format(
            line=rng.randint(10, 650), stop=rng.choice(names.BUS_STOPS)
        )
    if rng.random() < 0.7:
        place.step_free = rng.random() < 0.7
        place.lift = rng.choice((True, False, None))
        place.accessible_toilet = rng.choice((True, False, None))
        place.hearing_loop = rng.choice((True, None, None))
        place.accessibility_note = rng.choice(names.ACCESSIBILITY_NOTES)
    return place


def _phones(rng, count):
    phones = []
    for _number in range(count):
        roll = rng.random()
        if roll < 0.15 and phones:
            kind, number = "fax", f"{names.DRAMA_LANDLINE}{rng.randint(0, 999):03d}"
        elif roll < 0.3:
            kind, number = "mobil", names.DRAMA_MOBILE
        else:
            kind, number = "festnetz", f"{names.DRAMA_LANDLINE}{rng.randint(0, 999):03d}"
        languages = tuple(_languages(rng, rng.choice((0, 0, 1, 2)))) if kind != "fax" else ()
        description = rng.choice(names.PHONE_DESCRIPTIONS) if kind != "fax" else ""
        phones.append(PhonePlan(number, kind, description, languages))
    return phones


def _languages(rng, count):
    codes = list(names.LANGUAGE_WEIGHTS)
    chosen = []
    while len(chosen) < count:
        code = rng.choices(codes, list(names.LANGUAGE_WEIGHTS.values()))[0]
        if code not in chosen:
            chosen.append(code)
    return sorted(chosen)


def _hours(rng, contact, today, place, count=None, outreach=()):
    """One to three hours on different weekdays (so none overlap), and outreach hours."""
    hours = []
    days = rng.sample(WEEKDAYS, count or rng.choice((1, 1, 2, 3)))
    for weekday in days:
        hour = _hour(rng, weekday, place, contact, today)
        roll = rng.random()
        if roll < 0.12:
            hour.week_of_month = rng.choice((1, 1, 3, -1))
        elif roll < 0.22:
            hour.every_weeks = 2
            hour.valid_from = today - datetime.timedelta(days=rng.randint(0, 13))
        hours.append(hour)
    # Outreach hours: the county-wide institution's places in other towns.
    free_days = [day for day in WEEKDAYS if day not in days]
    for elsewhere in outreach:
        if not free_days:
            break
        weekday = free_days.pop(rng.randrange(len(free_days)))
        hour = _hour(rng, weekday, elsewhere, contact, today, mode="vor_ort")
        if rng.random() < 0.6:
            hour.week_of_month = 1
        else:
            hour.every_weeks = 2
            hour.valid_from = today - datetime.timedelta(days=rng.randint(0, 13))
        hours.append(hour)
    return hours


def _hour(rng, weekday, place, contact, today, mode=None):
    starts = rng.choice(STARTS)
    length = rng.choice((60, 90, 120, 120, 180, 240))
    ends_minutes = min(starts.hour * 60 + starts.minute + length, 19 * 60)
    ends = datetime.time(ends_minutes // 60, ends_minutes % 60)
    if mode is None:
        roll = rng.random()
        if place is None or roll < 0.15:
            mode = "telefon"
        elif roll < 0.45 and contact.online_counselling:
            mode = "online"
        else:
            mode = "vor_ort"
    hour = HourPlan(
        weekday=weekday,
        starts=starts,
        ends=ends,
        mode=mode,
        place=place if mode == "vor_ort" else None,
        appointment_needed=rng.random() < 0.3,
        open_on_holidays=rng.random() < 0.03,
        note=rng.choice(names.HOUR_NOTES),
    )
    if rng.random() < 0.05:
        hour.valid_until = today + datetime.timedelta(days=rng.randint(30, 200))
    return hour


def _closure(rng, today):
    starts = today + datetime.timedelta(days=rng.randint(-10, 60))
    ends = starts + datetime.timedelta(days=rng.randint(0, 20))
    return ClosurePlan(starts, ends, rng.choice(names.CLOSURE_REASONS))


def _statuses(rng, institutions, today):
    """About 3 % temporarily closed and 2 % ended, most with a Träger as successor
    (at least one of each in a network of ten or more, so the demo shows both)."""
    count = len(institutions)
    if count < 10:
        return
    closed_count, ended_count = max(1, count * 3 // 100), max(1, count * 2 // 100)
    chosen = rng.sample(range(count), closed_count + ended_count)
    for index in chosen[:closed_count]:
        contact = institutions[index].contact
        contact.status = "geschlossen"
        contact.closed_until = today + datetime.timedelta(days=rng.randint(7, 90))
        contact.status_note = rng.choice(names.STATUS_NOTES)
    ended = chosen[closed_count:]
    carriers = [
        index
        for index, plan in enumerate(institutions)
        if plan.parent is None and plan.is_public and index not in chosen
    ]
    for index in ended:
        contact = institutions[index].contact
        contact.status = "beendet"
        contact.status_note = "Das Angebot wurde eingestellt."
        if carriers and rng.random() < 0.8:
            contact.successor = rng.choice(carriers)


def _member(rng, plan, institutions, today):
    contact = HolderPlan()
    contact.phones = _phones(rng, rng.choice((0, 0, 1, 1, 1, 2)))
    contact.appointment_only = rng.random() < 0.1
    if rng.random() < 0.05:
        contact.online_counselling = True
    if rng.random() < 0.25:
        place = own_place(institutions, plan.institution)
        contact.hours = _hours(rng, contact, today, place, count=1)
    if rng.random() < 0.02:
        contact.closures.append(_closure(rng, today))
    return contact
