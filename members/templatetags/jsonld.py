"""schema.org JSON-LD on an institution's and a person's page: what the page says, as data.

Search engines and other machines read who an office is, where it works, how to reach
it, in which languages and when. Built from the rows the page has loaded anyway (no
query of its own) and from nothing else, so it never says more than the page: the
people named are the page's, which are public ones only.

``<script type="application/ld+json">`` is a data block, not a script: browsers
neither run it nor apply the Content-Security-Policy's ``script-src`` to it, so the
site stays without JavaScript and its policy without ``'unsafe-inline'``.
"""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from institutions.models import Institution, PhoneKind
from widunetz.translation import localized

register = template.Library()

# Towns, the county and the federal and state authorities are public bodies; the
# welfare associations are not. Of the other kinds (labour market, education, youth
# work) some are public and some are not: they are organisations, no more is known.
GOVERNMENT_KINDS = {
    Institution.Kind.MUNICIPAL,
    Institution.Kind.COUNTY,
    Institution.Kind.AUTHORITY,
}
NGO_KINDS = {Institution.Kind.WELFARE}
COUNTY = "Kreis Herford"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Inside <script> the text must not close the element or open a comment.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def organisation_type(institution):
    if institution.kind in GOVERNMENT_KINDS:
        return "GovernmentOrganization"
    if institution.kind in NGO_KINDS:
        return "NGO"
    return "Organization"


def without_empty(data):
    """The entries that say something: schema.org reads a missing property as unknown."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organisation_reference(institution, absolute):
    return {
        "@type": organisation_type(institution),
        "name": institution.name,
        "url": absolute(institution.get_absolute_url()),
    }


def area_served(institution, absolute):
    if institution.county_wide:
        return {"@type": "AdministrativeArea", "name": COUNTY}
    return [
        {"@type": "City", "name": place.name, "url": absolute(place.get_absolute_url())}
        for place in institution.service_area.all()
    ]


def languages(holder):
    return [
        {"@type": "Language", "name": language.name, "alternateName": language.code}
        for language in holder.languages.all()
    ]


def opening_hours(hours):
    """The weekly hours as OpeningHoursSpecification.

    An hour every second week or on the first Tuesday of a month has no form there:
    read as weekly it would send people on the wrong days, so it stays on the page.
    """
    return [
        without_empty(
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{DAYS[hour.weekday]}",
                "opens": f"{hour.starts:%H:%M}",
                "closes": f"{hour.ends:%H:%M}",
                "validFrom": hour.valid_from and hour.valid_from.isoformat(),
                "validThrough": hour.valid_until and hour.valid_until.isoformat(),
            }
        )
        for hour in hours
        if hour.every_weeks == 1 and hour.week_of_month is None
    ]


def telephone(holder):
    numbers = [phone.number for phone in holder.phones.all() if phone.kind != PhoneKind.FAX]
    return numbers[0] if numbers else None


def contact_point(holder, hours, area=None):
    return without_empty(
        {
            "@type": "ContactPoint",
            "contactType": "Beratung",
            "telephone": telephone(holder),
            "email": holder.email,
            "url": holder.booking_url,
            "availableLanguage": languages(holder),
            "hoursAvailable": opening_hours(hours),
            "areaServed": area,
        }
    )


def postal_address(location):
    return without_empty(
        {
            "@type": "PostalAddress",
            "name": location.name,
            "streetAddress": location.street,
            "postalCode": location.postal_code,
            "addressLocality": location.city,
            "addressRegion": "NRW",
            "addressCountry": "DE",
        }
    )


def institution_data(institution, hours, locations, people, absolute):
    parent = institution.parent
    return without_empty(
        {
            "@context": "https://schema.org",
            **organisation_reference(institution, absolute),
            "alternateName": institution.short_name,
            "description": localized(institution, "description"),
            "email": institution.email,
            "telephone": telephone(institution),
            "sameAs": institution.website,
            "parentOrganization": parent and organisation_reference(parent, absolute),
            "address": [postal_address(location) for location in locations],
            "areaServed": area_served(institution, absolute),
            "contactPoint": contact_point(institution, hours, area_served(institution, absolute)),
            "employee": [person_reference(person, absolute) for person in people],
        }
    )


def person_reference(person, absolute):
    return without_empty(
        {
            "@type": "Person",
            "name": person.full_name,
            "jobTitle": person.function,
            "url": absolute(person.get_absolute_url()),
        }
    )


def person_data(person, hours, absolute):
    institution = person.institution
    return without_empty(
        {
            "@context": "https://schema.org",
            **person_reference(person, absolute),
            "givenName": person.first_name,
            "familyName": person.last_name,
            "email": person.email,
            "telephone": telephone(person),
            "worksFor": organisation_reference(institution, absolute),
            "knowsLanguage": languages(person),
            "memberOf": [
                {
                    "@type": "Organization",
                    "name": membership.group.name,
                    "url": absolute(membership.group.get_absolute_url()),
                }
                for membership in getattr(person, "current_memberships", [])
            ],
            # Where the person counsels and in which languages their institution does
            # are the institution's page's to say, as the person's page leaves them there.
            "contactPoint": contact_point(person, hours),
        }
    )


def script(data):
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag(takes_context=True)
def institution_jsonld(context):
    """On an institution's page: the institution, its hours, places and people."""
    absolute = context["request"].build_absolute_uri
    data = institution_data(
        context["object"],
        context.get("hours", []),
        context.get("locations", []),
        context.get("members", []),
        absolute,
    )
    return script(data)


@register.simple_tag(takes_context=True)
def person_jsonld(context):
    """On a person's page: the person, their institution, languages and hours."""
    absolute = context["request"].build_absolute_uri
    return script(person_data(context["object"], context.get("hours", []), absolute))
