"""/zustaendig/: "Wer ist für mich zuständig?" — town, age and topic in; the responsible
services, their people and next hours out, with one sentence why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from institutions.hours import BERLIN
from institutions.models import Service
from tests import factories

pytestmark = pytest.mark.django_db

# Monday, 3 March 2025, 8:00 in Herford: the first Tuesday of the month is tomorrow.
MONDAY_MORNING = datetime.datetime(2025, 3, 3, 8, 0, tzinfo=BERLIN)


@pytest.fixture(autouse=True)
def monday_morning(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MONDAY_MORNING.astimezone(datetime.UTC))


def url(language="de", **query):
    with translation.override(language):
        path = reverse("pages:responsible")
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def jmd_with_outreach():
    """The Jugendmigrationsdienst: county-wide, office hours in Herford, an outreach
    hour on the first Tuesday of the month in the town hall of Löhne."""
    jmd = factories.institution(
        "Jugendmigrationsdienst",
        county_wide=True,
        seat=factories.municipality("herford"),
        slug="jmd-herford",
        phone="05221 5998-0",
        minimum_age=12,
        maximum_age=27,
    )
    jmd.services.add(Service.objects.get(slug="jmd"))
    office = factories.location(jmd, "herford", name="JMD Büro Herford")
    factories.hour(jmd, weekday=1, starts="09:00", ends="12:00", location=office)
    town = factories.institution("Stadt Löhne", serves=["loehne"], slug="stadt-loehne")
    town_hall = factories.location(town, "loehne", name="Rathaus Löhne")
    factories.hour(
        jmd, weekday=1, week_of_month=1, starts="14:00", ends="16:00", location=town_hall
    )
    counsellor = factories.member("Amira", "Haddad", institution_obj=jmd, function="Beraterin")
    return jmd, counsellor


def test_done_when_arabic_resident_in_loehne_finds_the_jmd_its_hour_there_and_the_counsellor(
    client, jmd_with_outreach
):
    jmd, counsellor = jmd_with_outreach
    response = client.get(url("ar", gemeinde="loehne", alter=20, thema="jmd"))
    assert response.status_code == 200
    text = response.text
    assert "Jugendmigrationsdienst" in text
    services = response.context["answer"].services
    assert [s.institution for s in services] == [jmd]
    assert services[0].reach == "outreach"
    # The next hour in Löhne (Tuesday 14:00), not the earlier one in Herford (9:00).
    occurrence = services[0].occurrence
    assert occurrence.start == datetime.datetime(2025, 3, 4, 14, 0, tzinfo=BERLIN)
    assert 'datetime="2025-03-04T14:00:00+01:00"' in text
    assert "Rathaus Löhne" in text
    assert 'href="tel:+4952215998' in text
    assert f'href="/ar/mitglieder/{counsellor.slug}/"' in text
    assert client.get(f"/ar/mitglieder/{counsellor.slug}/").status_code == 200


def test_the_answer_says_why_from_the_topics_data(client, jmd_with_outreach):
    response = client.get(url(gemeinde="loehne", alter=20, thema="jmd"))
    text = " ".join(response.text.split())
    # The explanation names the ages, so the answer does not say them a second time.
    assert (
        "Jugendmigrationsdienst (JMD): "
        "Beratung und Begleitung für junge Zugewanderte von 12 bis 27 Jahren."
    ) in text
    assert "berät Menschen von 12 bis 27 Jahren" not in text
    assert "Für Löhne ist zuständig:" in text
    assert "Außensprechstunde in Löhne" in text


def test_the_why_is_in_the_visitors_language(client, jmd_with_outreach):
    response = client.get(url("en", gemeinde="loehne", alter=20, thema="jmd"))
    assert response.context["answer"].explanation != (
        "Beratung und Begleitung für junge Zugewanderte von 12 bis 27 Jahren."
    )


def test_an_age_outside_the_topics_range_is_said_plainly_with_topics_that_fit(
    client, jmd_with_outreach
):
    mbe = factories.institution("Migrationsberatung", county_wide=True)
    mbe.services.add(Service.objects.get(slug="mbe"))
    response = client.get(url(gemeinde="loehne", alter=40, thema="jmd"))
    assert response.status_code == 200
    answer = response.context["answer"]
    assert not answer.fits_age and answer.services == []
    assert "Mit 40 Jahren ist Jugendmigrationsdienst (JMD) nicht für Sie zuständig." in " ".join(
        response.text.split()
    )
    assert [t.slug for t in answer.other_topics] == ["mbe"]
    assert "?gemeinde=loehne&amp;alter=40&amp;thema=mbe" in response.text


def test_local_offices_come_before_outreach_and_county_wide_services(client, jmd_with_outreach):
    jmd, _counsellor = jmd_with_outreach
    topic = Service.objects.get(slug="jmd")
    local = factories.institution("JMD Löhne vor Ort", serves=["loehne"])
    elsewhere = factories.institution("JMD Bünde", serves=["buende"])
    county = factories.institution("JMD kreisweit ohne Außensprechstunde", county_wide=True)
    for institution in (local, elsewhere, county):
        institution.services.add(topic)
    response = client.get(url(gemeinde="loehne", thema="jmd"))
    services = response.context["answer"].services
    assert [(s.institution, s.reach) for s in services] == [
        (local, "local"),
        (jmd, "outreach"),
        (county, "county"),
    ]


def test_an_institutions_own_age_range_narrows_the_answer(client, jmd_with_outreach):
    response = client.get(url(gemeinde="loehne", alter=12, thema="jmd"))
    assert len(response.context["answer"].services) == 1
    jmd, _ = jmd_with_outreach
    jmd.minimum_age = 14
    jmd.save()
    response = client.get(url(gemeinde="loehne", alter=12, thema="jmd"))
    assert response.context["answer"].services == []
    assert "noch keine Stelle eingetragen" in response.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"gemeinde": "nirgendwo", "thema": "jmd"}, "Diese Stadt oder Gemeinde kennen wir nicht"),
        ({"gemeinde": "loehne", "thema": "gibt-es-nicht"}, "Dieses Thema kennen wir nicht"),
        ({"gemeinde": "loehne", "thema": "jmd", "alter": "-5"}, "von 0 bis 120"),
        ({"gemeinde": "loehne", "thema": "jmd", "alter": "9999"}, "von 0 bis 120"),
        ({"gemeinde": "loehne", "thema": "jmd", "alter": "abc"}, "von 0 bis 120"),
        ({"gemeinde": "loehne"}, "Bitte wählen Sie ein Thema."),
    ],
)
def test_bad_input_gets_a_clear_message_not_an_error(client, db, query, message):
    response = client.get(url(**query))
    assert response.status_code == 200
    assert response.context["answer"] is None
    assert message in response.text


def test_without_questions_the_page_shows_the_form_only(client, db):
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["answer"] is None
    assert "field__error" not in response.text


def test_the_start_page_links_the_question(client, db):
    assert f'href="{reverse("pages:responsible")}"' in client.get(reverse("pages:home")).text


def test_query_count_is_fixed_however_many_services(
    client, jmd_with_outreach, django_assert_max_num_queries
):
    topic = Service.objects.get(slug="jmd")
    for n in range(15):
        institution = factories.institution(f"JMD {n}", serves=["loehne"])
        institution.services.add(topic)
        factories.member("Person", f"Nummer {n}", institution_obj=institution)
        factories.hour(institution, location=factories.location(institution))
    with django_assert_max_num_queries(14):
        response = client.get(url("ar", gemeinde="loehne", alter=20, thema="jmd"))
    assert len(response.context["answer"].services) == 16
