import pytest

from members.models import Member
from widunetz.search import fold

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("bogeholz", "Bögeholz"),
        ("BOEGEHOLZ", "Bögeholz"),
        ("Stancic", "Stančić"),
        ("koehn", "Köhn"),
        ("Kohn", "Köhn"),
        ("buss", "Buß"),
    ],
)
def test_folding_makes_typed_and_printed_spellings_equal(typed, stored):
    assert fold(typed) == fold(stored)


@pytest.mark.parametrize(
    ("query", "last_name"),
    [
        ("bogeholz", "Bögeholz"),
        ("BOEGEHOLZ", "Bögeholz"),
        ("Bögeholz", "Bögeholz"),
        ("Stancic", "Stančić"),
        ("Nataša", "Stančić"),
        ("koehn", "Köhn"),
        ("Kohn", "Köhn"),
        ("Köhn", "Köhn"),
        ("buss", "Buß"),
        ("Laukotter", "Laukötter"),
    ],
)
def test_search_finds_people_whatever_the_spelling(brochure, query, last_name):
    assert list(Member.objects.search(query).values_list("last_name", flat=True)) == [last_name]


def test_search_matches_functions_units_and_institution_names(brochure):
    refugee_counsellors = Member.objects.search("Flüchtlingsberatung")
    assert {m.last_name for m in refugee_counsellors} == {"Aydemir", "Wieschollek"}
    assert [m.last_name for m in Member.objects.search("Integrationsbeauftragte")] == ["Nickles"]
    assert [m.last_name for m in Member.objects.search("Dezernent")] == ["Burmann"]
    assert len(Member.objects.search("Integrationszentrum")) == 6


def test_every_word_of_a_query_must_match(brochure):
    assert [m.last_name for m in Member.objects.search("Peter Löhne")] == ["Köhn"]
    assert not Member.objects.search("Köhn Vlotho").exists()


def test_renaming_an_institution_updates_what_its_people_are_found_by(brochure):
    from institutions.models import Institution

    town = Institution.objects.get(slug="stadt-loehne")
    town.name = "Stadtverwaltung Löhne am Werre"
    town.save()
    assert {m.last_name for m in Member.objects.search("Werre")} == {"Köhn", "Schröder"}


@pytest.fixture
def refugee_counselling(db):
    from institutions.models import Service
    from tests import factories

    office = factories.institution(
        "Beratungsstelle am Markt", serves=["loehne"], seat=factories.municipality("buende")
    )
    office.services.add(Service.objects.get(slug="fluechtlingsberatung"))
    factories.location(office, "vlotho", name="Begegnungszentrum Lindenhof")
    factories.member("Samira", "Okafor", institution_obj=office)
    return office


@pytest.mark.parametrize(
    "query", ["refugee", "لاجئ", "Flüchtlingsberatung", "Löhne", "Bünde", "Vlotho", "Lindenhof"]
)
def test_search_finds_institutions_and_people_by_topic_in_any_language_and_by_town(
    client, refugee_counselling, query
):
    from institutions.models import Institution

    assert list(Institution.objects.search(query)) == [refugee_counselling]
    assert [m.last_name for m in Member.objects.search(query)] == ["Okafor"]
    response = client.get("/suche/", {"q": query})
    assert "Beratungsstelle am Markt" in response.text and "Okafor" in response.text


def test_folding_keeps_letters_of_every_script():
    assert fold("استشارات اللاجئين") and fold("لاجئ") in fold("استشارات اللاجئين")
    assert fold("Беженцы") == "беженцы"


def test_a_renamed_topic_or_translation_is_found_at_once(refugee_counselling):
    from institutions.models import Institution, Service
    from widunetz.models import Translation

    topic = Service.objects.get(slug="fluechtlingsberatung")
    topic.name = "Asylberatung"
    topic.save()
    assert list(Institution.objects.search("asylberatung")) == [refugee_counselling]
    translation = Translation.objects.get(
        object_id=topic.pk, field="name", language="en", content_type__model="service"
    )
    translation.text = "Asylum advice"
    translation.save()
    assert list(Member.objects.search("asylum advice"))
    refugee_counselling.services.clear()
    assert not Institution.objects.search("asylberatung").exists()
