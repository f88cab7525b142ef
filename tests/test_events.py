"""Termine: the network's dates on /termine/, on a working group's page and in calendars;
the partners' own only for signed-in partners, never from or into the shared cache."""

import datetime

import icalendar
import pytest
import recurring_ical_events
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.urls import reverse

from members.events import Termin, is_signed_in_partner
from tests import factories
from tests.event_factories import at, freeze, termin, text
from widunetz.identifiers import identifier

pytestmark = pytest.mark.django_db

NOW = at(2027, 3, 1, 12)
TERMINE = reverse("members:termin-list")


@pytest.fixture
def network(monkeypatch):
    """Meetings of the Projektgruppe and an Arbeitskreis, a public event in Vlotho, one
    over already, and one for the partners only."""
    freeze(monkeypatch, NOW)
    project = factories.working_group()
    circle = factories.working_group("Arbeitskreis Interkulturelle Öffnung", "ak-ikoe")
    kreis = factories.institution("Kreis Herford", county_wide=True, slug="kreis-herford")
    hall = factories.location(kreis, "herford", name="Kreishaus")
    vlotho = factories.municipality("vlotho")
    return {
        "project": project,
        "circle": circle,
        "meeting": termin(
            "Sitzung der Projektgruppe",
            at(2027, 3, 10, 14),
            group=project,
            location=hall,
            organiser=kreis,
        ),
        "circle_meeting": termin("Treffen des Arbeitskreises", at(2027, 4, 20, 10), group=circle),
        "festival": termin(
            "Fest der Kulturen",
            at(2027, 9, 25, 11),
            hours=6,
            municipality=vlotho,
            place="Marktplatz Vlotho",
            description="Musik und Essen.\n\nFür alle.",
        ),
        "past": termin("Sitzung im Februar", at(2027, 2, 10, 14), group=project),
        "internal": termin(
            "Vorbereitung der Kerngruppe", at(2027, 3, 5, 9), group=project, is_public=False
        ),
    }


def titles(response):
    return [t.title for t in response.context["object_list"]]


def test_a_termin_cannot_end_before_it_starts(network):
    with pytest.raises(IntegrityError), transaction.atomic():
        Termin.objects.create(title="Falsch", starts=at(2027, 5, 2, 10), ends=at(2027, 5, 2, 9))


def test_a_place_in_the_directory_gives_the_town_and_its_address(network):
    meeting = network["meeting"]
    assert meeting.municipality.slug == "herford"
    assert meeting.place_text == "Kreishaus, Musterstraße 1, 32049 Herford"
    kreis = meeting.organiser
    kreis.is_public = False
    kreis.save()
    meeting.refresh_from_db()
    # A place and an organiser the public may not see are not named.
    assert (meeting.place_text, meeting.public_organiser) == ("", None)


def test_the_termine_page_lists_the_coming_public_termine_soonest_first(client, network):
    response = client.get(TERMINE)
    assert response.status_code == 200
    assert titles(response) == [
        "Sitzung der Projektgruppe",
        "Treffen des Arbeitskreises",
        "Fest der Kulturen",
    ]
    page = text(response)
    assert "Mittwoch, 10. März 2027, 14:00 bis 16:00" in page
    assert "Marktplatz Vlotho" in page and "Für alle." in page
    assert "Vorbereitung" not in page and "Februar" not in page
    assert "<script" not in response.content.decode()
    assert reverse("members:termin-feed") in response.content.decode()


def test_filter_by_town_and_by_working_group(client, network):
    assert titles(client.get(TERMINE, {"gemeinde": "vlotho"})) == ["Fest der Kulturen"]
    by_group = client.get(TERMINE, {"arbeitskreis": "ak-ikoe"})
    assert titles(by_group) == ["Treffen des Arbeitskreises"]
    # The calendar offered is the group's.
    feed = reverse("members:workinggroup-termine-feed", args=["ak-ikoe"])
    assert f'href="{feed}"' in by_group.content.decode()
    assert titles(client.get(TERMINE, {"gemeinde": "loehne", "arbeitskreis": "ak-ikoe"})) == []


@pytest.mark.parametrize(
    "query", [{"gemeinde": "nirgendwo"}, {"arbeitskreis": "<script>"}, {"seite": "-1"}]
)
def test_a_wrong_choice_says_so_in_plain_words(client, network, query):
    response = client.get(TERMINE, query)
    assert response.status_code == 200
    if "seite" not in query:
        assert "Diese Auswahl gibt es nicht." in response.text
        assert titles(response) == []


def test_a_working_groups_page_shows_its_next_meetings(client, network):
    response = client.get(network["project"].get_absolute_url())
    assert [t.title for t in response.context["termine"]] == ["Sitzung der Projektgruppe"]
    page = text(response)
    assert "Nächste Termine" in page and "Sitzung der Projektgruppe" in page
    assert "Vorbereitung" not in page
    feed = reverse("members:workinggroup-termine-feed", args=["projektgruppe"])
    assert f'href="{feed}"' in response.content.decode()
    # Near the top, above a long list of members: the next one, linked to the list.
    assert "Nächster Termin</dt>" in response.text
    assert '<a href="#meetings-heading"><time datetime="2027-03-10T14:00:00+01:00">' in (
        response.text
    )


def test_the_town_page_links_its_hours_calendar(client, network):
    response = client.get(reverse("members:municipality-detail", args=["vlotho"]))
    feed = reverse("members:municipality-hours-feed", args=["vlotho"])
    assert f'href="{feed}"' in response.content.decode()
    assert "Sprechzeiten in Vlotho als Kalender abonnieren" in text(response)


def expanded(response, days=365):
    calendar = icalendar.Calendar.from_ical(response.content)
    events = recurring_ical_events.of(calendar).between(NOW, NOW + datetime.timedelta(days=days))
    return {(str(e["UID"]), e["DTSTART"].dt, e["DTEND"].dt) for e in events}


def listed(response):
    return {
        (str(identifier("event", t.pk)), t.starts, t.ends) for t in response.context["object_list"]
    }


@pytest.mark.parametrize(
    "feed, query",
    [
        (reverse("members:termin-feed"), {}),
        (reverse("members:municipality-termine-feed", args=["vlotho"]), {"gemeinde": "vlotho"}),
        (
            reverse("members:workinggroup-termine-feed", args=["projektgruppe"]),
            {"arbeitskreis": "projektgruppe"},
        ),
    ],
)
def test_each_termine_feed_holds_what_the_page_lists(client, network, feed, query):
    assert expanded(client.get(feed)) == listed(client.get(TERMINE, query))


def test_a_feed_keeps_the_last_weeks_termine_for_the_calendar(client, network):
    calendar = icalendar.Calendar.from_ical(client.get(reverse("members:termin-feed")).content)
    uids = {str(event["UID"]) for event in calendar.walk("VEVENT")}
    assert str(identifier("event", network["past"].pk)) in uids
    assert str(identifier("event", network["internal"].pk)) not in uids


def test_signed_in_partners_see_their_termine_marked_and_never_cached(
    client, coordinator, network, settings, cache_in_memory
):
    settings.PAGE_CACHE_SECONDS = 600
    feed = reverse("members:workinggroup-termine-feed", args=["projektgruppe"])
    group_page = network["project"].get_absolute_url()
    for address in (TERMINE, feed, group_page):
        assert b"Vorbereitung" not in client.get(address).content  # now in the cache
    client.force_login(coordinator)
    for address in (TERMINE, feed, group_page):
        response = client.get(address)
        assert b"Vorbereitung" in response.content, address
        assert "private" in response["Cache-Control"]
    assert "nur für angemeldete Partner" in client.get(TERMINE).text
    assert b"CLASS:PRIVATE" in client.get(feed).content
    client.logout()
    for address in (TERMINE, feed, group_page):
        assert b"Vorbereitung" not in client.get(address).content


def test_a_staff_account_sees_partner_termine_only_past_its_second_factor(
    rf, django_user_model, network
):
    user = django_user_model.objects.create_user("buero", password="x" * 16, is_staff=True)
    user.groups.add(Group.objects.get(name="Koordinierungsstelle"))
    assert not is_signed_in_partner(user)  # the office's account, no code given yet
    user.is_verified = lambda: True
    assert is_signed_in_partner(user)
    visitor = django_user_model.objects.create_user("leser", password="x" * 16)
    assert not is_signed_in_partner(visitor)
    assert network["internal"] not in Termin.objects.visible_to(visitor)


def test_the_termine_page_takes_the_same_queries_for_many_termine(
    client, network, django_assert_max_num_queries
):
    for n in range(30):
        termin(
            f"Termin {n}",
            at(2027, 6, 1 + n % 28, 10),
            group=network["circle"],
            organiser=network["meeting"].organiser,
            location=network["meeting"].location,
        )
    with django_assert_max_num_queries(12):
        response = client.get(TERMINE)
    assert len(response.context["object_list"]) == 20
    with django_assert_max_num_queries(12):
        client.get(network["circle"].get_absolute_url())


def test_the_office_adds_a_termin_in_the_admin(network, coordinator_client):
    """(The clock is set first: a session begun before it moved to 2027 would have expired.)"""
    response = coordinator_client.post(
        reverse("admin:members_termin_add"),
        {
            "title": "Interkulturelle Woche: Auftakt",
            "starts_0": "2027-09-20",
            "starts_1": "18:00",
            "ends_0": "2027-09-20",
            "ends_1": "20:00",
            "place": "Rathaus",
            "municipality": factories.municipality("buende").pk,
            "is_public": "on",
            "widunetz-translation-content_type-object_id-TOTAL_FORMS": "0",
            "widunetz-translation-content_type-object_id-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert response.url == reverse("admin:members_termin_changelist"), response.url
    added = Termin.objects.get(title="Interkulturelle Woche: Auftakt")
    assert added.starts == at(2027, 9, 20, 18)
    listed = coordinator_client.get(reverse("admin:members_termin_changelist")).text
    # Start and end in one short column ("Wann"), so the list fits beside the filters.
    assert ">Wann<" in listed and "20.09.2027 18:00–20:00" in listed
    assert ">Gemeinde<" in listed and ">Bünde<" in listed
    # Coming or past, not Django's past-only date spans.
    changelist = reverse("admin:members_termin_changelist")
    coming = coordinator_client.get(changelist, {"zeitraum": "kommend"}).text
    past = coordinator_client.get(changelist, {"zeitraum": "vergangen"}).text
    assert "Interkulturelle Woche: Auftakt" in coming and "Sitzung im Februar" not in coming
    assert "Sitzung im Februar" in past and "Interkulturelle Woche: Auftakt" not in past
    assert "Letzte 7 Tage" not in coming


def test_the_termine_page_in_english_and_arabic(client, network):
    for prefix in ("/en", "/ar"):
        response = client.get(prefix + TERMINE)
        assert response.status_code == 200
        assert "Sitzung der Projektgruppe" in response.text
    # Where a Termin takes place, not the "Ort" of an address (a town).
    assert "<dt>Place</dt>" in client.get("/en" + TERMINE).text


def test_with_no_termine_the_page_says_so_without_speaking_of_a_choice(client, db):
    for query in ["", "?gemeinde=&arbeitskreis=", "?page=1"]:
        page = text(client.get(TERMINE + query))
        assert "Zurzeit ist kein Termin eingetragen." in page, query
        assert "Für diese Auswahl" not in page, query
    chosen = text(client.get(TERMINE, {"gemeinde": factories.municipality("vlotho").slug}))
    assert "Für diese Auswahl ist zurzeit kein Termin eingetragen." in chosen
