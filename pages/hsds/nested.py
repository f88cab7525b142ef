"""HSDS objects with their nested objects, as the API's endpoints return them.

Built from pages.hsds.mapping's one-to-one objects and the rows pages.hsds.records
loaded for a page. An hour at a place hangs on the service at that location, any
other hour (by phone, online) on the service itself, as docs/hsds-mapping.md says.
"""

from . import mapping


class Builder:
    """Objects of the institutions in ``related`` (a records.Related) for ``site``."""

    def __init__(self, related, site):
        self.related = related
        self.site = site
        self.offset = mapping.utc_offset(related.today)

    def organization(self, institution, *, full=False, full_service=False):
        found = mapping.organization(institution, self.site)
        if not full:
            return found
        organization_id = found["id"]
        related = self.related
        found["phones"] = [
            self.phone(row, organization_id=organization_id)
            for row in related.phones.get(institution.pk, [])
        ]
        found["locations"] = [self.location(place) for place in related.places[institution.pk]]
        found["contacts"] = [
            self.contact(person, organization_id=organization_id)
            for person in related.people[institution.pk]
        ]
        found["services"] = [
            self.service(institution, topic, full=full_service)
            for topic in related.topics(institution)
        ]
        return found

    def service(self, institution, topic, *, full=False, with_locations=True):
        related = self.related
        found = mapping.service(
            institution,
            topic,
            today=related.today,
            modified=related.modified.get(institution.pk),
            closures=related.own_closures(institution),
        )
        found["organization"] = mapping.organization(institution, self.site)
        if not full:
            return found
        return found | self.service_parts(institution, topic, found["id"], with_locations)

    def service_parts(self, institution, topic, service_id, with_locations):
        related, key = self.related, mapping.topic_key(topic)
        hours = related.hours.get(institution.pk, [])
        parts = {
            "phones": [
                self.phone(row, key, service_id=service_id)
                for row in related.phones.get(institution.pk, [])
            ],
            "schedules": [
                self.schedule(hour, topic, service_id=service_id)
                for hour in hours
                if hour.location_id is None
            ],
            "service_areas": self.service_areas(institution, topic),
            "languages": [
                mapping.language(language.code, institution.pk, key, service_id=service_id)
                for language in institution.languages.all()
            ],
            "contacts": [
                self.contact(person, key, service_id=service_id)
                for person in related.people[institution.pk]
            ],
            "cost_options": [
                option for option in [mapping.cost_option(institution, topic)] if option
            ],
            "required_documents": mapping.required_documents(institution, topic),
            "attributes": [mapping.topic_attribute(institution, topic)] if topic else [],
        }
        if with_locations:
            parts["service_at_locations"] = [
                self.service_at_location(institution, topic, place, full=True, with_service=False)
                for place in related.visited_places(institution)
            ]
        return parts

    def service_areas(self, institution, topic):
        if institution.county_wide:
            return [mapping.service_area(institution, topic, None, self.site)]
        return [
            mapping.service_area(institution, topic, municipality, self.site)
            for municipality in institution.service_area.all()
        ]

    def service_at_location(self, institution, topic, place, *, full=False, with_service=True):
        found = mapping.service_at_location(institution, topic, place)
        found["location"] = self.location(place) if full else mapping.location(place)
        if with_service:
            found["service"] = self.service(institution, topic, full=full, with_locations=False)
        if full:
            found["schedules"] = [
                self.schedule(hour, topic, service_at_location_id=found["id"])
                for hour in self.related.hours.get(institution.pk, [])
                if hour.location_id == place.pk
            ]
        return found

    def location(self, place):
        found = mapping.location(place)
        address = mapping.address(place)
        accessibility = mapping.accessibility(place)
        found["addresses"] = [address] if address else []
        found["accessibility"] = [accessibility] if accessibility else []
        return found

    def schedule(self, hour, topic, **links):
        return mapping.schedule(
            hour,
            topic,
            offset=self.offset,
            person=self.related.person(hour),
            closures=self.related.hour_closures(hour),
            **links,
        )

    def phone(self, row, *keys, **links):
        found = mapping.phone(row, *keys, **links)
        found["languages"] = [
            mapping.language(language.code, row.pk, *keys, phone_id=found["id"])
            for language in row.languages.all()
        ]
        return found

    def contact(self, person, *keys, **links):
        found = mapping.contact(person, *keys, **links)
        found["phones"] = [
            self.phone(row, *keys, contact_id=found["id"]) for row in person.phones.all()
        ]
        return found
