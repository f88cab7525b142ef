"""The synthetic network behind `make bench` (bench/network.py): reproducible, realistic and
searchable."""

import unicodedata
from collections import Counter
from urllib.parse import urlsplit

import phonenumbers
import pytest
from django.db.models import F
from django.utils.html import escape
from django.utils.text import slugify

from bench.names import DEMO_NOTE, DRAMA_LANDLINE, DRAMA_MOBILE, KREIS_BOUNDS
from bench.network import NetworkError, generate, plan_network
from institutions.models import (
    Closure,
    ConsultationHour,
    Institution,
    InstitutionStatus,
    Location,
    Municipality,
    Phone,
    Service,
)
from members.models import Member, Membership, WorkingGroup
from widunetz.phones import normalize
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
    # Hours keep their place from being deleted (PROTECT): they go first.
    ConsultationHour.objects.filter(institution__slug__contains=f"-s{seed}-").delete()
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


# Contact data (bench/contact.py): every field of issue 13 filled, and valid.


def synthetic_institutions(seed=2026):
    return Institution.objects.filter(slug__contains=f"-s{seed}-")


def held(model, seed=2026):
    return model.objects.filter(institution__slug__contains=f"-s{seed}-")


def test_every_contact_field_is_filled_somewhere():
    generate(people=PEOPLE, institutions=INSTITUTIONS, seed=2026)
    institutions = synthetic_institutions()
    places = Location.objects.filter(institution__in=institutions)
    assert places.exclude(latitude=None).exists() and places.filter(latitude=None).exists()
    assert places.exclude(directions="").exists()
    assert places.filter(step_free=True).exists() and places.filter(lift=None).exists()
    phones = held(Phone)
    assert {"festnetz", "mobil", "fax"} <= set(phones.values_list("kind", flat=True))
    assert phones.filter(member_holder__isnull=False).exists()
    assert phones.filter(languages__isnull=False).exists()
    hours = held(ConsultationHour)
    assert {"vor_ort", "telefon", "online"} <= set(hours.values_list("mode", flat=True))
    assert hours.filter(week_of_month=1).exists()
    assert hours.filter(every_weeks=2, valid_from__isnull=False).exists()
    assert hours.filter(every_weeks=1, week_of_month=None).exists()
    assert hours.filter(appointment_needed=True).exists()
    assert hours.filter(appointment_needed=False).exists()
    assert hours.filter(member_holder__isnull=False).exists()
    assert held(Closure).exists()
    statuses = set(institutions.values_list("status", flat=True))
    assert statuses == {InstitutionStatus.ACTIVE, InstitutionStatus.CLOSED, InstitutionStatus.ENDED}
    assert institutions.filter(status=InstitutionStatus.ENDED, successor__isnull=False).exists()
    assert not institutions.filter(status=InstitutionStatus.CLOSED, closed_until=None).exists()
    assert institutions.filter(minimum_age__isnull=False).exists()
    assert institutions.filter(free_of_charge=False).exclude(fees_description="").exists()
    assert institutions.exclude(booking_url="").exists()
    assert institutions.filter(online_counselling=True).exclude(online_url="").exists()
    assert institutions.exclude(required_documents="").exists()
    assert institutions.filter(languages__isnull=False).exists()
    topics = set(institutions.values_list("services__slug", flat=True))
    assert {"mbe", "jmd", "fluechtlingsberatung"} <= topics
    assert Service.objects.get(slug="jmd").admits_age(20)
    assert not Service.objects.get(slug="mbe").admits_age(20)


def test_county_wide_services_hold_outreach_hours_in_the_towns():
    generate(people=PEOPLE, institutions=INSTITUTIONS, seed=2026)
    outreach = (
        held(ConsultationHour)
        .filter(institution__county_wide=True, location__municipality__isnull=False)
        .exclude(location__municipality=F("institution__seat"))
    )
    assert outreach.exists()
    towns = set(outreach.values_list("location__municipality__slug", flat=True))
    assert len(towns) >= 3


def test_contact_data_passes_the_editors_validation():
    """What the admin would refuse must not be in the demo either."""
    generate(people=PEOPLE, institutions=INSTITUTIONS, seed=2026)
    for phone in held(Phone):
        assert normalize(phone.number) == phone.number
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone.number))
        # Numbers the Bundesnetzagentur keeps free: nobody real is called.
        assert phone.number.startswith((DRAMA_LANDLINE, DRAMA_MOBILE))
    south, west, north, east = KREIS_BOUNDS
    for place in Location.objects.filter(institution__in=synthetic_institutions()):
        place.full_clean()
        if place.latitude is not None:
            assert south < place.latitude < north and west < place.longitude < east
    for model in (Phone, ConsultationHour, Closure):
        for row in held(model).prefetch_related("holder"):
            row.full_clean()
            # What Held.save() would keep: the holder, or the person's institution.
            holder = row.holder
            assert row.institution_id == getattr(holder, "institution_id", holder.pk)
    for hour in held(ConsultationHour):
        assert hour.ends > hour.starts
    for institution in synthetic_institutions():
        institution.full_clean()
    for member in synthetic_people()[:100]:
        member.full_clean()


def test_no_holder_has_two_hours_on_the_same_day_at_the_same_place():
    generate(people=PEOPLE, institutions=INSTITUTIONS, seed=2026)
    slots = Counter(
        held(ConsultationHour).values_list("content_type", "object_id", "weekday", "location")
    )
    assert max(slots.values()) == 1


def test_ended_institutions_leave_the_lists_as_save_would_have_it():
    generate(people=PEOPLE, institutions=INSTITUTIONS, seed=2026)
    ended = synthetic_institutions().filter(status=InstitutionStatus.ENDED)
    assert ended.exists() and not ended.filter(listed=True).exists()
    assert not Member.objects.filter(institution__in=ended, listed=True).exists()
    for institution in synthetic_institutions().select_related("parent"):
        stored = institution.listed
        institution.save()
        assert institution.listed == stored, institution


def test_synthetic_entries_cannot_be_mistaken_for_real_ones():
    people = generated()
    institutions = synthetic_institutions()
    assert not institutions.exclude(description=DEMO_NOTE).exists()
    addresses = [
        *people.exclude(email="").values_list("email", flat=True),
        *institutions.exclude(email="").values_list("email", flat=True),
    ]
    assert addresses and all(a.endswith("@beispiel.example") for a in addresses)
    for field in ("website", "booking_url", "online_url"):
        for url in institutions.exclude(**{field: ""}).values_list(field, flat=True):
            assert urlsplit(url).hostname.endswith("beispiel.example"), url


def test_people_get_unique_slugs_beside_the_brochures(brochure):
    taken = set(Member.objects.values_list("slug", flat=True))
    people = generated()
    slugs = list(people.values_list("slug", flat=True))
    assert all(slugs) and len(set(slugs)) == len(slugs)
    assert not taken & set(slugs)
    for member in people[:50]:
        assert member.slug.startswith(slugify(f"{member.first_name} {member.last_name}"))


def test_an_institutions_first_place_is_its_office_in_its_seat():
    generate(people=PEOPLE, institutions=INSTITUTIONS, seed=2026)
    for institution in synthetic_institutions().prefetch_related("locations"):
        places = list(institution.locations.all())
        if places:
            assert places[0].municipality_id == institution.seat_id, institution
            assert places[0].name.startswith("Beratungsstelle"), institution
