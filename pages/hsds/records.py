"""Which records the HSDS API publishes, and what their objects show, in a fixed number
of queries however many rows a page holds.

Only public rows: institutions the public may see (``listed``), the hours the public
may see, public people. A service is a pair (institution, topic), a service at a
location a triple (institution, topic, place); the lists page through those pairs
and triples as the database returns them, without loading the institutions first.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Exists, Max, OuterRef, Prefetch
from django.db.models.functions import Cast
from reversion.models import Version

from institutions.models import Closure, ConsultationHour, Institution, Location, Phone
from members.models import Member


def institutions():
    return Institution.objects.public()


def edited_since(moment):
    """A condition on institutions: they, one of their places or one of their public
    people were saved with history (the admin, a confirmation) on or after ``moment``.

    The directory keeps no modification time of its own; django-reversion's
    revisions are the record of every edit.
    """

    def saved(model, outer="pk"):
        return Version.objects.filter(
            content_type=ContentType.objects.get_for_model(model),
            object_id=Cast(OuterRef(outer), CharField()),
            revision__date_created__gte=moment,
        )

    places = Location.objects.filter(institution=OuterRef("pk")).filter(Exists(saved(Location)))
    people = Member.objects.public().filter(institution=OuterRef("pk"))
    return (
        Exists(saved(Institution)) | Exists(places) | Exists(people.filter(Exists(saved(Member))))
    )


def service_pairs(rows, topic=None):
    """(institution id, topic id or None) of the services of the institutions ``rows``."""
    if topic is not None:
        rows = rows.filter(services=topic)
    return rows.values_list("pk", "services").order_by("sort_name", "pk", "services")


def service_at_location_triples(rows, topic=None, municipality=None):
    """(institution id, topic id or None, place id): every place of the institutions
    ``rows`` and every place where they (or their people) hold a public hour."""
    ids = rows.values("pk")
    own = Location.objects.filter(institution__in=ids)
    visited = ConsultationHour.objects.public().filter(location__isnull=False, institution__in=ids)
    if topic is not None:
        own = own.filter(institution__services=topic)
        visited = visited.filter(institution__services=topic)
    if municipality is not None:
        own = own.filter(municipality=municipality)
        visited = visited.filter(location__municipality=municipality)
    own = own.order_by().values_list("institution_id", "institution__services", "pk")
    visited = visited.order_by().values_list(
        "institution_id", "institution__services", "location_id"
    )
    return own.union(visited).order_by("institution_id", "institution__services", "pk")


def offers(institution, topic_id):
    """The topic of the service (institution, ``topic_id``), or False where there is none.

    Topic id 0 is the one service of an institution without a topic (None)."""
    topics = {topic.pk: topic for topic in institution.services.all()}
    if not topic_id:
        return None if not topics else False
    return topics.get(topic_id, False)


class Related:
    """The rows the objects of some institutions show (``full``: all of their nested
    objects, else the one-to-one fields): six queries, twelve with ``full``."""

    def __init__(self, ids, *, today, full=True):
        self.today = today
        self.institutions = (
            Institution.objects.filter(pk__in=ids)
            .select_related("parent")
            .prefetch_related("service_area", "languages", "services")
            .in_bulk()
        )
        ids = list(self.institutions)
        self.places = defaultdict(list)
        self.places_by_id = {}
        for place in Location.objects.filter(institution__in=ids).select_related("municipality"):
            self.places[place.institution_id].append(place)
            self.places_by_id[place.pk] = place
        self.people = defaultdict(list)
        self.people_by_id = {}
        people = Member.objects.public().filter(institution__in=ids)
        if full:
            phones = Phone.objects.prefetch_related("languages")
            people = people.prefetch_related(Prefetch("phones", queryset=phones))
        for person in people:
            self.people[person.institution_id].append(person)
            self.people_by_id[person.pk] = person
        self.modified = self.last_modified(ids)
        self.phones, self.hours, self.closures = {}, {}, {}
        if full:
            self.load_contact_data(ids)

    def last_modified(self, ids):
        """The time of the newest revision of each institution, its places and its people."""
        owners = {Institution: {pk: pk for pk in ids}}
        owners[Location] = {pk: place.institution_id for pk, place in self.places_by_id.items()}
        owners[Member] = {pk: person.institution_id for pk, person in self.people_by_id.items()}
        types = {ContentType.objects.get_for_model(model).pk: model for model in owners}
        versions = Version.objects.filter(content_type__in=types).filter(
            object_id__in=[str(pk) for rows in owners.values() for pk in rows]
        )
        latest = {}
        for type_id, object_id, moment in (
            versions.values_list("content_type", "object_id")
            .annotate(moment=Max("revision__date_created"))
            .order_by()
        ):
            owner = owners[types[type_id]].get(int(object_id))
            if owner is not None and (owner not in latest or latest[owner] < moment):
                latest[owner] = moment
        return latest

    def load_contact_data(self, ids):
        own = ContentType.objects.get_for_model(Institution)
        phones = Phone.objects.filter(content_type=own, object_id__in=ids)
        self.phones = group(phones.prefetch_related("languages"), "object_id")
        hours = ConsultationHour.objects.public().filter(institution__in=ids)
        self.hours = group(hours.select_related("location__municipality"), "institution_id")
        closures = Closure.objects.filter(institution__in=ids, ends__gte=self.today)
        self.closures = group(closures, "institution_id")
        self.institution_type = own.pk

    def topics(self, institution):
        """The topics of its services: its own, or None for the one service without."""
        return list(institution.services.all()) or [None]

    def own_closures(self, institution):
        return [
            closure
            for closure in self.closures.get(institution.pk, [])
            if closure.content_type_id == self.institution_type
        ]

    def hour_closures(self, hour):
        """The closures that take ``hour`` out: its holder's and its institution's."""
        return [
            closure
            for closure in self.closures.get(hour.institution_id, [])
            if (closure.content_type_id, closure.object_id)
            == (hour.content_type_id, hour.object_id)
            or closure.content_type_id == self.institution_type
        ]

    def person(self, hour):
        """The public person holding ``hour``, or None for the institution's own hour."""
        if hour.content_type_id == self.institution_type:
            return None
        return self.people_by_id.get(hour.object_id)

    def visited_places(self, institution):
        """Its own places and every place where it or its people hold a public hour."""
        places = {place.pk: place for place in self.places[institution.pk]}
        for hour in self.hours.get(institution.pk, []):
            if hour.location_id is not None:
                places.setdefault(hour.location_id, hour.location)
        return list(places.values())


def group(rows, attribute):
    grouped = defaultdict(list)
    for row in rows:
        grouped[getattr(row, attribute)].append(row)
    return grouped
