"""The filters for age (alter), open now (offen=jetzt) and walk-in hours (termin=ohne) on
the lists and the town pages, and the outreach hours that make a service local."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from institutions.hours import BERLIN
from institutions.models import Closure, Institution, Service
from tests import factories

pytestmark = pytest.mark.django_db

# Tuesday, 4 March 2025, 10:00 in Herford.
TUESDAY_TEN = datetime.datetime(2025, 3, 4, 10, 0, tzinfo=BERLIN)
MEMBERS = reverse("members:member-list")
INSTITUTIONS = reverse("institutions:institution-list")
LOEHNE = reverse("members:municipality-detail", args=["loehne"])


@pytest.fixture(autouse=True)
def tuesday_ten(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: TUESDAY_TEN.astimezone(datetime.UTC))


def topic(slug):
    return Service.objects.get(slug=slug)


@pytest.fixture
def services():
    """A JMD (12–27) and an MBE (from 27) in Löhne, an office without topics; a person each."""
    jmd = factories.institution("JMD Löhne", serves=["loehne"])
    jmd.services.add(topic("jmd"))
    mbe = factories.institution("MBE Löhne", serves=["loehne"])
    mbe.services.add(topic("mbe"))
    office = factories.institution("Bürgerbüro Löhne", serves=["loehne"], maximum_age=99)
    people = {
        name: factories.member("Person", name, institution_obj=institution)
        for name, institution in (("Jung", jmd), ("Alt", mbe), ("Amt", office))
    }
    return {"jmd": jmd, "mbe": mbe, "office": office, **people}


def names(response):
    return {getattr(row, "last_name", None) or row.name for row in response.context["filter"].qs}


def test_age_finds_services_whose_topic_admits_it_and_those_without_topics(client, services):
    assert names(client.get(INSTITUTIONS, {"alter": 20})) == {"JMD Löhne", "Bürgerbüro Löhne"}
    assert names(client.get(INSTITUTIONS, {"alter": 40})) == {"MBE Löhne", "Bürgerbüro Löhne"}
    assert names(client.get(INSTITUTIONS, {"alter": 100})) == {"MBE Löhne"}
    assert names(client.get(MEMBERS, {"alter": 20})) == {"Jung", "Amt"}


def test_age_with_a_topic_asks_the_topics_range_too(client, services):
    assert names(client.get(MEMBERS, {"alter": 20, "thema": "mbe"})) == set()
    assert names(client.get(MEMBERS, {"alter": 30, "thema": "mbe"})) == {"Alt"}
    assert names(client.get(INSTITUTIONS, {"alter": 26, "thema": "jmd"})) == {"JMD Löhne"}


def test_people_of_a_unit_follow_their_traegers_topics(client, services):
    unit = factories.institution("Fachdienst", parent=services["jmd"])
    factories.member("Person", "Einheit", institution_obj=unit)
    assert "Einheit" in names(client.get(MEMBERS, {"alter": 20}))
    assert "Einheit" not in names(client.get(MEMBERS, {"alter": 40}))


def test_open_now_compares_hours_with_the_present(client, services):
    factories.hour(services["jmd"], weekday=1, starts="09:00", ends="12:00")  # Tuesday, now
    factories.hour(services["mbe"], weekday=1, starts="13:00", ends="15:00")  # later today
    factories.hour(services["Amt"], weekday=1, starts="09:30", ends="10:30")  # the person's own
    assert names(client.get(INSTITUTIONS, {"offen": "jetzt"})) == {"JMD Löhne"}
    assert names(client.get(MEMBERS, {"offen": "jetzt"})) == {"Jung", "Amt"}


def test_open_now_respects_closures_and_first_weekday_rules(client, services):
    factories.hour(services["jmd"], weekday=1, starts="09:00", ends="12:00")
    factories.hour(services["mbe"], weekday=1, week_of_month=2, starts="09:00", ends="12:00")
    Closure(
        holder=services["jmd"], starts=datetime.date(2025, 3, 1), ends=datetime.date(2025, 3, 7)
    ).save()
    assert names(client.get(INSTITUTIONS, {"offen": "jetzt"})) == set()


def test_without_appointment_needs_an_open_hour_and_no_appointment_rule(client, services):
    factories.hour(services["jmd"], appointment_needed=False)
    factories.hour(services["mbe"], appointment_needed=True)
    factories.hour(services["office"], appointment_needed=False)
    services["office"].appointment_only = True
    services["office"].save()
    assert names(client.get(INSTITUTIONS, {"termin": "ohne"})) == {"JMD Löhne"}
    assert names(client.get(MEMBERS, {"termin": "ohne"})) == {"Jung"}


def test_filters_combine_with_search_and_each_other_and_show_as_chips(client, services):
    factories.hour(services["jmd"], appointment_needed=False)
    response = client.get(MEMBERS, {"alter": 20, "termin": "ohne", "q": "jung", "offen": "jetzt"})
    assert names(response) == {"Jung"}
    text = response.text
    assert "Alter der Person, die Hilfe sucht: 20" in text
    assert "offene Sprechstunde ohne Termin" in text
    assert "jetzt geöffnet" in text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"alter": "-5"}, "von 0 bis 120"),
        ({"alter": "9999"}, "von 0 bis 120"),
        ({"alter": "abc"}, "von 0 bis 120"),
        ({"offen": "vielleicht"}, "„jetzt geöffnet“ oder „alle Zeiten“"),
        ({"termin": "x"}, "„ohne Termin“ oder „mit oder ohne Termin“"),
    ],
)
@pytest.mark.parametrize("page", [MEMBERS, INSTITUTIONS, LOEHNE])
def test_bad_values_get_a_message_on_the_form(client, services, page, query, message):
    response = client.get(page, query)
    assert response.status_code == 200
    assert "field__error" in response.text
    assert message in response.text


def test_outreach_hour_makes_a_county_wide_service_local_to_the_town(client, services):
    jmd = factories.institution("JMD Kreis", county_wide=True)
    town_hall = factories.location(services["office"], "loehne", name="Rathaus Löhne")
    factories.hour(jmd, week_of_month=1, starts="14:00", ends="16:00", location=town_hall)
    factories.member("Person", "Aussen", institution_obj=jmd)
    loehne = factories.municipality("loehne")
    assert jmd in Institution.objects.local_to(loehne)
    assert jmd not in Institution.objects.local_to(factories.municipality("buende"))
    response = client.get(LOEHNE)
    assert jmd in response.context["local_institutions"]
    assert "Außensprechstunde in Löhne" in response.text
    assert "Aussen" in {m.last_name for m in response.context["local_members"]}
    assert "Aussen" not in {m.last_name for m in response.context["county_members"]}


def test_town_page_lists_the_next_14_days_hours_soonest_first(client, services):
    jmd = factories.institution("JMD Kreis", county_wide=True)
    town_hall = factories.location(services["office"], "loehne", name="Rathaus Löhne")
    factories.hour(
        jmd, weekday=1, week_of_month=1, starts="14:00", ends="16:00", location=town_hall
    )
    factories.hour(
        services["office"],
        weekday=3,
        starts="08:00",
        ends="10:00",
        location=town_hall,
        appointment_needed=True,
    )
    elsewhere = factories.location(jmd, "herford", name="Büro Herford")
    factories.hour(jmd, weekday=2, location=elsewhere)  # not in Löhne
    response = client.get(LOEHNE)
    starts = [o.start for o in response.context["upcoming"]]
    assert starts == sorted(starts)
    assert starts[0] == datetime.datetime(2025, 3, 4, 14, 0, tzinfo=BERLIN)
    assert {o.hour.location.name for o in response.context["upcoming"]} == {"Rathaus Löhne"}
    text = response.text
    assert "Sprechzeiten in Löhne in den nächsten 14 Tagen" in text
    assert 'datetime="2025-03-04T14:00:00+01:00"' in text
    assert "nur mit Termin" in text and "ohne Termin" in text


def test_town_page_queries_stay_fixed_with_many_hours(
    client, services, django_assert_max_num_queries
):
    town_hall = factories.location(services["office"], "loehne", name="Rathaus Löhne")
    for n in range(12):
        institution = factories.institution(f"Kreisdienst {n}", county_wide=True)
        person = factories.member("Person", f"K{n}", institution_obj=institution)
        factories.hour(institution, weekday=n % 5, location=town_hall)
        factories.hour(person, weekday=n % 5, starts="13:00", ends="14:00", location=town_hall)
    with django_assert_max_num_queries(22):
        response = client.get(LOEHNE, {"alter": 20})
    assert len(response.context["upcoming"]) > 24
