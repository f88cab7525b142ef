# ruff: noqa: F811 (the fixtures of test_admin_contact, imported, are parameters here)
"""The Löhne editor attacks the contact data: crafted inline rows, forged holders, the
standalone admins, history, autocomplete, moving people; and what the public pages show
of people and institutions that are not public.

Every test asserts the safe outcome: refused (403/404, or the form shown again) and
nothing changed in the database."""

import datetime

import pytest
import reversion
from django.contrib.contenttypes.models import ContentType
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

pytestmark = pytest.mark.django_db

HELD = [Phone, ConsultationHour, Closure]


# --- the world ---------------------------------------------------------------------------


@pytest.fixture
def koehn(brochure):
    return Member.objects.get(last_name="Köhn")  # Stadt Löhne


@pytest.fixture
def bartels(brochure):
    return Member.objects.get(last_name="Bartels")  # Stadt Enger


@pytest.fixture
def town_hall(loehne):
    return factories.location(loehne, "loehne", name="Rathaus Löhne")


@pytest.fixture
def enger_hall(enger):
    return factories.location(enger, "enger", name="Rathaus Enger")


def make_held(model, holder, place=None, *, number="05223 1810", reason="Urlaub", weekday=1):
    """One phone, hour or closure of ``holder``."""
    if model is Phone:
        return factories.add_phone(holder, number)
    if model is ConsultationHour:
        return factories.hour(holder, weekday=weekday, location=place)
    return Closure.objects.create(
        holder=holder,
        starts=datetime.date(2026, 12, 23),
        ends=datetime.date(2027, 1, 2),
        reason=reason,
    )


def row_for(model, place=None):
    """A valid new row for ``model``'s table."""
    if model is Phone:
        return phone_row("05732 9999")
    if model is ConsultationHour:
        return hour_row(place, weekday="4", starts="14:00", ends="15:00")
    return {"starts": "2026-08-01", "ends": "2026-08-14", "reason": "Betriebsferien"}


def snapshot(*rows):
    """What the database says of ``rows``: every field, and whether they still exist."""
    state = []
    for row in rows:
        fresh = type(row).objects.filter(pk=row.pk).values().first()
        state.append(fresh)
    return state


def formset_of(response, model):
    return next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is model
    )


def holder_form(client, holder, model):
    """(the holder's form as a browser sends it back, the prefix of ``model``'s table)."""
    response = client.get(change_url(holder))
    assert response.status_code == 200
    return change_form_data(response), formset_of(response, model).prefix


def append_row(data, prefix, row, *, initial=False):
    """``row`` as the next row of the table; counted among the saved rows if ``initial``."""
    n = int(data[f"{prefix}-TOTAL_FORMS"])
    data.update({f"{prefix}-{n}-{name}": value for name, value in row.items()})
    data[f"{prefix}-TOTAL_FORMS"] = str(n + 1)
    if initial:
        data[f"{prefix}-INITIAL_FORMS"] = str(int(data[f"{prefix}-INITIAL_FORMS"]) + 1)
    return n


def held_by(model, holder):
    return list(model.objects.held_by(holder).order_by("pk").values_list("pk", flat=True))


def type_id(model):
    return str(ContentType.objects.get_for_model(model).pk)


# --- inline rows on the editor's own institution's form --------------------------------------


@pytest.mark.parametrize("model", HELD)
@pytest.mark.parametrize("delete", [False, True], ids=["change", "delete"])
def test_a_row_naming_another_institutions_row_changes_nothing(
    partner, loehne, enger, enger_hall, town_hall, model, delete
):
    """An extra "saved" row carrying the id of Enger's phone, hour or closure."""
    theirs = make_held(model, enger, enger_hall)
    before = snapshot(theirs)
    data, prefix = holder_form(partner, loehne, model)
    row = {**row_for(model, town_hall), "id": str(theirs.pk)}
    if delete:
        row["DELETE"] = "on"
    append_row(data, prefix, row, initial=True)
    response = partner.post(change_url(loehne), data)
    assert response.status_code in (200, 302)
    assert snapshot(theirs) == before
    assert held_by(model, enger) == [theirs.pk]


@pytest.mark.parametrize("model", HELD)
@pytest.mark.parametrize("delete", [False, True], ids=["change", "delete"])
def test_an_own_row_whose_id_is_swapped_for_another_institutions_changes_nothing(
    partner, loehne, enger, enger_hall, town_hall, model, delete
):
    """The id of the editor's own row, rewritten to Enger's row, then changed or deleted."""
    own = make_held(model, loehne, town_hall, number="05732 1000", reason="Eigen")
    theirs = make_held(model, enger, enger_hall)
    before = snapshot(own, theirs)
    data, prefix = holder_form(partner, loehne, model)
    data[f"{prefix}-0-id"] = str(theirs.pk)
    data.update({f"{prefix}-0-{k}": v for k, v in row_for(model, town_hall).items()})
    if delete:
        data[f"{prefix}-0-DELETE"] = "on"
    response = partner.post(change_url(loehne), data)
    assert response.status_code in (200, 302)
    assert snapshot(theirs) == before[1:]
    assert held_by(model, enger) == [theirs.pk]


@pytest.mark.parametrize("model", HELD)
def test_a_new_row_with_a_forged_holder_stays_with_the_form_holder(
    partner, loehne, enger, bartels, town_hall, model
):
    """The hidden content_type/object_id of a new row pointed at Enger and at its person."""
    data, prefix = holder_form(partner, loehne, model)
    for target, target_model in ((enger, Institution), (bartels, Member)):
        row = {**row_for(model, town_hall), "content_type": type_id(target_model)}
        row["object_id"] = str(target.pk)
        if model is ConsultationHour:  # two rows at one time would overlap
            row["weekday"] = "2" if target_model is Member else "3"
        if model is Phone:
            row["number"] = "05732 9998" if target_model is Member else "05732 9997"
        append_row(data, prefix, row)
    response = partner.post(change_url(loehne), data)
    assert response.status_code in (200, 302)
    assert held_by(model, enger) == []
    assert held_by(model, bartels) == []
    assert not model.objects.exclude(institution=loehne).exists()


@pytest.mark.parametrize("model", HELD)
def test_an_own_row_cannot_be_moved_to_another_holder(
    partner, loehne, enger, bartels, koehn, town_hall, model
):
    """A saved row of Löhne's, its holder rewritten to Enger, to Bartels, to Köhn."""
    own = make_held(model, loehne, town_hall)
    for target_model, target in ((Institution, enger), (Member, bartels), (Member, koehn)):
        data, prefix = holder_form(partner, loehne, model)
        data[f"{prefix}-0-content_type"] = type_id(target_model)
        data[f"{prefix}-0-object_id"] = str(target.pk)
        data[f"{prefix}-0-institution"] = str(enger.pk)
        response = partner.post(change_url(loehne), data)
        assert response.status_code in (200, 302)
        own.refresh_from_db()
        assert own.holder == loehne
        assert own.institution_id == loehne.pk


@pytest.mark.parametrize("model", HELD)
def test_a_row_of_the_institution_submitted_on_its_persons_form_stays_put(
    partner, loehne, koehn, town_hall, model
):
    """Same scope, other holder: Löhne's own row named on Köhn's form is neither taken
    over by Köhn nor deleted there."""
    own = make_held(model, loehne, town_hall)
    before = snapshot(own)
    data, prefix = holder_form(partner, koehn, model)
    append_row(
        data, prefix, {**row_for(model, town_hall), "id": str(own.pk), "DELETE": "on"}, initial=True
    )
    response = partner.post(change_url(koehn), data)
    assert response.status_code in (200, 302)
    assert snapshot(own) == before


# --- inline rows on the editor's own person's form ----------------------------------------


@pytest.mark.parametrize("model", HELD)
@pytest.mark.parametrize("delete", [False, True], ids=["change", "delete"])
def test_a_persons_form_reaches_no_row_of_another_institutions_person(
    partner, koehn, bartels, enger_hall, town_hall, model, delete
):
    theirs = make_held(model, bartels, enger_hall)
    own = make_held(model, koehn, town_hall, number="05732 1000", reason="Eigen")
    before = snapshot(theirs)
    # As an extra "saved" row, and as the own row's id rewritten.
    for swap in (False, True):
        data, prefix = holder_form(partner, koehn, model)
        if swap:
            data[f"{prefix}-0-id"] = str(theirs.pk)
            data.update({f"{prefix}-0-{k}": v for k, v in row_for(model, town_hall).items()})
            if delete:
                data[f"{prefix}-0-DELETE"] = "on"
        else:
            row = {**row_for(model, town_hall), "id": str(theirs.pk)}
            if delete:
                row["DELETE"] = "on"
            append_row(data, prefix, row, initial=True)
        response = partner.post(change_url(koehn), data)
        assert response.status_code in (200, 302)
        assert snapshot(theirs) == before
    assert held_by(model, bartels) == [theirs.pk]
    own.refresh_from_db()
    assert own.holder == koehn


@pytest.mark.parametrize("model", HELD)
def test_a_persons_new_row_with_a_forged_holder_stays_with_the_person(
    partner, koehn, bartels, enger, town_hall, model
):
    data, prefix = holder_form(partner, koehn, model)
    row = {**row_for(model, town_hall), "content_type": type_id(Member)}
    row["object_id"] = str(bartels.pk)
    append_row(data, prefix, row)
    response = partner.post(change_url(koehn), data)
    assert response.status_code in (200, 302)
    assert held_by(model, bartels) == []
    assert not model.objects.filter(institution=enger).exists()


# --- the standalone admins --------------------------------------------------------------


def admin_url(model, view, *args):
    return reverse(f"admin:institutions_{model._meta.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", [*HELD, Location])
def test_another_institutions_row_cannot_be_opened_changed_or_deleted(
    partner, enger, bartels, enger_hall, model
):
    rows = (
        [enger_hall]
        if model is Location
        else [
            make_held(model, enger, enger_hall),
            make_held(model, bartels, enger_hall, number="05223 1811", weekday=3),
        ]
    )
    before = snapshot(*rows)
    for row in rows:
        for view in ("change", "history", "delete"):
            url = admin_url(model, view, row.pk)
            assert partner.get(url).status_code in (403, 404), url
        change = admin_url(model, "change", row.pk)
        data = {
            "number": "05732 1",
            "kind": "festnetz",
            "order": "0",
            "name": "X",
            "starts": "2026-01-01",
            "ends": "2026-01-02",
            "reason": "gekapert",
            "weekday": "0",
            "every_weeks": "1",
            "mode": "telefon",
            "institution": str(enger.pk),
        }
        assert partner.post(change, data).status_code in (403, 404)
        assert partner.post(admin_url(model, "delete", row.pk), {"post": "yes"}).status_code in (
            403,
            404,
        )
    changelist = admin_url(model, "changelist")
    response = partner.post(
        changelist,
        {"action": "delete_selected", "_selected_action": [str(r.pk) for r in rows], "post": "yes"},
    )
    assert response.status_code in (200, 302, 403)
    assert snapshot(*rows) == before


@pytest.mark.parametrize("model", HELD)
def test_no_phone_hour_or_closure_is_added_on_its_own_form(partner, enger, bartels, model):
    url = admin_url(model, "add")
    assert partner.get(url).status_code == 403
    for target_model, target in ((Institution, enger), (Member, bartels)):
        data = {
            **row_for(model),
            "content_type": type_id(target_model),
            "object_id": str(target.pk),
        }
        assert partner.post(url, data).status_code == 403
    assert not model.objects.exists()


@pytest.mark.parametrize("model", HELD)
def test_own_rows_are_not_deleted_on_their_own_forms_or_in_the_list(
    partner, loehne, town_hall, model
):
    own = make_held(model, loehne, town_hall)
    assert partner.post(admin_url(model, "delete", own.pk), {"post": "yes"}).status_code == 403
    partner.post(
        admin_url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [str(own.pk)], "post": "yes"},
    )
    assert model.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("model", HELD)
def test_an_own_rows_standalone_form_does_not_move_it(
    partner, loehne, enger, bartels, town_hall, model
):
    own = make_held(model, loehne, town_hall)
    url = admin_url(model, "change", own.pk)
    data = change_form_data(
        partner.get(url),
        content_type=type_id(Member),
        object_id=str(bartels.pk),
        institution=str(enger.pk),
        holder_name="Bartels",
    )
    response = partner.post(url, data)
    assert response.status_code in (200, 302)
    own.refresh_from_db()
    assert own.holder == loehne and own.institution_id == loehne.pk


def test_the_standalone_lists_cannot_be_filtered_across_to_other_institutions(
    partner, enger, enger_hall
):
    make_held(Phone, enger)
    for query in (
        f"?institution={enger.pk}",
        f"?institution__id__exact={enger.pk}",
        f"?object_id={enger.pk}",
    ):
        response = partner.get(admin_url(Phone, "changelist") + query)
        if response.status_code == 200:
            assert list(response.context["cl"].result_list) == []
    response = partner.get(admin_url(Phone, "changelist") + "?institution__name=Stadt")
    assert response.status_code in (200, 302, 400)
    if response.status_code == 200:
        assert list(response.context["cl"].result_list) == []


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


def test_an_hour_at_a_hidden_institutions_place_publishes_nothing_of_it(
    partner, client, loehne, hidden_shelter
):
    """The Löhne editor picks the hidden shelter's place (the place list holds every
    place) for an hour of Löhne's: its name and street must not reach a public page."""
    shelter, place = hidden_shelter
    data, prefix = holder_form(partner, loehne, ConsultationHour)
    append_row(data, prefix, hour_row(place, weekday="1"))
    partner.post(change_url(loehne), data)
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
    hidden = factories.member(
        "Nina", "Verborgen", institution_obj=service, is_public=False, publication_basis=""
    )
    factories.hour(hidden, weekday=3, location=town_hall)
    town = factories.municipality("loehne")
    text = public_texts(client, town.get_absolute_url())[town.get_absolute_url()]
    assert "Beratungsdienst Kreisweit" in text  # county-wide: listed apart, rightly
    assert "Außensprechstunde in Löhne" not in text
    assert service not in Institution.objects.public().local_to(town)
