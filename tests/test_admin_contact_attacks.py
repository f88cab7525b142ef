# ruff: noqa: F811 (the fixtures of test_admin_contact, imported, are parameters here)
"""The Löhne editor attacks the contact data: crafted inline rows, forged holders, the
standalone admins, history, autocomplete, moving people; and what the public pages show
of people and institutions that are not public.

Every test asserts the safe outcome: refused (403/404, or the form shown again) and
nothing changed in the database."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

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
