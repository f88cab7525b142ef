"""The directory's records as Open Referral HSDS 3.0 objects: one plain dict per object.

docs/hsds-mapping.md is the table this module follows. Each function returns one
object with its one-to-one fields only (its ``*_id`` links included), so the HSDS
API (pages.hsds.nested puts them together) and the tabular CSV package (one row per
object) share them. An empty field is left out: HSDS types none of them nullable, and
an empty string is no e-mail address or URI.

A service is an institution's offer of one topic; an institution without a topic
offers one service named after it (topic key 0). Objects the directory repeats for
each of an institution's services (its phones, hours, people, towns, languages)
get an identifier made of the record and the topic, so that no two rows of the
tabular package share one.
"""

import datetime

from django.utils import translation
from django.utils.translation import gettext as _

from institutions.hours import BERLIN, RFC_DAYS
from institutions.models import InstitutionStatus, PhoneKind
from institutions.services import LANGUAGES
from widunetz.identifiers import identifier

from .names import service_name

# The one taxonomy: the directory's topics (institutions.Service).
TAXONOMY_NAME = "widunetz-themen"
TAXONOMY_ID = str(identifier("taxonomy", 1))
COUNTY = "Kreis Herford"
STATUS = {
    InstitutionStatus.ACTIVE: "active",
    InstitutionStatus.CLOSED: "temporarily closed",
    InstitutionStatus.ENDED: "defunct",
}
PHONE_TYPES = {PhoneKind.LANDLINE: "voice", PhoneKind.MOBILE: "cell", PhoneKind.FAX: "fax"}


def present(**fields):
    """The fields that have a value."""
    return {name: value for name, value in fields.items() if value not in (None, "")}


def topic_key(topic):
    return topic.pk if topic is not None else 0


def language_key(code):
    """An ISO 639 code (two or three letters) as a number, for an identifier."""
    number = 0
    for letter in code.lower():
        number = number * 27 + (ord(letter) - ord("a") + 1)
    return number


def organization_id(institution):
    return str(identifier("organization", institution.pk))


def service_id(institution, topic):
    return str(identifier("service", institution.pk, topic_key(topic)))


def location_id(place):
    return str(identifier("location", place.pk))


def service_at_location_id(institution, topic, place):
    return str(identifier("service_at_location", institution.pk, topic_key(topic), place.pk))


def taxonomy_term_id(topic):
    return str(identifier("taxonomy_term", topic.pk))


def timestamp(moment):
    """A date-time in UTC with milliseconds, as HSDS asks for ``last_modified``."""
    if moment is None:
        return None
    return moment.astimezone(datetime.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def organization(institution, site):
    """``organization``; ``site`` is the directory's address without the final slash."""
    with translation.override("de"):
        legal_status = institution.get_kind_display()
    return {
        "id": organization_id(institution),
        "name": institution.name,
        "description": institution.description,
        **present(
            alternate_name=institution.short_name,
            email=institution.email,
            website=institution.website,
            legal_status=str(legal_status),
            uri=site + institution.get_absolute_url(),
            parent_organization_id=institution.parent_id
            and str(identifier("organization", institution.parent_id)),
        ),
    }


def service(institution, topic, *, today, modified=None, closures=()):
    """``service``: ``institution``'s offer of ``topic`` (None: the institution as a whole).

    ``closures`` are the institution's own coming closures (Closure rows), for ``alert``.
    """
    ages = institution if institution.has_age_range or topic is None else topic
    return {
        "id": service_id(institution, topic),
        "organization_id": organization_id(institution),
        "name": service_name(institution, topic),
        "status": STATUS[institution.status_on(today)],
        **present(
            alternate_name=institution.short_name,
            description=institution.description,
            url=institution.website,
            email=institution.email,
            application_process=application_process(institution),
            fees_description=_("kostenlos")
            if institution.free_of_charge
            else institution.fees_description,
            eligibility_description=institution.eligibility,
            minimum_age=ages.minimum_age,
            maximum_age=ages.maximum_age,
            assured_date=institution.verified_on and institution.verified_on.isoformat(),
            alert=alert(institution, today, closures),
            last_modified=timestamp(modified),
        ),
    }


def application_process(institution):
    parts = []
    if institution.appointment_only:
        parts.append(_("nur nach Terminvereinbarung"))
    if institution.booking_url:
        parts.append(_("Termin online: %(url)s") % {"url": institution.booking_url})
    if institution.online_url:
        parts.append(_("Beratung online: %(url)s") % {"url": institution.online_url})
    elif institution.online_counselling:
        parts.append(_("Beratung auch online oder per Video"))
    return "; ".join(parts)


def alert(institution, today, closures=()):
    parts = []
    if institution.status_on(today) == InstitutionStatus.CLOSED:
        if institution.closed_until:
            parts.append(
                _("vorübergehend geschlossen bis %(day)s")
                % {"day": f"{institution.closed_until:%d.%m.%Y}"}
            )
        else:
            parts.append(_("vorübergehend geschlossen"))
    if institution.status_note:
        parts.append(institution.status_note)
    parts += [closure_text(closure) for closure in closures if closure.ends >= today]
    return "; ".join(parts)


def closure_text(closure):
    text = _("geschlossen %(first)s–%(last)s") % {
        "first": f"{closure.starts:%d.%m.%Y}",
        "last": f"{closure.ends:%d.%m.%Y}",
    }
    return f"{text}: {closure.reason}" if closure.reason else text


def cost_option(institution, topic):
    """The one ``cost_option`` of a free service; a service with fees says so in words."""
    if not institution.free_of_charge:
        return None
    return {
        "id": str(identifier("cost_option", institution.pk, topic_key(topic))),
        "service_id": service_id(institution, topic),
        "option": _("kostenlos"),
        "currency": "EUR",
        "amount": 0,
    }


def required_documents(institution, topic):
    lines = [line.strip() for line in institution.required_documents.splitlines()]
    return [
        {
            "id": str(identifier("required_document", institution.pk, topic_key(topic), number)),
            "service_id": service_id(institution, topic),
            "document": line,
        }
        for number, line in enumerate(lines, start=1)
        if line
    ]


def service_area(institution, topic, municipality, site):
    """A town the service is for; ``municipality`` None: the whole county."""
    key = municipality.pk if municipality is not None else 0
    return {
        "id": str(identifier("service_area", institution.pk, topic_key(topic), key)),
        "service_id": service_id(institution, topic),
        **present(
            name=municipality.name if municipality is not None else COUNTY,
            uri=municipality and site + municipality.get_absolute_url(),
        ),
    }


# Added to a phone's language key, so that a phone's languages and a service's never
# share an identifier (the codes need 15 bits).
PHONE_LANGUAGE = 1 << 15


def language(code, *keys, **links):
    """A ``language`` of a service or phone (``links``: its ``service_id`` or ``phone_id``);
    ``keys`` are the service's institution and topic keys, or the phone's own."""
    number = language_key(code) + (PHONE_LANGUAGE if "phone_id" in links else 0)
    return {
        "id": str(identifier("language", *keys, number)),
        "name": LANGUAGES.get(code, code),
        "code": code,
        **links,
    }


def phone(row, *keys, **links):
    """A ``phone``; ``keys`` after the phone's own make the id (the topic, for a service)."""
    return {
        "id": str(identifier("phone", row.pk, *keys)),
        "number": row.number,
        **links,
        **present(type=PHONE_TYPES.get(row.kind), description=row.description),
    }


def contact(member, *keys, **links):
    """A public person as a ``contact``; never call it with anyone else."""
    return {
        "id": str(identifier("contact", member.pk, *keys)),
        "name": member.full_name,
        **links,
        **present(title=member.function, email=member.email),
    }


def location(place):
    """A place (``location``, physical) with its one-to-one fields."""
    return {
        "id": location_id(place),
        "location_type": "physical",
        "organization_id": str(identifier("organization", place.institution_id)),
        **present(
            url=place.map_url,
            name=place.name,
            transportation=place.directions,
            latitude=None if place.latitude is None else float(place.latitude),
            longitude=None if place.longitude is None else float(place.longitude),
        ),
    }


def address(place):
    """The place's postal ``address``, or None where it has neither street nor town."""
    if not (place.street or place.city):
        return None
    return {
        "id": str(identifier("address", place.pk)),
        "location_id": location_id(place),
        "address_1": place.street,
        "city": place.city,
        "state_province": "NW",
        "postal_code": place.postal_code,
        "country": "DE",
        "address_type": "physical",
        **present(region=place.municipality.name if place.municipality_id else None),
    }


def accessibility(place):
    """What is known of the place's access, or None where nobody said anything."""
    with translation.override("de"):
        known = [
            f"{label}: {_('ja') if value else _('nein')}" for label, value in place.accessibility
        ]
    if not known and not place.accessibility_note:
        return None
    return {
        "id": str(identifier("accessibility", place.pk)),
        "location_id": location_id(place),
        **present(description="; ".join(known), details=place.accessibility_note),
    }


def service_at_location(institution, topic, place):
    return {
        "id": service_at_location_id(institution, topic, place),
        "service_id": service_id(institution, topic),
        "location_id": location_id(place),
    }


def taxonomy(site):
    return {
        "id": TAXONOMY_ID,
        "name": TAXONOMY_NAME,
        "description": _("Die Themen der Beratung im Verzeichnis widunetz"),
        "uri": site + "/",
        "version": "1",
    }


def taxonomy_term(topic):
    return {
        "id": taxonomy_term_id(topic),
        "code": topic.slug,
        "name": topic.name,
        "description": topic.explanation or topic.name,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
        "language": "de",
    }


def topic_attribute(institution, topic):
    """The link of a service to its topic's term (``attribute``)."""
    return {
        "id": str(identifier("attribute", institution.pk, topic.pk)),
        "link_id": service_id(institution, topic),
        "link_type": "service",
        "link_entity": "service",
        "taxonomy_term_id": taxonomy_term_id(topic),
        "taxonomy_term": taxonomy_term(topic),
    }


def schedule(hour, topic, *, offset, person=None, closures=(), **links):
    """A consultation hour as a ``schedule`` (RFC 5545 fields) of one service or of one
    service at a location (``links``). Times are wall-clock times in Europe/Berlin;
    ``offset`` is its UTC offset in hours on the day of the answer."""
    monthly = hour.week_of_month is not None
    day = RFC_DAYS[hour.weekday]
    with translation.override("de"):
        mode, weekday = str(hour.get_mode_display()), str(hour.get_weekday_display())
        week = hour.get_week_of_month_display() if monthly else ""
        if hour.every_weeks > 1:
            week = _("alle %(n)s Wochen") % {"n": hour.every_weeks}
    return {
        "id": str(identifier("schedule", hour.pk, topic_key(topic))),
        **links,
        "freq": "MONTHLY" if monthly else "WEEKLY",
        "byday": f"{hour.week_of_month}{day}" if monthly else day,
        "wkst": "MO",
        "interval": 1 if monthly else hour.every_weeks,
        "opens_at": f"{hour.starts:%H:%M}",
        "closes_at": f"{hour.ends:%H:%M}",
        "timezone": offset,
        "attending_type": mode,
        "description": f"{week} {weekday} {hour.starts:%H:%M}–{hour.ends:%H:%M}".strip(),
        **present(
            valid_from=hour.valid_from and hour.valid_from.isoformat(),
            dtstart=hour.valid_from and hour.valid_from.isoformat(),
            valid_to=hour.valid_until and hour.valid_until.isoformat(),
            until=hour.valid_until and hour.valid_until.isoformat(),
            notes=schedule_notes(hour, person, closures),
        ),
    }


def schedule_notes(hour, person, closures):
    notes = [hour.note] if hour.note else []
    if person is not None:
        notes.append(_("Sprechzeit von %(name)s") % {"name": person.full_name})
    if hour.appointment_needed:
        notes.append(_("nur mit Termin"))
    if not hour.open_on_holidays:
        notes.append(_("an Feiertagen in NRW geschlossen"))
    notes += [closure_text(closure) for closure in closures]
    return "; ".join(notes)


def utc_offset(day):
    """Europe/Berlin's UTC offset in hours on ``day`` (1 in winter, 2 in summer)."""
    noon = datetime.datetime.combine(day, datetime.time(12), tzinfo=BERLIN)
    return int(noon.utcoffset().total_seconds() // 3600)
