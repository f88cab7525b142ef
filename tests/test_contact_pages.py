"""Institution and person pages say how, when and where to reach someone: hours with
"open now" or the next hour (Europe/Berlin, NRW holidays and closures respected),
status, places, who may come, and phones that dial."""

import datetime
import gzip
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from institutions.models import Closure, InstitutionStatus, Language
from tests import factories
from widunetz.models import Translation

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.fixture
def clock(monkeypatch):
    """Sets the present moment (Berlin wall-clock time) for institutions.hours."""

    def set_to(*args):
        moment = datetime.datetime(*args, tzinfo=BERLIN)
        monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))

    return set_to


def page(client, obj, language="de"):
    with translation.override(language):
        url = obj.get_absolute_url()
    return client.get(url)


def text(response):
    """The page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


@pytest.fixture
def office():
    office = factories.institution("Jugendmigrationsdienst", serves=["loehne"])
    office.place = factories.location(office, name="Rathaus Löhne")
    return office


def test_weekly_hour_is_open_now_inside_it(client, clock, office):
    factories.hour(office, weekday=1, starts="09:00", ends="12:00", location=office.place)
    clock(2026, 12, 8, 10, 30)  # a Tuesday
    response = page(client, office)
    assert "Jetzt geöffnet" in response.text
    assert "bis 12:00" in text(response)
    assert '<time datetime="09:00">09:00</time>–<time datetime="12:00">12:00</time>' in (
        response.text
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("de", "Dienstag, 8. Dezember, 09:00"),
        ("en", "Tuesday, December 8, 9 a.m."),
        ("ar", "الثلاثاء"),
    ],
)
def test_next_hour_in_the_language_of_the_page(client, clock, office, language, expected):
    factories.hour(office, weekday=1, starts="09:00", ends="12:00", location=office.place)
    clock(2026, 12, 7, 8, 0)  # the Monday before
    response = page(client, office, language)
    assert "Jetzt geöffnet" not in response.text
    assert '<time datetime="2026-12-08T09:00:00+01:00">' in response.text
    assert expected in text(response)


def test_every_first_tuesday_of_the_month(client, clock, office):
    factories.hour(office, weekday=1, week_of_month=1, location=office.place)
    clock(2026, 12, 2, 8, 0)  # the day after December's first Tuesday
    response = page(client, office)
    assert "jeden ersten Dienstag im Monat" in response.text
    assert '<time datetime="2027-01-05T09:00:00+01:00">' in response.text


def test_a_fortnightly_hour_says_so_with_its_first_day(client, clock, office):
    factories.hour(office, weekday=3, every_weeks=2, valid_from=datetime.date(2026, 12, 3))
    clock(2026, 12, 4, 8, 0)
    response = page(client, office)
    assert "alle 2 Wochen" in response.text
    assert "ab 3. Dezember 2026" in response.text
    assert '<time datetime="2026-12-17T09:00:00+01:00">' in response.text


@pytest.mark.parametrize(
    ("open_on_holidays", "next_day"), [(False, "2027-01-08"), (True, "2026-12-25")]
)
def test_public_holidays_in_nrw_close_an_hour_unless_it_says_otherwise(
    client, clock, office, open_on_holidays, next_day
):
    # Fridays; Christmas Day and New Year's Day are Fridays in 2026/27.
    factories.hour(office, weekday=4, open_on_holidays=open_on_holidays, location=office.place)
    clock(2026, 12, 24, 12, 0)
    response = page(client, office)
    assert f'<time datetime="{next_day}T09:00:00+01:00">' in response.text


def test_a_closure_removes_the_hour_and_is_listed_with_its_reason(client, clock, office):
    factories.hour(office, weekday=1, location=office.place)
    Closure.objects.create(
        holder=office,
        starts=datetime.date(2026, 12, 7),
        ends=datetime.date(2026, 12, 11),
        reason="Fortbildung",
    )
    clock(2026, 12, 7, 8, 0)
    response = page(client, office)
    assert '<time datetime="2026-12-15T09:00:00+01:00">' in response.text
    assert "geschlossen vom 7. Dezember 2026 bis 11. Dezember 2026: Fortbildung" in text(response)


def test_a_temporarily_closed_institution_says_until_when_and_why(client, clock, office):
    factories.hour(office, weekday=1, location=office.place)
    office.status = InstitutionStatus.CLOSED
    office.closed_until = datetime.date(2026, 12, 31)
    office.status_note = "Umbau der Räume"
    office.save()
    Translation.objects.create(
        content_object=office, field="status_note", language="en", text="Rooms being rebuilt"
    )
    clock(2026, 12, 7, 8, 0)
    response = page(client, office)
    assert "Vorübergehend geschlossen bis einschließlich 31. Dezember 2026" in text(response)
    assert "Umbau der Räume" in response.text
    # The hours resume after the closure.
    assert '<time datetime="2027-01-05T09:00:00+01:00">' in response.text
    assert "Rooms being rebuilt" in page(client, office, "en").text


def test_an_ended_institution_and_its_people_answer_410_with_the_successor(client, office):
    successor = factories.institution("Neue Beratungsstelle")
    person = factories.member(last_name="Weg", institution_obj=office)
    office.status = InstitutionStatus.ENDED
    office.successor = successor
    office.save()
    for gone in (office, person):
        response = page(client, gone)
        assert response.status_code == 410
        assert f'<a href="{successor.get_absolute_url()}">Neue Beratungsstelle</a>' in response.text


def test_phones_dial_in_e164_and_show_the_national_format(client, office):
    arabic = Language.objects.get(code="ar")
    phone = factories.add_phone(office, "05732 100-123")
    phone.languages.add(arabic)
    person = factories.member(institution_obj=office, phone="0170 1234567")
    html = page(client, office, "ar").text
    assert '<a dir="ltr" href="tel:+495732100123">05732 100123</a>' in html
    assert '<span lang="ar" dir="rtl">' in html
    html = page(client, person, "ar").text
    assert '<a dir="ltr" href="tel:+491701234567">0170 1234567</a>' in html
    assert "<bdi>Erika Muster</bdi>" in html


def test_a_unit_without_places_uses_its_tragers(client):
    trager = factories.institution("Diakonisches Werk")
    factories.location(trager, name="Haus der Diakonie", town="herford", step_free=True)
    unit = factories.institution("Migrationsberatung", parent=trager)
    person = factories.member(institution_obj=unit)
    for holder in (unit, person):
        response = page(client, holder)
        assert "Haus der Diakonie" in response.text
        assert "stufenloser Zugang: ja" in text(response)
        assert "Aufzug" not in response.text  # unknown: not claimed either way
        assert "https://www.openstreetmap.org/search?query=" in response.text


def test_who_may_come_in_words(client, office):
    office.minimum_age, office.maximum_age = 12, 27
    office.required_documents = "Ausweis\nAufenthaltstitel"
    office.free_of_charge = True  # an editor's statement, never the default
    office.save()
    response = page(client, office)
    assert "von 12 bis 27 Jahren" in response.text
    assert "kostenlos" in response.text
    assert "<li>Ausweis</li><li>Aufenthaltstitel</li>" in response.text
    office.maximum_age = None
    office.save()
    assert "ab 12 Jahren" in page(client, office).text


def test_a_person_shows_their_own_hours_or_else_their_institutions(client, clock, office):
    factories.hour(office, weekday=1, location=office.place)
    person = factories.member(institution_obj=office, function="Beraterin")
    clock(2026, 12, 7, 8, 0)
    response = page(client, person)
    assert "Sprechzeiten der Institution Jugendmigrationsdienst" in text(response)
    assert "wenden Sie sich an die Institution Jugendmigrationsdienst." in text(response)
    assert '<time datetime="2026-12-08T09:00:00+01:00">' in response.text
    assert "Rathaus Löhne" in response.text
    factories.hour(person, weekday=3, starts="14:00", ends="16:00", mode="online")
    response = page(client, person)
    assert "Sprechzeiten der Institution" not in response.text
    assert '<time datetime="2026-12-10T14:00:00+01:00">' in response.text
    assert "online oder per Video" in response.text


def test_a_person_page_shows_how_to_reach_them(client, office):
    group = factories.working_group()
    person = factories.member(
        institution_obj=office,
        email="beratung@example.org",
        booking_url="https://termine.example.org/",
        online_counselling=True,
        appointment_only=True,
    )
    person.languages.add(Language.objects.get(code="tr"))
    factories.membership(person, group)
    response = page(client, person)
    assert f'<a href="{office.get_absolute_url()}">Jugendmigrationsdienst</a>' in response.text
    assert 'href="mailto:beratung@example.org"' in response.text
    assert 'href="https://termine.example.org/"' in response.text
    assert "Beratung auch online oder per Video" in response.text
    assert "nur nach Terminvereinbarung" in response.text
    assert f'href="{group.get_absolute_url()}"' in response.text


def test_cards_link_the_name_to_the_persons_page(client, office):
    person = factories.member(institution_obj=office)
    response = page(client, office)
    assert f'<a href="{person.get_absolute_url()}">Erika Muster</a>' in response.text


def test_a_person_who_is_not_public_has_no_page_and_no_sitemap_entry(client, office):
    shown = factories.member(last_name="Sichtbar", institution_obj=office)
    hidden = factories.member(last_name="Verborgen", institution_obj=office, is_public=False)
    assert page(client, hidden).status_code == 404
    sitemap = client.get("/sitemap.xml").text
    assert shown.get_absolute_url() in sitemap
    assert hidden.get_absolute_url() not in sitemap


def test_an_hour_about_to_change_keeps_the_page_out_of_the_cache(client, clock, office, settings):
    settings.PAGE_CACHE_SECONDS = 600
    factories.hour(office, weekday=1, location=office.place)
    clock(2026, 12, 8, 11, 55)
    assert "Jetzt geöffnet" in page(client, office).text
    clock(2026, 12, 8, 12, 5)
    assert "Jetzt geöffnet" not in page(client, office).text


def full_office(n):
    """An institution with ``n`` of every contact row, each translated into Arabic."""
    office = factories.institution(f"Amt {n}", parent=factories.institution(f"Träger {n}"))
    arabic = Language.objects.get(code="ar")
    rows = []
    for i in range(n):
        place = factories.location(office, name=f"Ort {i}", directions="Bus")
        phone = factories.add_phone(office, f"05221 13{i:02d}", description="Zentrale")
        phone.languages.add(arabic)
        rows += [place, phone]
        rows.append(factories.hour(office, weekday=i % 7, location=place, note="Hinweis"))
        rows.append(
            Closure.objects.create(
                holder=office,
                starts=datetime.date(2027, 1, 1) + datetime.timedelta(days=10 * i),
                ends=datetime.date(2027, 1, 2) + datetime.timedelta(days=10 * i),
                reason="Urlaub",
            )
        )
    for row in rows:
        for field in row.translatable_fields:
            if getattr(row, field):
                Translation.objects.create(content_object=row, field=field, language="ar", text="ن")
    person = factories.member(last_name=f"Person{n}", institution_obj=office)
    for i in range(n):
        factories.hour(person, weekday=i % 7, starts="14:00", ends="15:00", mode="telefon")
        factories.add_phone(person, f"05221 14{i:02d}").languages.add(arabic)
    return office, person


def queries(client, obj):
    with CaptureQueriesContext(connection) as captured:
        response = page(client, obj, "ar")
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_the_pages_cost_the_same_queries_with_ten_times_the_hours(client, clock):
    clock(2026, 12, 7, 8, 0)
    small, small_person = full_office(1)
    large, large_person = full_office(10)
    queries(client, small)  # the content types, once
    assert queries(client, small)[0] == queries(client, large)[0]
    assert queries(client, small_person)[0] == queries(client, large_person)[0]
    # And stay light on a phone's connection.
    for holder in (large, large_person):
        assert len(gzip.compress(queries(client, holder)[1].content)) < 30_000


def test_the_brochure_calls_no_counselling_free_no_source_says_so(client, brochure):
    """Whether counselling is free is an editor's statement: the box starts unticked."""
    from institutions.models import Institution
    from members.models import Member

    assert not Institution.objects.filter(free_of_charge=True).exists()
    person = Member.objects.get(last_name="Nickles")
    assert "kostenlos" not in client.get(person.get_absolute_url()).text
    assert Institution().free_of_charge is False
