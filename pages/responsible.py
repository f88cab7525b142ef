"""The answer to "Wer ist für mich zuständig?": which services counsel on a topic in a
town, for someone of an age, with their people and next hours, and one sentence why."""

import re
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from institutions.hours import Schedule
from institutions.hours import now as berlin_now
from institutions.models import Closure, ConsultationHour, Institution, Service
from members.models import Member
from widunetz.translation import localized, with_translations

# More would be a list, not an answer: the list pages go further.
MAX_SERVICES = 20


@dataclass
class Responsible:
    institution: Institution
    # "local", "outreach" or "county", in the order they are named.
    reach: str
    occurrence: object = None
    people: list = field(default_factory=list)


@dataclass
class Answer:
    town: object
    topic: Service
    age: int | None
    why: str
    fits_age: bool = True
    other_topics: list = field(default_factory=list)
    services: list = field(default_factory=list)
    intro: str = ""
    explanation: str = ""

    @property
    def summary(self):
        """The topic's age rule and the editors' explanation, the ages said once: an
        explanation that names them ("von 12 bis 27 Jahren") stands for the rule."""
        if self.explanation and names_ages(self.explanation, self.topic):
            return _("%(topic)s: %(explanation)s") % {
                "topic": localized(self.topic, "name"),
                "explanation": self.explanation,
            }
        return " ".join(part for part in (self.why, self.explanation) if part)


def names_ages(text, topic):
    """Whether ``text`` gives every limit of the topic's age range as a number (in any
    script's digits); a topic open to every age has none to name."""
    numbers = {int(number) for number in re.findall(r"\d+", text)}
    limits = {age for age in (topic.minimum_age, topic.maximum_age) if age is not None}
    return bool(limits) and limits <= numbers


def whom(topic):
    """Who the topic's services counsel, by its age range, in words."""
    low, high = topic.minimum_age, topic.maximum_age
    # The number last said chooses the plural form ("до 27 лет", "до 21 года").
    if low is not None and high is not None:
        return ngettext(
            "Menschen von %(low)s bis %(high)s Jahr",
            "Menschen von %(low)s bis %(high)s Jahren",
            high,
        ) % {"low": low, "high": high}
    if low is not None:
        return ngettext("Menschen ab %(low)s Jahr", "Menschen ab %(low)s Jahren", low) % {
            "low": low
        }
    if high is not None:
        return ngettext("Menschen bis %(high)s Jahr", "Menschen bis %(high)s Jahre", high) % {
            "high": high
        }
    return _("Menschen jeden Alters")


def answer(town, topic, age=None):
    name = localized(topic, "name")
    why = _("%(topic)s berät %(whom)s.") % {"topic": name, "whom": whom(topic)}
    result = Answer(town, topic, age, why, explanation=localized(topic, "explanation"))
    if age is not None and not topic.admits_age(age):
        result.fits_age = False
        result.other_topics = list(
            with_translations(Service.objects.for_age(age).filter(institutions__listed=True))
            .exclude(pk=topic.pk)
            .distinct()
        )
        return result
    institutions = Institution.objects.public().offering(topic).for_municipality(town)
    if age is not None:
        institutions = institutions.for_age(age, topic)
    found = list(institutions.select_related("parent").prefetch_related("phones")[:MAX_SERVICES])
    local = set(
        Institution.objects.filter(pk__in=[i.pk for i in found])
        .local_to(town)
        .values_list("pk", flat=True)
    )
    order = {"local": 0, "outreach": 1, "county": 2}
    services = sorted(
        (Responsible(i, reach(i, local)) for i in found), key=lambda r: order[r.reach]
    )
    if services:
        add_people(services)
        add_next_hours(services, town)
    result.services = services
    result.intro = ngettext(
        "Für %(town)s ist zuständig:", "Für %(town)s sind zuständig:", len(services)
    ) % {"town": town.name}
    return result


def reach(institution, local):
    if institution.pk not in local:
        return "county"
    return "outreach" if institution.county_wide else "local"


def add_people(services):
    """The public people of each service, a unit's under its Träger (one query)."""
    by_id = {service.institution.pk: service for service in services}
    people = Member.objects.public().filter(
        Q(institution__in=by_id) | Q(institution__parent__in=by_id)
    )
    for person in people.select_related("institution"):
        service = by_id.get(person.institution_id) or by_id.get(person.institution.parent_id)
        service.people.append(person)


def add_next_hours(services, town):
    """Each service's next hour, in town if it holds one there (three queries)."""
    by_id = {service.institution.pk: service for service in services}
    person_type = ContentType.objects.get_for_model(Member).pk
    people = {person.pk for service in services for person in service.people}
    hours = [
        hour
        for hour in ConsultationHour.objects.public()
        .filter(institution__in=by_id)
        .select_related("location")
        if hour.content_type_id != person_type or hour.object_id in people
    ]
    closures = Closure.objects.filter(institution__in=by_id, ends__gte=berlin_now().date())
    institutions = {pk: service.institution for pk, service in by_id.items()}
    schedule = Schedule(hours, closures, institutions)
    for service in services:
        own = [hour for hour in hours if hour.institution_id == service.institution.pk]
        in_town = [
            hour for hour in own if hour.location and hour.location.municipality_id == town.pk
        ]
        service.occurrence = schedule.next(in_town) or schedule.next(own)
