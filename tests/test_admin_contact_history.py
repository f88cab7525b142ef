# ruff: noqa: F811 (the fixtures of test_admin_contact, imported, are parameters here)
"""Deleting and reverting contact data in the admin: a partner editor removes an outdated
phone on its holder's form, and a revert that cannot be done says why."""

import pytest
from django.urls import reverse
from reversion.models import Version

from institutions.models import ConsultationHour, Location, Phone
from tests import factories
from tests.admin_forms import change_form_data
from tests.test_admin_contact import (  # noqa: F401 (fixtures)
    change_url,
    enger,
    hour_row,
    loehne,
    partner,
    phone_row,
    post_rows,
    saved,
)

pytestmark = pytest.mark.django_db


# --- deleting an outdated phone, hour or closure --------------------------------------------


def marked_for_deletion(response, model):
    """The holder's form as shown, with every row of ``model``'s table ticked for deletion."""
    data = change_form_data(response)
    formset = next(
        inline.formset
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is model
    )
    for n in range(len(formset.forms)):
        data[f"{formset.prefix}-{n}-DELETE"] = "on"
    return data


def test_partner_editor_deletes_an_outdated_phone_on_the_holders_form(partner, loehne):
    saved(post_rows(partner, loehne, Phone, phone_row("05732 100-0")))
    outdated = Phone.objects.get()
    url = change_url(loehne)
    saved(partner.post(url, marked_for_deletion(partner.get(url), Phone)))
    assert not Phone.objects.filter(pk=outdated.pk).exists()
    # The institution's history keeps the number: its versions before the change hold it.
    kept = Version.objects.get_deleted(Phone).filter(object_id=str(outdated.pk))
    assert kept.exists()


def test_partner_editor_deletes_nothing_outside_the_holders_form(partner, loehne, enger):
    own = factories.add_phone(loehne, "05732 100-0")
    other = factories.add_phone(enger, "05224 100-0")
    for phone in (own, other):
        url = reverse("admin:institutions_phone_delete", args=[phone.pk])
        assert partner.post(url, {"post": "yes"}).status_code in (403, 404)
    assert Phone.objects.filter(pk__in=[own.pk, other.pk]).count() == 2


# --- history -----------------------------------------------------------------------------


def first_version_url(obj):
    version = Version.objects.get_for_object(obj).order_by("pk").first()
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_revision", args=[obj.pk, version.pk])


def test_reverting_takes_back_the_hours_added_since_and_keeps_the_place(coordinator_client, loehne):
    import reversion

    with reversion.create_revision():
        loehne.save()
    place = factories.location(loehne, name="Rathaus Löhne")
    saved(post_rows(coordinator_client, loehne, ConsultationHour, hour_row(place)))
    url = first_version_url(loehne)
    response = coordinator_client.post(url, change_form_data(coordinator_client.get(url)))
    saved(response)
    assert not ConsultationHour.objects.exists()
    # Places have a history of their own: others' outreach hours may use them.
    assert Location.objects.filter(pk=place.pk).exists()


def test_a_revert_to_an_hour_at_a_place_deleted_since_says_so(coordinator_client, loehne):
    place = factories.location(loehne, name="Rathaus Löhne")
    saved(post_rows(coordinator_client, loehne, ConsultationHour, hour_row(place)))
    url = first_version_url(loehne)
    ConsultationHour.objects.all().delete()
    place.delete()
    response = coordinator_client.get(url, follow=True)
    assert response.status_code == 200
    assert "die es nicht mehr gibt" in response.text
