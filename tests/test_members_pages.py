import pytest
from django.urls import reverse

from tests import factories
from widunetz.search import fold

pytestmark = pytest.mark.django_db

MEMBERS = reverse("members:member-list")


def names(response):
    return [m.last_name for m in response.context["object_list"]]


def filtered(response):
    return {m.last_name for m in response.context["filter"].qs}


def test_members_directory_lists_all_48_people_of_the_roster(client, brochure):
    response = client.get(MEMBERS)
    assert response.status_code == 200
    assert response.context["paginator"].count == 48
    assert "48 Personen gefunden" in response.text


def test_filter_by_municipality_includes_county_wide_services(client, brochure):
    people = filtered(client.get(MEMBERS, {"gemeinde": "loehne"}))
    assert {"Köhn", "Schröder"} <= people  # Stadt Löhne
    assert {"Fricke", "Kuhn", "Laukötter"} <= people  # KI, Jobcenter, JMD: county-wide


def test_filter_by_municipality_never_shows_staff_of_another_town(client, brochure):
    people = filtered(client.get(MEMBERS, {"gemeinde": "loehne"}))
    for other_town_staff in ["Bartels", "Joseph", "Nickles", "Vogelsang", "Luttmann"]:
        assert other_town_staff not in people


def test_county_wide_people_are_explained_once_and_local_ones_name_their_town(client, brochure):
    response = client.get(MEMBERS, {"gemeinde": "loehne", "q": "Fricke"})
    assert "für alle Städte und Gemeinden im Kreis Herford zuständig" in response.text
    assert "zuständig für" not in response.text
    response = client.get(MEMBERS, {"gemeinde": "loehne", "q": "Köhn"})
    assert "zuständig für Löhne" in response.text
    assert "für alle Städte und Gemeinden im Kreis Herford zuständig" not in response.text


def test_filters_combine(client, brochure):
    response = client.get(MEMBERS, {"gemeinde": "loehne", "q": "Köhn"})
    assert names(response) == ["Köhn"]
    response = client.get(MEMBERS, {"gemeinde": "enger", "q": "Köhn"})
    assert names(response) == []
    assert "Keine Person gefunden" in response.text


def test_filter_by_institution_includes_its_units(client, brochure):
    people = filtered(
        client.get(MEMBERS, {"institution": "diakonisches-werk-im-kirchenkreis-herford"})
    )
    assert people == {"Buß", "Mavroudis", "Laukötter", "Lindemann", "Wieschollek"}


def test_filter_by_working_group_and_institution_kind(client, brochure):
    assert len(filtered(client.get(MEMBERS, {"arbeitskreis": "projektgruppe"}))) == 48
    assert filtered(client.get(MEMBERS, {"arbeitskreis": "kerngruppe"})) == set()
    towns = filtered(client.get(MEMBERS, {"art": "kommune"}))
    assert {"Köhn", "Bartels", "Nickles"} <= towns
    assert "Fricke" not in towns


def test_sort_by_name_follows_german_alphabet(client, brochure):
    order = names(client.get(MEMBERS))
    assert order.index("Bibi") < order.index("Bögeholz") < order.index("Burmann")


def test_sort_by_institution_follows_german_alphabet(client, brochure):
    response = client.get(MEMBERS, {"sortierung": "institution", "seite": 1})
    institutions = [m.institution.name for m in response.context["object_list"]]
    assert institutions == sorted(institutions, key=fold)
    assert institutions.index("Agentur für Arbeit Herford") < institutions.index(
        "AWO-Fachdienste für Migration und Integration"
    )


def test_active_filters_can_be_removed_one_by_one(client, brochure):
    response = client.get(MEMBERS, {"gemeinde": "loehne", "q": "Köhn"})
    assert 'href="?q=K%C3%B6hn"' in response.text  # remove the municipality
    assert 'href="?gemeinde=loehne"' in response.text  # remove the search


def test_pagination_keeps_the_filters(client, brochure):
    response = client.get(MEMBERS, {"gemeinde": "loehne"})
    assert response.context["is_paginated"]
    assert 'href="?gemeinde=loehne&amp;seite=2"' in response.text


@pytest.mark.parametrize(
    "params",
    [
        {"gemeinde": "nirgendwo"},
        {"arbeitskreis": "gibt-es-nicht"},
        {"institution": "<script>alert(1)</script>"},
        {"art": "'; DROP TABLE members_member; --"},
        {"seite": "abc"},
        {"seite": "99999999999999999999999"},
        {"seite": "-1"},
        {"q": "x" * 5000},
        {"q": "<script>alert('x')</script>"},
        {"sortierung": "password"},
    ],
)
def test_bad_input_gets_a_clear_answer_never_a_server_error(client, brochure, params):
    response = client.get(MEMBERS, params)
    assert response.status_code == 200
    assert "<script>" not in response.text
    assert "\x00" not in response.text


@pytest.mark.parametrize("query", ["K%C3%B6hn%00", "%01%02%1B%5B31m", "a+%7F"])
def test_control_characters_in_the_address_are_refused_with_an_explanation(client, db, query):
    response = client.get(f"{MEMBERS}?q={query}")
    assert response.status_code == 400
    assert "Steuerzeichen" in response.text
    assert "\x00" not in response.text and "\x1b" not in response.text


def test_unknown_municipality_is_explained(client, brochure):
    response = client.get(MEMBERS, {"gemeinde": "nirgendwo"})
    assert "Die Auswahl konnte nicht angewendet werden" in response.text
    assert names(response) == []


def test_hidden_people_never_appear(client, brochure):
    from members.models import Member

    koehn = Member.objects.get(last_name="Köhn")
    koehn.is_public = False
    koehn.save()
    assert "Köhn" not in client.get(MEMBERS).text
    assert "Köhn" not in client.get(reverse("members:member-export-csv")).text
    search = client.get(reverse("pages:search"), {"q": "Köhn"})
    assert search.context["results"] == []
    assert "Köhn" not in client.get(reverse("members:municipality-detail", args=["loehne"])).text


def test_phone_and_email_are_plain_links(client, db):
    factories.member(phone="05221 13-0", email="info@example.org")
    response = client.get(MEMBERS)
    # Dialled in E.164, shown the way it is printed in Germany.
    assert '<a dir="ltr" href="tel:+495221130">05221 130</a>' in response.text
    assert 'href="mailto:info@example.org"' in response.text


def test_working_group_pages_show_purpose_and_current_members(client, brochure):
    response = client.get(reverse("members:workinggroup-list"))
    assert "Arbeitskreis Interkulturelle Öffnung" in response.text
    response = client.get(reverse("members:workinggroup-detail", args=["projektgruppe"]))
    assert len(response.context["members"]) == 48
    assert "vier- bis sechsmal im Jahr" in response.text


def test_former_members_are_not_current_members(client, db):
    import datetime

    group = factories.working_group()
    gone = factories.member(last_name="Ehemalig")
    factories.membership(gone, group, until=datetime.date(2016, 1, 1))
    response = client.get(reverse("members:workinggroup-detail", args=[group.slug]))
    assert list(response.context["members"]) == []


def test_unknown_working_group_is_a_helpful_404(client, brochure):
    response = client.get(reverse("members:workinggroup-detail", args=["gibt-es-nicht"]))
    assert response.status_code == 404
    assert "Diese Seite gibt es nicht" in response.text
