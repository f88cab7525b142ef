# ruff: noqa: F811 (the fixtures of the other admin tests, imported, are parameters here)
"""The Löhne editor attacks the contact data, continued: history, autocomplete, places,
moving people; and what the public pages show of people, institutions and places that
are not public.

Every test asserts the safe outcome: refused (403/404, or the form shown again), nothing
changed in the database, nothing of the hidden records on a public page."""

import datetime

import pytest
import reversion
from django.urls import reverse
from reversion.models import Version

from institutions.models import Closure, ConsultationHour, Institution, Location, Phone
from members.models import Member
from tests import factories
from tests.admin_forms import change_form_data
from tests.test_admin_contact import (  # noqa: F401 (fixtures)
    change_url,
    enger,
    hour_row,
    loehne,
    partner,
    phone_row,
    saved,
)
from tests.test_admin_contact_attacks import (  # noqa: F401 (fixtures)
    admin_url,
    append_row,
    bartels,
    enger_hall,
    formset_of,
    holder_form,
    koehn,
    make_held,
    snapshot,
    town_hall,
    type_id,
)

pytestmark = pytest.mark.django_db


# --- history: revert and recover ---------------------------------------------------------


def test_other_institutions_versions_cannot_be_opened_reverted_or_recovered(
    partner, coordinator, enger, bartels, enger_hall
):
    with reversion.create_revision():
        reversion.set_user(coordinator)
        phone = make_held(Phone, enger)
        hour = make_held(ConsultationHour, bartels, enger_hall)
    with reversion.create_revision():
        reversion.set_user(coordinator)
        gone = make_held(Closure, enger)
    gone_version = Version.objects.get_for_object(gone).get()
    gone.delete()
    for obj in (phone, hour):
        version = Version.objects.get_for_object(obj).get()
        url = admin_url(type(obj), "revision", obj.pk, version.pk)
        assert partner.get(url).status_code == 404
        assert partner.post(url, {}).status_code == 404
    recover = admin_url(Closure, "recover", gone_version.pk)
    assert partner.get(recover).status_code in (403, 404)
    posted = {"starts": "2026-12-23", "ends": "2027-01-02"}
    assert partner.post(recover, posted).status_code in (403, 404)
    listing = partner.get(admin_url(Closure, "recoverlist"))
    assert listing.status_code in (200, 403)
    assert "23.12.2026" not in listing.text
    assert not Closure.objects.exists()


def test_a_phone_deleted_before_its_person_moved_is_not_recovered_onto_the_other_institution(
    partner, coordinator_client, coordinator, loehne, enger, koehn
):
    """Köhn's phone is edited on its own form (a revision of the phone alone) and deleted
    on Köhn's form; then the office moves Köhn to Enger. The Löhne editor's recover must
    not put a phone on an Enger person's page."""
    phone = make_held(Phone, koehn, number="05732 4242")
    url = admin_url(Phone, "change", phone.pk)
    saved(partner.post(url, change_form_data(partner.get(url), description="Durchwahl")))
    data, prefix = holder_form(partner, koehn, Phone)
    data[f"{prefix}-0-DELETE"] = "on"
    saved(partner.post(change_url(koehn), data))
    assert not Phone.objects.exists()
    with reversion.create_revision():
        reversion.set_user(coordinator)
        koehn.institution = enger
        koehn.save()

    version = Version.objects.get_deleted(Phone).get()
    recover = admin_url(Phone, "recover", version.pk)
    shown = partner.get(recover)
    assert shown.status_code in (200, 302, 403, 404)
    assert not Phone.objects.exists()  # a look writes nothing
    if shown.status_code == 200:
        response = partner.post(recover, change_form_data(shown))
        assert response.status_code in (200, 302, 403, 404)
    assert not Phone.objects.filter(object_id=koehn.pk).exists()


# --- autocomplete --------------------------------------------------------------------------


def autocomplete(client, model_name, field_name, term=""):
    query = f"?app_label=institutions&model_name={model_name}&field_name={field_name}&term={term}"
    response = client.get(reverse("admin:autocomplete") + query)
    return response.status_code, (response.json() if response.status_code == 200 else None)


def test_the_place_autocomplete_names_places_only(partner, enger_hall):
    status, found = autocomplete(partner, "consultationhour", "location", "Rathaus")
    assert status == 200
    assert found["results"] == [{"id": str(enger_hall.pk), "text": "Rathaus Enger (Enger)"}]


def test_the_institution_autocomplete_offers_only_the_editors_own(partner, loehne, enger):
    for model_name in ("location",):
        status, found = autocomplete(partner, model_name, "institution", "Stadt")
        assert status == 200
        assert {row["id"] for row in found["results"]} <= {
            str(pk) for pk in Institution.objects.family_of(loehne).values_list("pk", flat=True)
        }
    status, found = autocomplete(partner, "location", "institution", "Enger")
    assert found["results"] == []


def test_other_autocompletes_do_not_open_every_place(partner, enger_hall):
    """The place list is opened for an hour's place only, not through a look-alike query."""
    for model_name, field_name in (
        ("location", "location"),
        ("phone", "location"),
        ("closure", "location"),
        ("consultationhour", "institution"),
    ):
        status, found = autocomplete(partner, model_name, field_name, "Rathaus")
        assert status in (403, 404) or found["results"] == []
    listing = partner.get(
        admin_url(Location, "changelist")
        + "?app_label=institutions&model_name=consultationhour&field_name=location"
    )
    if listing.status_code == 200:
        assert enger_hall not in listing.context["cl"].result_list


@pytest.fixture
def hidden_shelter(brochure):
    """A non-public institution in Löhne with a place whose address is not published."""
    shelter = factories.institution(
        "Schutzunterkunft Nordlicht", slug="schutzunterkunft", is_public=False, serves=["loehne"]
    )
    place = factories.location(shelter, "loehne", name="Haus Lindenhof", street="Geheimweg 7")
    return shelter, place


def test_the_place_autocomplete_does_not_find_places_by_a_hidden_institutions_name(
    partner, hidden_shelter
):
    """Searching the place list by the name of an institution the editor cannot see must
    not tell them that it exists and where it receives people."""
    status, found = autocomplete(partner, "consultationhour", "location", "Schutzunterkunft")
    assert status == 200
    assert found["results"] == []


# --- places -----------------------------------------------------------------------------


def test_a_place_is_not_created_for_another_institution(partner, loehne, enger):
    url = admin_url(Location, "add")
    data = change_form_data(partner.get(url), institution=str(enger.pk), name="Außenstelle")
    assert partner.post(url, data).status_code == 200
    # On the institution's form: the places' table with a forged institution.
    data, prefix = holder_form(partner, loehne, Location)
    append_row(data, prefix, {"name": "Außenstelle", "institution": str(enger.pk)})
    partner.post(change_url(loehne), data)
    assert not Location.objects.filter(institution=enger).exists()


def test_an_own_place_is_not_given_to_another_institution(partner, loehne, enger, town_hall):
    url = admin_url(Location, "change", town_hall.pk)
    response = partner.post(url, change_form_data(partner.get(url), institution=str(enger.pk)))
    assert response.status_code == 200
    data, prefix = holder_form(partner, loehne, Location)
    data[f"{prefix}-0-institution"] = str(enger.pk)
    partner.post(change_url(loehne), data)
    town_hall.refresh_from_db()
    assert town_hall.institution == loehne


@pytest.mark.parametrize("delete", [False, True], ids=["change", "delete"])
def test_the_places_table_reaches_no_other_institutions_place(
    partner, loehne, enger_hall, town_hall, delete
):
    before = snapshot(enger_hall)
    data, prefix = holder_form(partner, loehne, Location)
    row = {"id": str(enger_hall.pk), "name": "Gekapert", "institution": str(loehne.pk)}
    if delete:
        row["DELETE"] = "on"
    append_row(data, prefix, row, initial=True)
    partner.post(change_url(loehne), data)
    data, prefix = holder_form(partner, loehne, Location)
    data[f"{prefix}-0-id"] = str(enger_hall.pk)
    data[f"{prefix}-0-name"] = "Gekapert"
    partner.post(change_url(loehne), data)
    assert snapshot(enger_hall) == before


# --- moving a person ----------------------------------------------------------------------


def test_a_person_cannot_be_moved_out_of_the_editors_institution(
    partner, loehne, enger, koehn, town_hall
):
    phone = make_held(Phone, koehn)
    hour = make_held(ConsultationHour, koehn, town_hall)
    url = change_url(koehn)
    response = partner.post(url, change_form_data(partner.get(url), institution=str(enger.pk)))
    assert response.status_code == 200
    koehn.refresh_from_db()
    assert koehn.institution == loehne
    for row in (phone, hour):
        row.refresh_from_db()
        assert row.institution_id == loehne.pk


def test_a_new_person_cannot_be_put_into_another_institution(partner, enger):
    url = reverse("admin:members_member_add")
    data = change_form_data(
        partner.get(url), first_name="Eva", last_name="Eindringling", institution=str(enger.pk)
    )
    assert partner.post(url, data).status_code == 200
    assert not Member.objects.filter(last_name="Eindringling").exists()


def test_a_person_moved_within_the_family_takes_their_rows_along(partner, loehne, koehn, town_hall):
    unit = factories.institution("Integrationsbüro Löhne", parent=loehne, slug="ib-loehne")
    phone = make_held(Phone, koehn)
    url = change_url(koehn)
    saved(partner.post(url, change_form_data(partner.get(url), institution=str(unit.pk))))
    phone.refresh_from_db()
    assert phone.institution_id == unit.pk
    assert partner.get(admin_url(Phone, "change", phone.pk)).status_code == 200


def test_the_people_table_moves_nobody_to_another_institution(partner, loehne, enger, koehn):
    response = partner.get(change_url(loehne))
    data = change_form_data(response)
    prefix = formset_of(response, Member).prefix
    n = next(i for i in range(10) if str(data.get(f"{prefix}-{i}-id")) == str(koehn.pk))
    data[f"{prefix}-{n}-institution"] = str(enger.pk)
    partner.post(change_url(loehne), data)
    koehn.refresh_from_db()
    assert koehn.institution == loehne


# --- what the public sees -----------------------------------------------------------------


def public_texts(client, *urls):
    """Each public page's text; a search page's only if it found something (it repeats
    the words searched for)."""
    from django.core.cache import cache

    cache.clear()
    texts = {}
    for url in urls:
        response = client.get(url)
        body = response.content.decode() if response.status_code == 200 else ""
        if url.startswith(reverse("pages:search")) and "Keine Ergebnisse für" in body:
            body = ""
        texts[url] = body
    return texts


def responsible_url(town="loehne", **query):
    path = reverse("pages:responsible")
    return path + "?" + "&".join(f"{k}={v}" for k, v in {"gemeinde": town, **query}.items())


def public_urls(loehne, town, *extra):
    return [
        loehne.get_absolute_url(),
        town.get_absolute_url(),
        responsible_url(),
        reverse("members:member-list"),
        reverse("members:member-export-csv"),
        reverse("members:member-export-vcf"),
        reverse("institutions:institution-list"),
        reverse("pages:search") + "?q=Geheimweg",
        reverse("pages:search") + "?q=Lindenhof",
        reverse("pages:search") + "?q=Schutzunterkunft",
        "/sitemap.xml",
        *extra,
    ]


def test_the_editor_cannot_hold_an_hour_at_a_hidden_institutions_place(
    partner, loehne, hidden_shelter
):
    """The place list of an hour holds every public institution's place (for outreach
    hours) and the editor's own; a hidden institution's place is refused."""
    shelter, place = hidden_shelter
    data, prefix = holder_form(partner, loehne, ConsultationHour)
    append_row(data, prefix, hour_row(place, weekday="1"))
    response = partner.post(change_url(loehne), data)
    assert response.status_code == 200  # the form again, with the message
    assert "Bitte eine gültige Auswahl treffen" in response.content.decode()
    assert not ConsultationHour.objects.filter(location=place).exists()


def test_an_hour_at_a_hidden_institutions_place_publishes_nothing_of_it(
    client, loehne, hidden_shelter
):
    """An hour of Löhne's at the hidden shelter's place (entered by the office, or kept
    from before the shelter was hidden): its name and street reach no public page."""
    shelter, place = hidden_shelter
    factories.hour(loehne, weekday=1, location=place)
    town = factories.municipality("loehne")
    texts = public_texts(client, *public_urls(loehne, town))
    leaks = {url for url, text in texts.items() if "Lindenhof" in text or "Geheimweg" in text}
    assert leaks == set()


@pytest.fixture
def hidden_person(koehn, town_hall):
    """Köhn, no longer public, with a phone, an hour and a closure of their own."""
    koehn.is_public = False
    koehn.save()
    factories.add_phone(koehn, "05732 777 888")
    factories.hour(koehn, weekday=2, location=town_hall, note="Sprechstunde Nachtfalter")
    Closure.objects.create(
        holder=koehn,
        starts=datetime.date(2026, 7, 1),
        ends=datetime.date(2026, 7, 20),
        reason="Elternzeit Nachtfalter",
    )
    return koehn


def test_a_hidden_person_and_their_contact_data_appear_on_no_public_page(
    client, loehne, hidden_person
):
    town = factories.municipality("loehne")
    assert client.get(hidden_person.get_absolute_url()).status_code in (404, 410)
    urls = public_urls(
        loehne,
        town,
        reverse("pages:search") + "?q=Köhn",
        reverse("pages:search") + "?q=Nachtfalter",
        reverse("members:member-list") + "?offen=1",
        reverse("members:member-list") + "?termin=ohne",
        town.get_absolute_url() + "?offen=1",
    )
    texts = public_texts(client, *urls)
    needles = ("Köhn", "777 888", "777888", "Nachtfalter", hidden_person.slug)
    leaks = {(url, n) for url, text in texts.items() for n in needles if n in text}
    assert leaks == set()


def test_a_hidden_persons_outreach_hour_makes_no_institution_local(client, brochure):
    """A county-wide service is listed among a town's own, "Außensprechstunde in Löhne",
    only for an hour the public may see: not for the hour of a person who is not public."""
    service = factories.institution("Beratungsdienst Kreisweit", county_wide=True, slug="kreisweit")
    office = factories.location(service, "herford", name="Büro Herford")
    factories.hour(service, location=office)
    town_hall = factories.location(
        Institution.objects.get(slug="stadt-loehne"), "loehne", name="Rathaus Löhne"
    )
    factories.member("Paula", "Sichtbar", institution_obj=service)  # lists the service
    hidden = factories.member(
        "Nina", "Verborgen", institution_obj=service, is_public=False, publication_basis=""
    )
    factories.hour(hidden, weekday=3, location=town_hall)
    town = factories.municipality("loehne")
    text = public_texts(client, town.get_absolute_url())[town.get_absolute_url()]
    assert "Beratungsdienst Kreisweit" in text  # county-wide: listed apart, rightly
    assert "Außensprechstunde in Löhne" not in text
    assert service not in Institution.objects.public().local_to(town)
