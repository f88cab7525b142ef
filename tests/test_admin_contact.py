"""Places, phones, hours and closures in the admin: bad input gets a clear message and
saves nothing, for the office and for a partner editor alike; a partner editor reaches
only their own institution's rows."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from institutions.models import (
    Closure,
    ConsultationHour,
    Institution,
    Location,
    Phone,
    Service,
)
from members.models import Member
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-passwort-2026"
TOO_EARLY = "Die Sprechzeit muss enden, nachdem sie beginnt."
OVERLAP = "Diese Sprechzeit überschneidet sich am selben Ort mit der Sprechzeit"
UPSIDE_DOWN = "Das Höchstalter darf nicht unter dem Mindestalter liegen."
NO_START = "Für „alle … Wochen“ bitte das Datum der ersten Sprechzeit eintragen."


@pytest.fixture
def loehne(brochure):
    return Institution.objects.get(slug="stadt-loehne")


@pytest.fixture
def enger(brochure):
    return Institution.objects.get(slug="stadt-enger")


@pytest.fixture
def town_hall(loehne):
    return factories.location(loehne, "loehne", name="Rathaus Löhne")


@pytest.fixture
def partner(loehne, django_user_model):
    """A partner editor of Stadt Löhne."""
    user = django_user_model.objects.create_user("loehne", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktion"))
    loehne.partner_editors.add(user)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(params=["office", "partner"])
def editor(request, coordinator_client, brochure):
    """The office, then the Löhne editor: both get the same messages."""
    if request.param == "office":
        return coordinator_client
    return request.getfixturevalue("partner")


def change_url(obj):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def with_rows(response, model, *rows, **changes):
    """The form as shown, with ``rows`` added to the table of ``model``."""
    data = change_form_data(response, **changes)
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is model
    )
    total = f"{formset.prefix}-TOTAL_FORMS"
    start = int(data[total])
    for n, row in enumerate(rows, start):
        data.update({f"{formset.prefix}-{n}-{name}": value for name, value in row.items()})
    data[total] = str(start + len(rows))
    return data


def post_rows(client, obj, model, *rows, **changes):
    url = change_url(obj)
    return client.post(url, with_rows(client.get(url), model, *rows, **changes))


def hour_row(location=None, weekday="1", starts="09:00", ends="12:00", **fields):
    row = {"weekday": weekday, "starts": starts, "ends": ends, "every_weeks": "1", **fields}
    if location is not None:
        row.update(mode="vor_ort", location=str(location.pk))
    else:
        row.setdefault("mode", "telefon")
    return row


def phone_row(number, kind="festnetz"):
    return {"number": number, "kind": kind, "order": "0"}


def form_errors(response):
    """The messages of a form shown again, for an assertion's explanation."""
    if response.status_code != 200 or not response.context:
        return []
    found = [response.context["adminform"].form.errors]
    for inline in response.context["inline_admin_formsets"]:
        found += [inline.formset.non_form_errors(), *inline.formset.errors]
    return [errors for errors in found if errors]


def saved(response):
    assert response.status_code == 302, form_errors(response)


def refused(response, message):
    assert response.status_code == 200, "the form was saved"
    assert message in response.text


# --- consultation hours ------------------------------------------------------------------


def test_an_hour_that_ends_before_it_starts_is_refused(editor, loehne, town_hall):
    response = post_rows(
        editor, loehne, ConsultationHour, hour_row(town_hall, starts="12:00", ends="09:00")
    )
    refused(response, TOO_EARLY)
    assert not ConsultationHour.objects.exists()


def test_overlapping_hours_at_one_place_are_refused(editor, loehne, town_hall):
    response = post_rows(
        editor,
        loehne,
        ConsultationHour,
        hour_row(town_hall, starts="09:00", ends="12:00"),
        hour_row(town_hall, starts="11:00", ends="13:00"),
    )
    refused(response, OVERLAP)
    assert "Dienstag 09:00–12:00" in response.text
    assert not ConsultationHour.objects.exists()


def test_a_new_hour_overlapping_a_saved_one_is_refused(editor, loehne, town_hall):
    factories.hour(loehne, location=town_hall, starts="09:00", ends="12:00")
    response = post_rows(
        editor, loehne, ConsultationHour, hour_row(town_hall, "1", "08:00", "10:00")
    )
    refused(response, OVERLAP)
    assert ConsultationHour.objects.count() == 1


def test_hours_that_never_meet_are_accepted(editor, loehne, town_hall):
    response = post_rows(
        editor,
        loehne,
        ConsultationHour,
        hour_row(town_hall, week_of_month="1"),
        hour_row(town_hall, week_of_month="3"),  # first and third Tuesday
        hour_row(town_hall, starts="12:00", ends="14:00"),  # right after
        hour_row(None, starts="09:00", ends="12:00"),  # by phone, not at the place
        hour_row(town_hall, weekday="3"),  # Thursday
    )
    saved(response)
    assert ConsultationHour.objects.filter(institution=loehne).count() == 5


def test_an_hour_overlapping_only_while_both_are_valid_is_refused(editor, loehne, town_hall):
    response = post_rows(
        editor,
        loehne,
        ConsultationHour,
        hour_row(town_hall, valid_until="2026-06-30"),
        hour_row(town_hall, valid_from="2026-06-01"),
    )
    refused(response, OVERLAP)


def test_a_changed_hour_overlapping_another_on_its_own_form_is_refused(editor, loehne, town_hall):
    factories.hour(loehne, location=town_hall, starts="09:00", ends="10:00")
    later = factories.hour(loehne, location=town_hall, starts="10:00", ends="11:00")
    url = change_url(later)
    response = editor.post(url, change_form_data(editor.get(url), starts="09:30"))
    refused(response, OVERLAP)
    later.refresh_from_db()
    assert later.starts == datetime.time(10)


def test_an_hour_every_second_week_needs_its_first_date(editor, loehne, town_hall):
    response = post_rows(editor, loehne, ConsultationHour, hour_row(town_hall, every_weeks="2"))
    refused(response, NO_START)
    assert not ConsultationHour.objects.exists()


def test_a_person_overlapping_own_hours_are_refused_too(editor, loehne, town_hall):
    koehn = Member.objects.get(last_name="Köhn")
    response = post_rows(
        editor,
        koehn,
        ConsultationHour,
        hour_row(town_hall, starts="09:00", ends="12:00"),
        hour_row(town_hall, starts="10:00", ends="11:00"),
    )
    refused(response, OVERLAP)
    assert not ConsultationHour.objects.exists()


# --- who may come, contact ways, places ------------------------------------------------


def test_an_age_range_upside_down_is_refused(editor, loehne):
    url = change_url(loehne)
    response = editor.post(
        url, change_form_data(editor.get(url), minimum_age="27", maximum_age="12")
    )
    refused(response, UPSIDE_DOWN)
    loehne.refresh_from_db()
    assert loehne.minimum_age is None


def test_a_booking_link_that_is_no_address_is_refused(editor, loehne):
    url = change_url(loehne)
    response = editor.post(url, change_form_data(editor.get(url), booking_url="bitte anrufen"))
    refused(response, "Bitte eine gültige Adresse eingeben")
    loehne.refresh_from_db()
    assert loehne.booking_url == ""


def test_a_place_whose_postcode_is_not_in_its_town_is_refused(editor, loehne):
    row = {"name": "Büro", "postal_code": "32130", "city": "Enger"}
    row["municipality"] = str(factories.municipality("loehne").pk)
    response = post_rows(editor, loehne, Location, row)
    refused(response, "Die Postleitzahl 32130 gehört nicht zu Löhne.")
    assert not Location.objects.filter(institution=loehne).exists()


# --- phones ----------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["12", "abc", "0521 12"])
def test_a_malformed_phone_number_is_refused(editor, loehne, typed):
    response = post_rows(editor, loehne, Phone, phone_row(typed))
    refused(response, f"„{typed}“ ist keine gültige Telefonnummer.")
    assert not Phone.objects.exists()


@pytest.mark.parametrize("typed", ["12", "abc"])
def test_a_malformed_phone_number_of_a_person_is_refused(editor, typed):
    koehn = Member.objects.get(last_name="Köhn")
    response = post_rows(editor, koehn, Phone, phone_row(typed, kind="mobil"))
    refused(response, f"„{typed}“ ist keine gültige Telefonnummer.")
    assert not Phone.objects.exists()


def test_a_phone_number_is_stored_in_e164_and_shown_as_printed(editor, loehne):
    response = post_rows(editor, loehne, Phone, phone_row("05221 13-1234"))
    saved(response)
    phone = Phone.objects.get()
    assert phone.number == "+495221131234"
    assert phone.institution == loehne

    form = editor.get(change_url(loehne))
    assert 'value="05221 131234"' in form.text
    assert "+495221131234" not in form.text
    # Saved again untouched, the number is not a change.
    versions = Version.objects.get_for_object(phone).count()
    editor.post(change_url(loehne), change_form_data(form))
    assert Version.objects.get_for_object(phone).count() == versions + 1  # with the institution
    assert "Telefonnummer" not in Version.objects.get_for_object(loehne)[0].revision.comment


# --- a partner editor's reach ------------------------------------------------------------


def test_partner_editor_sees_and_opens_only_their_own_rows(partner, loehne, enger, town_hall):
    theirs = factories.location(enger, "enger", name="Rathaus Enger")
    own_hour = factories.hour(loehne, location=town_hall)
    other_hour = factories.hour(enger, location=theirs)
    closure = Closure.objects.create(
        holder=enger, starts=datetime.date(2026, 12, 23), ends=datetime.date(2027, 1, 2)
    )
    other_phone = factories.add_phone(enger, "05223 1810")

    places = partner.get(reverse("admin:institutions_location_changelist"))
    assert list(places.context["cl"].result_list) == [town_hall]
    hours = partner.get(reverse("admin:institutions_consultationhour_changelist"))
    assert list(hours.context["cl"].result_list) == [own_hour]
    for obj in (theirs, other_hour, closure, other_phone):
        assert partner.get(change_url(obj)).status_code == 404
        assert partner.get(change_url(obj).replace("change", "history")).status_code == 404
    assert partner.get(change_url(own_hour)).status_code == 200


def test_partner_editor_adds_places_only_for_their_institution(partner, loehne, enger):
    url = reverse("admin:institutions_location_add")
    fields = {"institution": str(enger.pk), "name": "Zweigstelle", "postal_code": "32584"}
    data = change_form_data(partner.get(url), **fields)
    response = partner.post(url, data)
    assert response.status_code == 200
    assert not Location.objects.filter(name="Zweigstelle").exists()

    response = partner.post(url, {**data, "institution": str(loehne.pk)})
    saved(response)
    assert Location.objects.get(name="Zweigstelle").institution == loehne


def test_an_outreach_hour_may_be_held_at_any_institutions_place(partner, loehne, enger):
    theirs = factories.location(enger, "enger", name="Rathaus Enger")
    query = "?app_label=institutions&model_name=consultationhour&field_name=location&term=Rathaus"
    found = partner.get(reverse("admin:autocomplete") + query).json()
    assert [row["text"] for row in found["results"]] == ["Rathaus Enger (Enger)"]

    response = post_rows(partner, loehne, ConsultationHour, hour_row(theirs))
    saved(response)
    assert ConsultationHour.objects.get().location == theirs


def test_partner_editor_enters_hours_under_their_name(partner, loehne, town_hall):
    response = post_rows(partner, loehne, ConsultationHour, hour_row(town_hall))
    saved(response)
    hour = ConsultationHour.objects.get()
    assert hour.holder == loehne
    version = Version.objects.get_for_object(hour).get()
    assert version.revision.user.username == "loehne"


def test_a_hour_has_no_add_form_of_its_own(coordinator_client, brochure):
    url = reverse("admin:institutions_consultationhour_add")
    assert coordinator_client.get(url).status_code == 403


# --- topics ------------------------------------------------------------------------------


def test_topics_are_the_offices_list(coordinator_client, partner, brochure):
    topic = Service.objects.get(slug="mbe")
    listing = reverse("admin:institutions_service_changelist")
    assert partner.get(listing).status_code == 200
    url = change_url(topic)
    data = change_form_data(coordinator_client.get(url), name="Geändert")
    assert partner.post(url, data).status_code == 403
    assert Service.objects.get(pk=topic.pk).name != "Geändert"

    assert coordinator_client.post(url, data).status_code == 302
    assert Service.objects.get(pk=topic.pk).name == "Geändert"
