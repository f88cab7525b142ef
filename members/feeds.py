"""Calendar feeds (RFC 5545) to subscribe to: consultation hours and Termine.

Hours are read as the pages read them (institutions.hours): each public hour is one
event with its rule (RRULE), and every date the rule names but the pages leave out
(an NRW public holiday, a closure of the holder or its institution, an institution
closed for a while) is an exception (EXDATE). The dates are those of the next
``HOURS_DAYS`` days, so a rule ends (UNTIL) with its last date in that window; the
calendar asks to be read again every day and then reaches a day further. A
subscriber's calendar therefore shows exactly the dates the pages show.

Times are wall-clock times in Europe/Berlin with its VTIMEZONE. Each event's UID is
the record's stable identifier (widunetz.identifiers), so an edited hour or Termin
replaces its old version in the subscriber's calendar instead of doubling it.
"""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_lazy
from django.views import View
from icalendar import Calendar, Event, vDuration, vRecur

from institutions.hours import BERLIN, Schedule, closed_days, rrule_text, rule
from institutions.hours import now as hours_now
from institutions.models import (
    Closure,
    ConsultationHour,
    HourMode,
    Institution,
    InstitutionStatus,
    Language,
    Municipality,
    Service,
)
from widunetz.identifiers import identifier
from widunetz.links import reverse_name
from widunetz.pagecache import CachedPageMixin
from widunetz.translation import localized, with_translations

from .events import PartnerTermineMixin
from .models import Member, WorkingGroup

# How far ahead the hours' feeds reach (half a year); read again daily, they move on
# with the days. A year took twice as long for a town with thousands of hours.
HOURS_DAYS = 183
# How long a calendar keeps a Termin that is over.
TERMINE_PAST_DAYS = 90
PRODID = "-//Kreis Herford//widunetz Verzeichnis//DE"
REFRESH = datetime.timedelta(days=1)


# --- which hours a feed holds -----------------------------------------------------------


def hours_in_town(municipality):
    """The hours the town's page lists: at places in town, of the offices serving it
    and of the county-wide services holding an outreach hour there."""
    return Institution.objects.public().hours_in(municipality)


def hours_on_topic(service):
    """Public hours of those who counsel on ``service``: an institution offering it,
    a unit whose Träger does, and their people (as the lists filter by topic)."""
    offering = Institution.objects.offering(service)
    return ConsultationHour.objects.public().filter(
        Q(institution__in=offering) | Q(institution__parent__in=offering)
    )


def hours_in_language(language):
    """Public hours where counselling in ``language`` is offered: at an institution
    offering it, or held by a person who speaks it (as the lists filter by language)."""
    speakers = Member.languages.through.objects.filter(language=language).values("member")
    return ConsultationHour.objects.public().filter(
        Q(institution__in=Institution.objects.speaking(language))
        | Q(content_type=ContentType.objects.get_for_model(Member), object_id__in=speakers)
    )


# --- hours as events ----------------------------------------------------------------------


def hours_calendar(name, hours, request):
    """A calendar of ``hours`` (a queryset of public ConsultationHours) from today on:
    six queries, however many hours."""
    start = datetime.datetime.combine(hours_now().date(), datetime.time(), tzinfo=BERLIN)
    hours = list(
        with_translations(
            hours.filter(Q(valid_until__isnull=True) | Q(valid_until__gte=start.date()))
            .select_related("location", "institution")
            .order_by("pk")
        )
    )
    ids = {hour.institution_id for hour in hours}
    closures = Closure.objects.filter(institution__in=ids, ends__gte=start.date())
    # Only an institution closed for a while or ended takes its hours out (as the pages).
    shut = Institution.objects.filter(pk__in=ids).exclude(status=InstitutionStatus.ACTIVE)
    schedule = Schedule(hours, closures, shut.in_bulk(), moment=start)
    person_type = ContentType.objects.get_for_model(Member).pk
    people = holders(hours, person_type)
    calendar = new_calendar(name, request)
    for hour in hours:
        kept, left_out = dates_of(hour, schedule.spans(hour), start.date())
        if kept:
            person = people.get(hour.object_id) if hour.content_type_id == person_type else None
            calendar.add_component(hour_event(hour, kept, left_out, person, request))
    add_timezone(calendar, start.date())
    return calendar


def holders(hours, person_type):
    """The public people holding some of ``hours``, by key (one query)."""
    keys = [hour.object_id for hour in hours if hour.content_type_id == person_type]
    return Member.objects.public().in_bulk(keys) if keys else {}


def dates_of(hour, spans, first_day):
    """The days of ``hour`` in the feed's window as the pages find them (its rule, less
    NRW holidays and the closures ``spans``: institutions.hours), and the days of its
    rule between the first and the last of them that the pages leave out."""
    closed = closed_days(hour, spans)
    last_day = first_day + datetime.timedelta(days=HOURS_DAYS - 1)
    kept, left_out = [], []
    for day in rule(hour, near=first_day).between(
        datetime.datetime.combine(first_day, datetime.time()),
        datetime.datetime.combine(last_day, datetime.time()),
        inc=True,
    ):
        (left_out if closed(day.date()) else kept).append(day.date())
    return kept, [day for day in left_out if kept and kept[0] < day < kept[-1]]


def hour_event(hour, kept, left_out, person, request):
    """One hour as a recurring event: its first day in the window, its rule up to its
    last one, and the days in between that the pages leave out as exceptions."""

    def at(day, time=hour.starts):
        return datetime.datetime.combine(day, time, tzinfo=BERLIN)

    recurrence = vRecur.from_ical(rrule_text(hour).split(";UNTIL=")[0])
    recurrence["UNTIL"] = [at(kept[-1]).astimezone(datetime.UTC)]
    event = Event.new(
        uid=str(identifier("schedule", hour.pk)),
        start=at(kept[0]),
        end=at(kept[0], hour.ends),
        stamp=timezone.now(),
        summary=hour_summary(hour, person),
        location=hour_location(hour),
        description=hour_description(hour, person),
        url=request.build_absolute_uri((person or hour.institution).get_absolute_url()),
        transparency="TRANSPARENT",
    )
    event.add("rrule", recurrence)
    if left_out:
        event.add("exdate", [at(day) for day in left_out])
    if hour.location_id and hour.location.latitude is not None:
        event.add("geo", (float(hour.location.latitude), float(hour.location.longitude)))
    return event


def is_outreach(hour):
    """An hour of a county-wide service at a place in one of the towns."""
    return hour.institution.county_wide and hour.location_id and hour.location.municipality_id


def hour_summary(hour, person):
    holder = f"{person.full_name}, {hour.institution.name}" if person else hour.institution.name
    if is_outreach(hour):
        return gettext("Außensprechstunde: %(holder)s") % {"holder": holder}
    return gettext("Sprechzeit: %(holder)s") % {"holder": holder}


def hour_location(hour):
    if hour.mode == HourMode.PHONE:
        return gettext("telefonisch")
    if hour.mode == HourMode.ONLINE:
        return gettext("online oder per Video")
    place = hour.location
    if place is None:
        return ""
    town = f"{place.postal_code} {place.city}".strip()
    return ", ".join(part for part in (place.name, place.street, town) if part)


def hour_description(hour, person):
    appointment = hour.appointment_needed or hour.institution.appointment_only
    appointment = appointment or (person is not None and person.appointment_only)
    lines = [gettext("nur mit Termin") if appointment else gettext("ohne Termin")]
    if note := localized(hour, "note"):
        lines.append(note)
    return "\n".join(lines)


# --- Termine as events ----------------------------------------------------------------------


def termine_calendar(name, termine, request):
    """A calendar of ``termine`` (a queryset the caller limited to what the visitor may
    see), from ``TERMINE_PAST_DAYS`` ago on: two queries at most."""
    since = hours_now().date() - datetime.timedelta(days=TERMINE_PAST_DAYS)
    calendar = new_calendar(name, request)
    for termin in with_translations(termine.since(since).for_display()):
        calendar.add_component(termin_event(termin, request))
    add_timezone(calendar, since)
    return calendar


def termin_event(termin, request):
    lines = [localized(termin, "description")]
    if organiser := termin.public_organiser:
        lines.append(gettext("Veranstalter: %(name)s") % {"name": organiser.name})
    if termin.group_id:
        lines.append(gettext("Arbeitskreis oder Gremium: %(name)s") % {"name": termin.group.name})
    link = (
        termin.group.get_absolute_url() if termin.group_id else reverse_name("members:termin-list")
    )
    event = Event.new(
        uid=str(identifier("event", termin.pk)),
        start=termin.starts.astimezone(BERLIN),
        end=termin.ends.astimezone(BERLIN),
        stamp=timezone.now(),
        summary=localized(termin, "title"),
        location=termin.place_text or None,
        description="\n".join(line for line in lines if line) or None,
        url=request.build_absolute_uri(link),
        classification="PUBLIC" if termin.is_public else "PRIVATE",
    )
    return event


# --- the calendar and its response -----------------------------------------------------


def new_calendar(name, request):
    calendar = Calendar.new(
        prodid=PRODID,
        name=name,
        method="PUBLISH",
        calscale="GREGORIAN",
        language=get_language(),
        refresh_interval=REFRESH,
        source=request.build_absolute_uri(request.path),
        # RFC 7986's UID of the calendar itself: the same on every fetch.
        uid=uuid.uuid5(uuid.NAMESPACE_URL, request.build_absolute_uri(request.path)),
    )
    # What Outlook reads instead of REFRESH-INTERVAL.
    calendar.add("x-published-ttl", vDuration(REFRESH))
    return calendar


def add_timezone(calendar, start):
    """Europe/Berlin's VTIMEZONE for the years the calendar's dates fall in, not since 1970."""
    calendar.add_missing_timezones(
        first_date=start - datetime.timedelta(days=366),
        last_date=start + datetime.timedelta(days=2 * 366),
    )


def ics_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response


# --- the feeds' addresses ---------------------------------------------------------------


class HoursFeedView(CachedPageMixin, View):
    """The hours of a town, a topic or a language, as a calendar."""

    def get(self, request, **kwargs):
        subject = self.subject(**kwargs)
        name = self.title % {"name": subject} + " – widunetz"
        return ics_response(
            hours_calendar(name, self.hours(subject), request),
            f"sprechzeiten-{self.slug_of(subject)}",
        )


class TownHoursFeed(HoursFeedView):
    title = gettext_lazy("Sprechzeiten in %(name)s")

    def subject(self, slug):
        return get_object_or_404(Municipality, slug=slug)

    hours = staticmethod(hours_in_town)
    slug_of = staticmethod(lambda town: town.slug)


class TopicHoursFeed(HoursFeedView):
    title = gettext_lazy("Sprechzeiten zum Thema %(name)s")

    def subject(self, slug):
        return get_object_or_404(with_translations(Service.objects.all()), slug=slug)

    hours = staticmethod(hours_on_topic)
    slug_of = staticmethod(lambda topic: topic.slug)


class LanguageHoursFeed(HoursFeedView):
    title = gettext_lazy("Sprechzeiten mit Beratung auf %(name)s")

    def subject(self, code):
        return get_object_or_404(Language, code=code)

    hours = staticmethod(hours_in_language)
    slug_of = staticmethod(lambda language: language.code)


class TermineFeedView(PartnerTermineMixin, CachedPageMixin, View):
    """The Termine of the network, a town or a working group, as a calendar."""

    def get(self, request, slug=None):
        termine, name, filename = self.chosen(slug)
        return ics_response(termine_calendar(name, termine, request), filename)

    def chosen(self, slug):
        return self.termine(), gettext("Termine – widunetz"), "termine"


class TownTermineFeed(TermineFeedView):
    def chosen(self, slug):
        town = get_object_or_404(Municipality, slug=slug)
        name = gettext("Termine in %(name)s – widunetz") % {"name": town.name}
        return self.termine().held_in(town), name, f"termine-{slug}"


class GroupTermineFeed(TermineFeedView):
    def chosen(self, slug):
        group = get_object_or_404(WorkingGroup, slug=slug)
        name = gettext("Termine: %(name)s – widunetz") % {"name": group.name}
        return self.termine().in_group(group), name, f"termine-{slug}"
