"""Writes the synthetic network's contact data (bench/contact.py) in batches.

As bench/network.py does for people: bulk_create without save(), so what save()
would keep is filled in here: ``Held.institution`` (the holder, or the person's
institution). Topics and languages must exist (create_controlled_lists).
"""

from django.contrib.contenttypes.models import ContentType

from institutions.models import (
    Closure,
    ConsultationHour,
    Institution,
    Language,
    Location,
    Phone,
    Service,
)
from institutions.services import create_controlled_lists
from widunetz.models import Translation
from widunetz.search import fold

BATCH = 2000

INSTITUTION_FIELDS = (
    "email",
    "website",
    "booking_url",
    "online_counselling",
    "online_url",
    "appointment_only",
    "status",
    "closed_until",
    "status_note",
    "minimum_age",
    "maximum_age",
    "eligibility",
    "free_of_charge",
    "fees_description",
    "required_documents",
)
MEMBER_FIELDS = ("booking_url", "online_counselling", "online_url", "appointment_only")


def fill_institution(institution, contact):
    """Set the columns of ``institution`` the plan has (before it is inserted)."""
    for name in INSTITUTION_FIELDS:
        setattr(institution, name, getattr(contact, name))


def fill_member(member, contact):
    for name in MEMBER_FIELDS:
        setattr(member, name, getattr(contact, name))


PLACE_FIELDS = (
    "name",
    "street",
    "postal_code",
    "city",
    "latitude",
    "longitude",
    "directions",
    "step_free",
    "lift",
    "accessible_toilet",
    "hearing_loop",
    "accessibility_note",
)


def write_institution_contact(plans, saved, municipalities):
    """Successors, topics, languages, places, and the institutions' phones, hours and
    closures; returns the places by (institution index, place index) for the people."""
    create_controlled_lists(Service, Language)
    ended = [
        (institution, saved[plan.contact.successor])
        for institution, plan in zip(saved, plans, strict=True)
        if plan.contact.successor is not None
    ]
    for institution, successor in ended:
        institution.successor = successor
    Institution.objects.bulk_update([row for row, _successor in ended], ["successor"])
    topics = Service.objects.in_bulk(field_name="slug")
    through = Institution.services.through
    _insert(
        through,
        [
            through(institution_id=institution.pk, service_id=topics[slug].pk)
            for institution, plan in zip(saved, plans, strict=True)
            for slug in plan.contact.topics
            if slug in topics
        ],
    )
    through = Institution.languages.through
    _insert(
        through,
        [
            through(institution_id=institution.pk, language_id=code)
            for institution, plan in zip(saved, plans, strict=True)
            for code in plan.contact.languages
        ],
    )
    places = {}
    rows = []
    for index, (institution, plan) in enumerate(zip(saved, plans, strict=True)):
        for number, place in enumerate(plan.contact.places):
            row = Location(
                institution_id=institution.pk,
                municipality=municipalities[place.town] if place.town is not None else None,
                **{name: getattr(place, name) for name in PLACE_FIELDS},
            )
            places[(index, number)] = row
            rows.append(row)
    _insert(Location, rows)
    write_held(saved, [plan.contact for plan in plans], places, lambda row: row.pk)
    return places


def write_held(holders, contacts, places, institution_of):
    """Phones (with their languages), hours and closures of ``holders``."""
    content_type = ContentType.objects.get_for_model(holders[0]) if holders else None
    phones, hours, closures = [], [], []
    for holder, contact in zip(holders, contacts, strict=True):
        held = {
            "content_type": content_type,
            "object_id": holder.pk,
            "institution_id": institution_of(holder),
        }
        for order, phone in enumerate(contact.phones):
            row = Phone(
                number=phone.number, kind=phone.kind, description=phone.description, order=order
            )
            row.languages_planned = phone.languages
            phones.append(_held(row, held))
        for hour in contact.hours:
            row = ConsultationHour(
                mode=hour.mode,
                location=places[hour.place] if hour.place else None,
                weekday=hour.weekday,
                week_of_month=hour.week_of_month,
                every_weeks=hour.every_weeks,
                starts=hour.starts,
                ends=hour.ends,
                valid_from=hour.valid_from,
                valid_until=hour.valid_until,
                open_on_holidays=hour.open_on_holidays,
                appointment_needed=hour.appointment_needed,
                note=hour.note,
            )
            hours.append(_held(row, held))
        for closure in contact.closures:
            row = Closure(starts=closure.starts, ends=closure.ends, reason=closure.reason)
            closures.append(_held(row, held))
    _insert(Phone, phones)
    through = Phone.languages.through
    _insert(
        through,
        [
            through(phone_id=phone.pk, language_id=code)
            for phone in phones
            for code in phone.languages_planned
        ],
    )
    _insert(ConsultationHour, hours)
    _insert(Closure, closures)


def _held(row, held):
    for name, value in held.items():
        setattr(row, name, value)
    return row


def _insert(model, rows):
    return model.objects.bulk_create(rows, batch_size=BATCH)


def search_texts(institutions):
    """Each institution's search text once its places and topics exist: what
    Institution.search_parts() gives, read for all at once instead of in six queries
    an institution (tests/test_generate_network.py compares the two). Each keeps its
    folded parts (``folded_parts``) for its people's search text."""
    pks = {institution.pk for institution in institutions}
    areas, places, topics = {}, {}, {}
    through = Institution.service_area.through.objects.order_by("municipality__name")
    for institution, name in through.values_list("institution", "municipality__name"):
        if institution in pks:
            areas.setdefault(institution, []).append(name)
    rows = Location.objects.order_by("institution", "name", "pk")
    for institution, *parts in rows.values_list(
        "institution", "name", "city", "municipality__name"
    ):
        if institution in pks:
            places.setdefault(institution, []).extend(parts)
    through = Institution.services.through.objects.all()
    for institution, topic in through.values_list("institution", "service"):
        topics.setdefault(institution, set()).add(topic)
    topic_names = list(Service.objects.values_list("pk", "name"))  # in the topics' order
    translated = {}
    rows = Translation.objects.filter(
        content_type=ContentType.objects.get_for_model(Service), field="name"
    ).order_by("object_id", "language")
    for topic, text in rows.values_list("object_id", "text"):
        translated.setdefault(topic, []).append(text)
    for institution in institutions:
        parent = institution.parent
        own = topics.get(institution.pk, set()) | topics.get(parent and parent.pk, set())
        parts = [
            institution.name,
            institution.short_name,
            parent and parent.name,
            parent and parent.short_name,
            institution.seat and institution.seat.name,
            *areas.get(institution.pk, []),
            *places.get(institution.pk, []),
            *(name for pk, name in topic_names if pk in own),
            *(text for pk in sorted(own) for text in translated.get(pk, [])),
        ]
        institution.folded_parts = [fold(part) for part in parts if part]
        institution.search_text = " " + " ".join(institution.folded_parts) + " "
    Institution.objects.bulk_update(institutions, ["search_text"], batch_size=BATCH)
