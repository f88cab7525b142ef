"""When consultation hours take place: rules, holidays, closures, time zone."""

import datetime

import pytest

from institutions import hours
from institutions.models import Closure, ConsultationHour, Institution
from tests import factories

BERLIN = hours.BERLIN


def at(text):
    return datetime.datetime.fromisoformat(text).replace(tzinfo=BERLIN)


def slot(weekday=1, starts="09:00", ends="12:00", **fields):
    """An unsaved hour: the rules need no database."""
    return ConsultationHour(
        weekday=weekday,
        starts=datetime.time.fromisoformat(starts),
        ends=datetime.time.fromisoformat(ends),
        content_type_id=1,
        object_id=1,
        institution_id=1,
        **fields,
    )


def dates(hour, start, end, closures=()):
    return [
        o.start.date().isoformat() for o in hours.occurrences(hour, at(start), at(end), closures)
    ]


def test_a_weekly_hour_falls_on_its_weekday():
    assert dates(slot(weekday=1), "2026-12-01T00:00", "2026-12-16T00:00") == [
        "2026-12-01",
        "2026-12-08",
        "2026-12-15",
    ]


def test_every_first_tuesday_of_the_month():
    hour = slot(weekday=1, week_of_month=1)
    assert dates(hour, "2026-11-01T00:00", "2027-03-01T00:00") == [
        "2026-11-03",
        "2026-12-01",
        "2027-01-05",
        "2027-02-02",
    ]


def test_the_last_friday_and_every_second_week_from_the_first_date():
    # December's last Friday is Christmas Day, a holiday: January's remains.
    last = slot(weekday=4, week_of_month=-1)
    assert dates(last, "2026-12-01T00:00", "2027-01-31T00:00") == ["2027-01-29"]
    last.open_on_holidays = True
    assert dates(last, "2026-12-01T00:00", "2027-01-31T00:00") == ["2026-12-25", "2027-01-29"]
    fortnightly = slot(weekday=2, every_weeks=2, valid_from=datetime.date(2026, 12, 2))
    assert dates(fortnightly, "2026-12-01T00:00", "2027-01-01T00:00") == [
        "2026-12-02",
        "2026-12-16",
        "2026-12-30",
    ]


def test_nrw_holidays_close_an_hour_unless_it_says_otherwise():
    christmas = slot(weekday=4)  # 25 December 2026 is a Friday
    assert dates(christmas, "2026-12-21T00:00", "2027-01-02T00:00") == []
    held_anyway = slot(weekday=4, open_on_holidays=True)
    assert dates(held_anyway, "2026-12-21T00:00", "2027-01-02T00:00") == [
        "2026-12-25",
        "2027-01-01",
    ]
    # Fronleichnam is a holiday in North Rhine-Westphalia, not in Berlin or Hamburg.
    assert hours.is_public_holiday(datetime.date(2026, 6, 4))


def test_a_closure_takes_out_the_days_it_covers():
    hour = slot(weekday=1)
    holidays = [(datetime.date(2026, 12, 23), datetime.date(2027, 1, 2))]
    assert dates(hour, "2026-12-14T00:00", "2027-01-13T00:00", holidays) == [
        "2026-12-15",
        "2026-12-22",
        "2027-01-05",
        "2027-01-12",
    ]


def test_validity_limits_the_dates():
    hour = slot(
        weekday=1, valid_from=datetime.date(2026, 12, 8), valid_until=datetime.date(2026, 12, 15)
    )
    assert dates(hour, "2026-12-01T00:00", "2027-01-01T00:00") == ["2026-12-08", "2026-12-15"]


def test_times_are_berlin_wall_clock_times_across_the_change_to_summer_time():
    hour = slot(weekday=1, starts="09:00", ends="10:00")
    spring = hours.occurrences(hour, at("2027-03-22T00:00"), at("2027-04-01T00:00"))
    assert [o.start.utcoffset() for o in spring] == [
        datetime.timedelta(hours=1),
        datetime.timedelta(hours=2),
    ]
    assert all(o.start.hour == 9 for o in spring)


def test_rules_as_rfc_5545_text():
    assert hours.rrule_text(slot(weekday=1)) == "FREQ=WEEKLY;BYDAY=TU"
    assert hours.rrule_text(slot(weekday=1, week_of_month=1)) == "FREQ=MONTHLY;BYDAY=1TU"
    fortnightly = slot(weekday=0, every_weeks=2, valid_until=datetime.date(2027, 6, 30))
    assert hours.rrule_text(fortnightly) == "FREQ=WEEKLY;BYDAY=MO;INTERVAL=2;UNTIL=20270630"


@pytest.mark.django_db
def test_the_schedule_knows_open_now_and_the_next_hour():
    office = factories.institution("Beratungsstelle")
    tuesday = factories.hour(office, weekday=1, starts="09:00", ends="12:00")
    thursday = factories.hour(office, weekday=3, starts="14:00", ends="16:00")
    during = hours.Schedule([tuesday, thursday], moment=at("2026-12-01T10:30"))
    assert [o.hour for o in during.open_now()] == [tuesday]
    after = hours.Schedule([tuesday, thursday], moment=at("2026-12-01T12:00"))
    assert after.open_now() == []
    assert after.next().hour == thursday
    assert after.next().start == at("2026-12-03T14:00")


@pytest.mark.django_db
def test_an_office_closed_closes_its_peoples_hours_too():
    office = factories.institution("Beratungsstelle")
    person = factories.member(institution_obj=office)
    own = factories.hour(person, weekday=1)
    shut = Closure.objects.create(
        holder=office, starts=datetime.date(2026, 12, 1), ends=datetime.date(2026, 12, 1)
    )
    schedule = hours.Schedule([own], [shut], moment=at("2026-12-01T08:00"))
    assert schedule.next().start == at("2026-12-08T09:00")


@pytest.mark.django_db
def test_a_temporarily_closed_institution_has_no_hours_until_it_reopens():
    office = factories.institution(
        "Beratungsstelle", status="geschlossen", closed_until=datetime.date(2026, 12, 10)
    )
    tuesday = factories.hour(office, weekday=1)
    institutions = {office.pk: Institution.objects.get(pk=office.pk)}
    schedule = hours.Schedule([tuesday], institutions=institutions, moment=at("2026-12-01T08:00"))
    assert schedule.next().start == at("2026-12-15T09:00")


@pytest.mark.django_db
def test_an_institution_goes_with_its_places_and_hours_but_a_place_in_use_stays():
    from django.db.models import RestrictedError

    office = factories.institution("Beratungsstelle")
    place = factories.location(office)
    factories.hour(office, location=place)
    elsewhere = factories.institution("Stadt Löhne")
    town_hall = factories.location(elsewhere, name="Rathaus Löhne")
    factories.hour(office, weekday=3, location=town_hall)
    with pytest.raises(RestrictedError):
        town_hall.delete()
    office.delete()
    assert not ConsultationHour.objects.exists()
    town_hall.delete()


@pytest.mark.parametrize(
    "fields",
    [
        {},
        {"every_weeks": 2, "valid_from": datetime.date(2021, 3, 10)},
        {"every_weeks": 3, "valid_from": datetime.date(2026, 11, 25)},
        {"week_of_month": 1},
        {"week_of_month": -1, "valid_from": datetime.date(2026, 12, 15)},
        {"valid_until": datetime.date(2026, 12, 20)},
    ],
    ids=["weekly", "fortnightly", "every-third", "first", "last-from-mid-month", "until"],
)
def test_a_rule_started_near_the_dates_asked_for_gives_the_same_dates(fields):
    """rule(hour, near=…) starts in that week or month, not at the epoch, for speed:
    it must not shift an every-other-week rule or skip a first-of-the-month date."""
    hour = slot(weekday=1, **fields)
    window = (datetime.datetime(2026, 12, 2), datetime.datetime(2027, 3, 1))
    near = window[0].date()
    assert hours.rule(hour, near=near).between(*window, inc=True) == hours.rule(hour).between(
        *window, inc=True
    )
