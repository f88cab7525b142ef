"""When consultation hours take place: recurrence, holidays, closures, "open now".

Every hour is an RFC 5545 rule (dateutil's rrule; HSDS schedules carry the same
``freq``/``byday``/``interval``), its dates cut by ``valid_from``/``valid_until``,
North Rhine-Westphalia's public holidays (unless the hour says it is held on
holidays), the holder's closures and a temporary closure of the institution.
Times are wall-clock times in Europe/Berlin, where the counselling happens,
whatever the server's zone.
"""

import datetime
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from dateutil import rrule
from django.utils import timezone

BERLIN = ZoneInfo("Europe/Berlin")
# dateutil's weekday constants, Monday first like Python's and the model's.
WEEKDAYS = (rrule.MO, rrule.TU, rrule.WE, rrule.TH, rrule.FR, rrule.SA, rrule.SU)
# The anchor of weekly rules without a start date: any Monday long ago.
EPOCH = datetime.date(2000, 1, 3)
RFC_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def now():
    """The present moment in Europe/Berlin (tests move it with ``timezone.now``)."""
    return timezone.now().astimezone(BERLIN)


@lru_cache(maxsize=16)
def public_holidays(year):
    """North Rhine-Westphalia's public holidays of ``year``: {date: name}."""
    return dict(holidays.country_holidays("DE", subdiv="NW", years=year, language="de"))


def is_public_holiday(day):
    return day in public_holidays(day.year)


def rule(hour, near=None):
    """The hour's dates as a dateutil rrule (without holidays and closures).

    ``near``: a date the caller asks about, no later than the first date it needs.
    The rule then starts in that week or month rather than at its first date (or
    the epoch): rrule walks every date from its start, and an hour valid since
    2000 would otherwise walk a thousand weeks for each page that shows it.
    """
    weekday = WEEKDAYS[hour.weekday]
    start = hour.valid_from or EPOCH
    until = hour.valid_until
    if near is not None and near > start:
        if hour.week_of_month:
            # The n-th weekday counts from the month's start.
            start = max(start, near.replace(day=1))
        else:
            # Whole rounds of the interval keep an every-other-week rule in step.
            step = 7 * (hour.every_weeks or 1)
            start += datetime.timedelta(days=(near - start).days // step * step)
    if hour.week_of_month:
        return rrule.rrule(
            rrule.MONTHLY,
            byweekday=weekday(hour.week_of_month),
            dtstart=datetime.datetime.combine(start, datetime.time()),
            until=until and datetime.datetime.combine(until, datetime.time()),
            cache=False,
        )
    return rrule.rrule(
        rrule.WEEKLY,
        interval=hour.every_weeks or 1,
        byweekday=weekday,
        dtstart=datetime.datetime.combine(start, datetime.time()),
        until=until and datetime.datetime.combine(until, datetime.time()),
        cache=False,
    )


def rrule_text(hour):
    """The rule as RFC 5545 text, e.g. ``FREQ=MONTHLY;BYDAY=1TU`` (for HSDS and feeds)."""
    day = RFC_DAYS[hour.weekday]
    if hour.week_of_month:
        parts = ["FREQ=MONTHLY", f"BYDAY={hour.week_of_month}{day}"]
    else:
        parts = ["FREQ=WEEKLY", f"BYDAY={day}"]
        if hour.every_weeks and hour.every_weeks > 1:
            parts.append(f"INTERVAL={hour.every_weeks}")
    if hour.valid_until:
        parts.append(f"UNTIL={hour.valid_until:%Y%m%d}")
    return ";".join(parts)


@dataclass(frozen=True)
class Occurrence:
    hour: object
    start: datetime.datetime
    end: datetime.datetime

    def is_open_at(self, moment):
        return self.start <= moment < self.end

    @property
    def is_open_now(self):
        return self.is_open_at(now())


def closed_days(hour, closures):
    """Whether a day is closed for ``hour``: ``closures`` is a list of (first, last) days."""

    def closed(day):
        if not hour.open_on_holidays and is_public_holiday(day):
            return True
        return any(first <= day <= last for first, last in closures)

    return closed


def occurrences(hour, start, end, closures=()):
    """The hour's occurrences that end after ``start`` and begin before ``end``."""
    closed = closed_days(hour, closures)
    first = start.astimezone(BERLIN).date()
    last = end.astimezone(BERLIN).date()
    days = rule(hour, near=first).between(
        datetime.datetime.combine(first, datetime.time()),
        datetime.datetime.combine(last, datetime.time()),
        inc=True,
    )
    found = []
    for day in days:
        day = day.date()
        if closed(day):
            continue
        occurrence = Occurrence(
            hour,
            datetime.datetime.combine(day, hour.starts, tzinfo=BERLIN),
            datetime.datetime.combine(day, hour.ends, tzinfo=BERLIN),
        )
        if occurrence.end > start and occurrence.start < end:
            found.append(occurrence)
    return found


class Schedule:
    """A set of hours with what closes them, asked "what comes next?".

    ``closures`` are the Closure rows of the hours' holders and institutions,
    ``institutions`` the hours' institutions by id (for a temporary closure or an
    end); a page fetches both once, however many hours it shows.
    """

    def __init__(self, hours, closures=(), institutions=None, moment=None):
        from django.contrib.contenttypes.models import ContentType

        from .models import Institution, InstitutionStatus

        self.hours = list(hours)
        self.moment = moment or now()
        institution_type = ContentType.objects.get_for_model(Institution).pk
        self.closures = {}
        for closure in closures:
            span = (closure.starts, closure.ends)
            self.closures.setdefault((closure.content_type_id, closure.object_id), []).append(span)
            if closure.content_type_id == institution_type:
                # An office shut is shut for the people who counsel there too.
                self.closures.setdefault(("institution", closure.object_id), []).append(span)
        for institution in (institutions or {}).values():
            status = institution.status_on(self.moment.date())
            if status == InstitutionStatus.CLOSED:
                span = (datetime.date.min, institution.closed_until or datetime.date.max)
            elif status == InstitutionStatus.ENDED:
                span = (datetime.date.min, datetime.date.max)
            else:
                continue
            self.closures.setdefault(("institution", institution.pk), []).append(span)

    def spans(self, hour):
        own = self.closures.get((hour.content_type_id, hour.object_id), [])
        return own + self.closures.get(("institution", hour.institution_id), [])

    def occurrences(self, days=14, hours=None):
        """Every occurrence from now for ``days`` days, soonest first."""
        end = self.moment + datetime.timedelta(days=days)
        found = []
        for hour in self.hours if hours is None else hours:
            found += occurrences(hour, self.moment, end, self.spans(hour))
        return sorted(found, key=lambda o: (o.start, o.end, o.hour.pk))

    def open_now(self, hours=None):
        return [o for o in self.occurrences(days=1, hours=hours) if o.is_open_at(self.moment)]

    def next(self, hours=None, days=62):
        """The occurrence going on now, or the next one within ``days``; None if none."""
        found = self.occurrences(days=days, hours=hours)
        return found[0] if found else None


# Long enough for any two rules to meet if they ever do: every interval up to eight
# weeks and every week of the month line up within a few years of a common start.
OVERLAP_HORIZON = datetime.timedelta(days=3 * 366)


def same_place(hour, other):
    """Both at one location, or both by phone, or both online."""
    return hour.mode == other.mode and hour.location_id == other.location_id


def overlaps(hour, other):
    """Whether ``hour`` and ``other`` ever take place at the same time: same weekday,
    overlapping times, and a date both rules meet while both are valid."""
    if hour.weekday != other.weekday or not (hour.starts < other.ends and other.starts < hour.ends):
        return False
    starts = [day for day in (hour.valid_from, other.valid_from) if day]
    ends = [day for day in (hour.valid_until, other.valid_until) if day]
    first = max(starts, default=EPOCH)
    last = min(ends, default=first + OVERLAP_HORIZON)
    if last < first:
        return False
    window = (
        datetime.datetime.combine(first, datetime.time()),
        datetime.datetime.combine(min(last, first + OVERLAP_HORIZON), datetime.time()),
    )
    days = set(rule(hour, near=first).between(*window, inc=True))
    return any(day in days for day in rule(other, near=first).between(*window, inc=True))


def first_overlap(hour, others):
    """The first of ``others`` that takes place at ``hour``'s place while it does, or None."""
    return next(
        (other for other in others if same_place(hour, other) and overlaps(hour, other)), None
    )
