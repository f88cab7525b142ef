"""The synthetic network behind `make bench` (bench/network.py): reproducible, realistic and
searchable."""

import unicodedata

import pytest
from django.utils.html import escape

from bench.network import NetworkError, generate, plan_network
from institutions.models import Institution, Municipality
from members.models import Member, Membership, WorkingGroup
from widunetz.search import fold, search_document

pytestmark = pytest.mark.django_db

PEOPLE, INSTITUTIONS = 300, 40
GERMAN = set("äöüÄÖÜß")
OTHER_DIACRITICS = set("ćčšžđłśźżąęğışçéèëïñãõíáóúýřěůňťď")


def generated(seed=2026):
    generate(people=PEOPLE, institutions=INSTITUTIONS, seed=seed)
    return synthetic_people(seed)


def synthetic_people(seed=2026):
    return Member.objects.filter(institution__slug__contains=f"-s{seed}-").order_by("pk")


def snapshot(people):
    return [
        (
            m.first_name,
            m.last_name,
            m.function,
            m.institution.name,
            m.is_public,
            sorted((ms.group.slug, ms.role, ms.since) for ms in m.memberships.all()),
        )
        for m in people.select_related("institution").prefetch_related("memberships__group")
    ]


def remove(seed=2026):
    synthetic_people(seed).delete()
    synthetic = Institution.objects.filter(slug__contains=f"-s{seed}-")
    synthetic.exclude(parent=None).delete()
    synthetic.delete()


def typed_on_a_german_keyboard(name):
    """How a resident without the letter types it: Köhn → Koehn, Stančić → Stancic."""
    for letter, spelled in {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ı": "i", "ł": "l"}.items():
        name = name.replace(letter, spelled).replace(letter.upper(), spelled.capitalize())
    name = name.replace("Đ", "D").replace("đ", "d")
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def test_the_same_seed_gives_the_same_network():
    assert plan_network(2026, 50, 10) == plan_network(2026, 50, 10)
    assert plan_network(2026, 50, 10) != plan_network(2027, 50, 10)

    first = snapshot(generated())
    remove()
    assert not synthetic_people().exists()
    second = snapshot(generated())
    assert len(first) == PEOPLE
    assert first == second


def test_the_network_is_added_on_top_of_the_brochure(brochure):
    brochure_people = Member.objects.count()
    generated()
    assert Member.objects.count() == brochure_people + PEOPLE
    assert Member.objects.filter(last_name="Köhn", first_name="Peter").exists()
    # The brochure's municipalities and working groups are used, not duplicated.
    assert Municipality.objects.count() == 9
    assert WorkingGroup.objects.count() == 4
    with pytest.raises(NetworkError, match="seed 2026"):
        generated()


def test_it_covers_all_nine_municipalities_kinds_units_and_memberships():
    people = generated()
    institutions = Institution.objects.filter(slug__contains="-s2026-")
    assert institutions.count() == INSTITUTIONS
    for municipality in Municipality.objects.all():
        assert institutions.local_to(municipality).exists(), municipality
    county_wide = institutions.filter(county_wide=True).count()
    assert 0 < county_wide < INSTITUTIONS // 2
    assert not institutions.filter(county_wide=True, service_area__isnull=False).exists()
    assert institutions.exclude(parent=None).exists()
    assert institutions.values("kind").distinct().count() >= 5

    memberships = Membership.objects.filter(member__in=people)
    assert memberships.exists()
    assert set(memberships.values_list("group__slug", flat=True)) == {
        "kerngruppe",
        "projektgruppe",
        "arbeitskreis-migrationsfachdienste",
        "arbeitskreis-interkulturelle-oeffnung",
    }
    assert people.filter(is_public=False).exists()
    assert not people.filter(is_public=True, publication_basis="").exists()


def test_names_carry_umlauts_and_accents():
    letters = set(
        "".join(n for pair in generated().values_list("first_name", "last_name") for n in pair)
    )
    assert letters & GERMAN
    assert len(letters & OTHER_DIACRITICS) >= 3


def test_search_columns_are_exactly_what_save_would_store():
    people = generated()
    for member in people.select_related("institution__parent")[:50]:
        assert member.search_text == search_document(*member.search_parts())
        assert member.sort_name == fold(f"{member.last_name} {member.first_name}")[:200]
        stored = (member.search_text, member.sort_name)
        member.save()
        member.refresh_from_db()
        assert (member.search_text, member.sort_name) == stored
    for institution in Institution.objects.filter(slug__contains="-s2026-").select_related(
        "parent"
    )[:50]:
        assert institution.search_text == search_document(*institution.search_parts())
        assert institution.sort_name == fold(institution.name)[:200]


def test_people_are_found_by_their_name_typed_without_its_letters(client):
    people = generated()
    public = Member.objects.public()
    foreign = [m for m in public.filter(pk__in=people) if not m.last_name.isascii()][:25]
    assert foreign
    for member in foreign:
        query = f"{member.first_name} {typed_on_a_german_keyboard(member.last_name)}"
        assert public.search(query).filter(pk=member.pk).exists(), query
    member = foreign[0]
    query = f"{member.first_name} {typed_on_a_german_keyboard(member.last_name)}"
    response = client.get("/mitglieder/", {"q": query})
    assert response.status_code == 200
    assert escape(member.last_name) in response.text
