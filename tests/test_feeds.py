"""Calendar feeds (RFC 5545): a subscriber's calendar shows the dates the pages show.

Every feed is read back with ``icalendar`` and expanded with ``recurring-ical-events``,
an implementation of the RFC's recurrence rules of its own, and compared with what
the town's page lists for the same days: holidays, closures, an institution closed
for a while, rules every other week and on the last weekday of a month.
"""

import datetime
import os
import shutil
import subprocess
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from django.urls import reverse

from institutions.models import Closure, InstitutionStatus, Language, Service
from members.feeds import HOURS_DAYS
from tests import factories
from tests.event_factories import at, freeze, termin
from widunetz.identifiers import identifier

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
# A Monday before Christmas: the 25th, 26th and New Year's Day fall in the next 14 days.
NOW = at(2026, 12, 21, 10, 30)
LOEHNE_PAGE = reverse("members:municipality-detail", args=["loehne"])
LOEHNE_FEED = reverse("members:municipality-hours-feed", args=["loehne"])


@pytest.fixture
def clock(monkeypatch):
    freeze(monkeypatch, NOW)
    return lambda moment: freeze(monkeypatch, moment)


@pytest.fixture
def loehne(clock):
    """Hours of every kind in Löhne, and some that must stay out of its calendar."""
    office = factories.institution("Bürgerbüro Löhne", serves=["loehne"])
    hall = factories.location(office, "loehne", name="Rathaus Löhne")
    jmd = factories.institution("JMD Kreis", county_wide=True)
    shut = factories.institution(
        "Treff Löhne",
        serves=["loehne"],
        status=InstitutionStatus.CLOSED,
        closed_until=datetime.date(2026, 12, 27),
    )
    person = factories.member("Erika", "Muster", institution_obj=office)
    hidden = factories.member("Nicht", "Öffentlich", institution_obj=office, is_public=False)
    hours = {
        # Every Friday: Christmas Day and New Year's Day are holidays.
        "friday": factories.hour(office, weekday=4, location=hall),
        "fortnight": factories.hour(
            office,
            weekday=1,
            starts="14:00",
            ends="16:00",
            location=hall,
            every_weeks=2,
            valid_from=datetime.date(2026, 12, 1),
        ),
        "thursday": factories.hour(office, weekday=3, starts="08:00", ends="10:00", location=hall),
        "outreach": factories.hour(jmd, weekday=2, week_of_month=-1, location=hall),
        "person": factories.hour(person, weekday=0, starts="13:00", ends="15:00", location=hall),
        "saturday": factories.hour(
            office, weekday=5, starts="10:00", ends="12:00", location=hall, open_on_holidays=True
        ),
        "shut": factories.hour(shut, weekday=2, starts="09:00", ends="11:00", location=hall),
        "ending": factories.hour(
            office,
            weekday=0,
            starts="09:00",
            ends="10:00",
            location=hall,
            valid_until=datetime.date(2026, 12, 28),
        ),
    }
    Closure.objects.create(
        holder=office, starts=datetime.date(2026, 12, 31), ends=datetime.date(2026, 12, 31)
    )
    Closure.objects.create(
        holder=person, starts=datetime.date(2026, 12, 28), ends=datetime.date(2027, 1, 1)
    )
    # Not in Löhne's calendar: a non-public person's hour, an hour elsewhere, by phone.
    factories.hour(hidden, weekday=2, location=hall)
    factories.hour(office, weekday=2, location=factories.location(office, "herford"))
    factories.hour(office, weekday=2, starts="15:00", ends="16:00")
    return hours


def read_feed(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def expanded(calendar, start, days=14):
    """(UID, start, end) of every occurrence ``recurring-ical-events`` finds in the window."""
    events = recurring_ical_events.of(calendar).between(
        start, start + datetime.timedelta(days=days)
    )
    return {(str(e["UID"]), e["DTSTART"].dt, e["DTEND"].dt) for e in events}


def on_the_page(response):
    assert response.context["upcoming_more"] == 0  # every occurrence is on the page
    return {
        (str(identifier("schedule", o.hour.pk)), o.start, o.end)
        for o in response.context["upcoming"]
    }


def test_loehnes_feed_expands_to_the_14_days_of_hours_its_page_shows(client, loehne):
    page = on_the_page(client.get(LOEHNE_PAGE))
    feed = expanded(read_feed(client.get(LOEHNE_FEED)), NOW)
    assert feed == page
    days = sorted(start for _uid, start, _end in page)
    assert at(2026, 12, 26, 10) in days  # held on holidays
    assert not {at(2026, 12, 25, 9), at(2027, 1, 1, 9)} & set(days)  # holidays
    assert at(2026, 12, 31, 8) not in days  # the office's closure
    assert at(2026, 12, 23, 9) not in days and at(2026, 12, 30, 9) in days  # shut until the 27th
    assert at(2026, 12, 29, 14) in days and at(2026, 12, 22, 14) not in days  # fortnightly


def test_the_feed_fetched_today_matches_the_page_for_every_fortnight_of_its_half_year(
    client, loehne, clock
):
    """A subscriber reads the calendar once; the page, visited on any later day within
    the feed's half year, lists the same hours (Easter, Ascension, Whitsun, Corpus Christi)."""
    calendar = read_feed(client.get(LOEHNE_FEED))
    checked = 0
    for weeks in range(0, (HOURS_DAYS - 14) // 7, 2):
        moment = NOW + datetime.timedelta(weeks=weeks, hours=weeks % 3)
        clock(moment)
        assert expanded(calendar, moment) == on_the_page(client.get(LOEHNE_PAGE)), moment
        checked += 1
    assert checked == 12


def test_an_hour_is_one_event_with_its_rule_and_the_left_out_dates_as_exceptions(client, loehne):
    calendar = read_feed(client.get(LOEHNE_FEED))
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    friday = events[str(identifier("schedule", loehne["friday"].pk))]
    assert friday["DTSTART"].dt == at(2026, 12, 25, 9) + datetime.timedelta(days=14)
    assert friday["DTSTART"].params["TZID"] == "Europe/Berlin"
    rule = friday["RRULE"]
    assert (rule["FREQ"], rule["BYDAY"]) == (["WEEKLY"], ["FR"])
    assert rule["UNTIL"][0].utcoffset() == datetime.timedelta(0)  # UTC, as RFC 5545 asks
    excluded = set(friday.exdates)
    assert at(2027, 3, 26, 9) in excluded  # Good Friday 2027
    fortnight = events[str(identifier("schedule", loehne["fortnight"].pk))]["RRULE"]
    assert fortnight["INTERVAL"] == [2]
    outreach = events[str(identifier("schedule", loehne["outreach"].pk))]
    assert outreach["RRULE"]["FREQ"] == ["MONTHLY"] and outreach["RRULE"]["BYDAY"] == ["-1WE"]
    assert str(outreach["SUMMARY"]) == "Außensprechstunde: JMD Kreis"
    assert str(events[str(identifier("schedule", loehne["person"].pk))]["SUMMARY"]) == (
        "Sprechzeit: Erika Muster, Bürgerbüro Löhne"
    )
    assert str(outreach["LOCATION"]) == "Rathaus Löhne, Musterstraße 1, 32584 Löhne"
    ending = events[str(identifier("schedule", loehne["ending"].pk))]
    # The calendar starts with today, its last date is the last day it is valid.
    assert ending["DTSTART"].dt == at(2026, 12, 21, 9)
    assert ending["RRULE"]["UNTIL"] == [at(2026, 12, 28, 9)]
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert len(events) == len(loehne)  # nothing of another town, a hidden person or a phone


def test_an_edited_hour_keeps_its_uid_so_calendars_replace_it(client, loehne):
    hour = loehne["thursday"]
    before = read_feed(client.get(LOEHNE_FEED))
    hour.starts = datetime.time(7, 30)
    hour.save()
    after = read_feed(client.get(LOEHNE_FEED))
    uid = str(identifier("schedule", hour.pk))
    [old] = [e for e in before.walk("VEVENT") if str(e["UID"]) == uid]
    [new] = [e for e in after.walk("VEVENT") if str(e["UID"]) == uid]
    assert (old["DTSTART"].dt.hour, new["DTSTART"].dt.hour) == (8, 7)


def test_topic_and_language_feeds_hold_the_hours_of_those_who_offer_them(client, clock):
    mbe = factories.institution("MBE Kreis", county_wide=True)
    mbe.services.add(Service.objects.get(slug="mbe"))
    unit = factories.institution("MBE Außenstelle", parent=mbe)
    other = factories.institution("Anderes Amt", serves=["vlotho"])
    speaker = factories.member("Leyla", "Demir", institution_obj=other)
    speaker.languages.add(Language.objects.get(code="tr"))
    on_topic = [factories.hour(mbe, weekday=0), factories.hour(unit, weekday=1)]
    in_turkish = factories.hour(speaker, weekday=2)
    factories.hour(other, weekday=3)  # neither topic nor language
    topic_feed = read_feed(client.get(reverse("members:topic-hours-feed", args=["mbe"])))
    language_feed = read_feed(client.get(reverse("members:language-hours-feed", args=["tr"])))
    uids = lambda calendar: {str(e["UID"]) for e in calendar.walk("VEVENT")}  # noqa: E731
    assert uids(topic_feed) == {str(identifier("schedule", h.pk)) for h in on_topic}
    assert uids(language_feed) == {str(identifier("schedule", in_turkish.pk))}
    assert str(language_feed["X-WR-CALNAME"]).startswith("Sprechzeiten mit Beratung auf")
    [phone] = language_feed.walk("VEVENT")
    assert str(phone["LOCATION"]) == "telefonisch"


@pytest.mark.parametrize(
    "route, argument",
    [
        ("members:municipality-hours-feed", "nirgendwo"),
        ("members:municipality-termine-feed", "nirgendwo"),
        ("members:topic-hours-feed", "gibt-es-nicht"),
        ("members:language-hours-feed", "xx"),
        ("members:workinggroup-termine-feed", "gibt-es-nicht"),
    ],
)
def test_an_unknown_town_topic_language_or_group_is_not_found(client, route, argument):
    assert client.get(reverse(route, args=[argument])).status_code == 404


def test_a_feed_takes_the_same_number_of_queries_for_many_hours(
    client, loehne, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        few = read_feed(client.get(LOEHNE_FEED))
    office = loehne["friday"].institution
    hall = loehne["friday"].location
    for n in range(20):
        person = factories.member("Person", f"Nr{n}", institution_obj=office)
        factories.hour(person, weekday=n % 5, location=hall)
    with django_assert_max_num_queries(8):
        many = read_feed(client.get(LOEHNE_FEED))
    assert len(many.walk("VEVENT")) == len(few.walk("VEVENT")) + 20


def test_a_calendar_subscribes_to_loehnes_hours_and_the_projektgruppes_meetings(
    client, brochure, loehne
):
    """Done when: a tester subscribes a calendar to Löhne's consultation hours and the
    Projektgruppe's meetings, and it shows what the pages show."""
    group = factories.working_group()
    meetings = [
        termin("Sitzung der Projektgruppe", at(2027, month, 10, 14), group=group)
        for month in (2, 5, 9, 11)
    ]
    termin("Vorbereitung (nur Partner)", at(2027, 1, 20, 10), group=group, is_public=False)
    termin("Stadtfest", at(2027, 2, 3, 10))  # no meeting of the group
    hours = read_feed(client.get(LOEHNE_FEED))
    feed_url = reverse("members:workinggroup-termine-feed", args=["projektgruppe"])
    meetings_feed = read_feed(client.get(feed_url))
    # One calendar subscribed to both feeds, as a calendar program shows them side by side.
    subscribed = icalendar.Calendar.new(
        subcomponents=[
            *hours.walk("VTIMEZONE"),
            *hours.walk("VEVENT"),
            *meetings_feed.walk("VEVENT"),
        ]
    )
    assert expanded(subscribed, NOW) == on_the_page(client.get(LOEHNE_PAGE))
    group_page = client.get(group.get_absolute_url())
    assert expanded(meetings_feed, NOW, days=365) == {
        (str(identifier("event", t.pk)), t.starts, t.ends) for t in group_page.context["termine"]
    }
    assert [t.pk for t in group_page.context["termine"]] == [m.pk for m in meetings]
    assert "Sitzung der Projektgruppe" in group_page.text
    assert "nur Partner" not in group_page.text
    assert b"nur Partner" not in meetings_feed.to_ical()


@pytest.mark.skipif(shutil.which("calcurse") is None, reason="apt-get install -y calcurse")
def test_a_real_calendar_program_imports_loehnes_hours_as_the_page_shows_them(
    client, loehne, tmp_path
):
    """calcurse, a calendar program with an RFC 5545 reader of its own (in C), imports
    the feed with its rules and exceptions, skips nothing, and lists the page's hours."""
    feed = tmp_path / "loehne.ics"
    feed.write_bytes(client.get(LOEHNE_FEED).content)
    calcurse = ["calcurse", "-D", str(tmp_path / "calendar")]
    environment = {**os.environ, "TZ": "Europe/Berlin"}
    report = subprocess.run(
        [*calcurse, "-i", str(feed)], capture_output=True, text=True, env=environment, check=True
    ).stdout
    assert f"{len(loehne)} apps / 0 events / 0 todos / 0 skipped" in report
    listing = subprocess.run(
        [*calcurse, "-Q", "--from", f"{NOW:%m/%d/%Y}", "--days", "15"]
        + ["--format-apt", "%S %E\n", "--format-recur-apt", "%S %E\n"],
        capture_output=True,
        text=True,
        env=environment,
        check=True,
    ).stdout
    shown, day = set(), None
    for line in listing.splitlines():
        if line.endswith(":"):
            day = datetime.datetime.strptime(line[:-1], "%m/%d/%y").date()
        elif line.strip():
            start, end = (
                datetime.datetime.combine(day, datetime.time.fromisoformat(t), tzinfo=BERLIN)
                for t in line.split()
            )
            if end > NOW and start < NOW + datetime.timedelta(days=14):  # the page's window
                shown.add((start, end))
    page = on_the_page(client.get(LOEHNE_PAGE))
    assert shown == {(start, end) for _uid, start, end in page}
