"""Consultation hours in a proposal: offered as the public sees them, checked as the
admin checks them, public only once the office accepts them."""

import pytest
from django.urls import reverse

from members.models import ChangeRequest
from tests import factories, test_confirmation
from tests.test_confirmation import mailed_link, person, proposal, text_of

pytestmark = pytest.mark.django_db

# The SMTP server on loopback the confirmation tests start.
mailbox = test_confirmation.mailbox


def with_hour(**row):
    """The proposal's form data with one hour row."""
    hour = {"weekday": "3", "starts": "14:00", "ends": "16:00", "note": "", **row}
    return proposal(
        **{"hours-TOTAL_FORMS": "1"},
        **{f"hours-0-{key}": value for key, value in hour.items()},
    )


@pytest.fixture
def erika_with_hour():
    erika = person()
    factories.hour(erika, weekday=1, starts="09:00", ends="12:00", note="Sprechstunde")
    return erika


def test_the_form_offers_the_hours_as_the_public_sees_them(client, mailbox, erika_with_hour):
    page = client.get(mailed_link(mailbox))
    [mail] = mailbox.messages
    assert "Sprechzeit: Dienstag 09:00–12:00 (Sprechstunde)" in text_of(mail)
    assert "Dienstag 09:00–12:00 (Sprechstunde)" in page.text
    assert page.context["form"].hours.initial == [
        {"weekday": 1, "starts": "09:00", "ends": "12:00", "note": "Sprechstunde"}
    ]


@pytest.mark.parametrize(
    "row, message",
    [
        ({"starts": "14:00", "ends": "10:00"}, "muss enden, nachdem sie beginnt"),
        ({"starts": "14:00", "ends": "14:00"}, "muss enden, nachdem sie beginnt"),
        ({"starts": "14:00", "ends": ""}, "Beginn und Ende"),
        ({"starts": "25:00", "ends": "26:00"}, "gültige Uhrzeit"),
    ],
)
def test_hours_the_admin_would_refuse_are_refused_with_a_message(
    client, mailbox, erika_with_hour, row, message
):
    response = client.post(mailed_link(mailbox), with_hour(**row))
    assert response.status_code == 400
    assert message in response.text
    assert not ChangeRequest.objects.exists()


def test_proposed_hours_wait_for_the_office(client, mailbox, erika_with_hour):
    client.post(mailed_link(mailbox), with_hour(note="neu"))
    change = ChangeRequest.objects.get()
    assert change.previous["hours"][0]["starts"] == "09:00"
    assert change.proposed["hours"] == [
        {"weekday": 3, "starts": "14:00", "ends": "16:00", "note": "neu"}
    ]
    public = client.get(erika_with_hour.get_absolute_url()).text
    assert "14:00" not in public and "09:00" in public


def test_accepted_hours_show_on_the_public_page(
    client, mailbox, erika_with_hour, coordinator_client
):
    client.post(mailed_link(mailbox), with_hour())
    change = ChangeRequest.objects.get()
    coordinator_client.post(
        reverse("admin:members_changerequest_change", args=[change.pk]), {"decision": "accept"}
    )
    [hour] = erika_with_hour.hours.all()
    assert (hour.weekday, f"{hour.starts:%H:%M}", f"{hour.ends:%H:%M}") == (3, "14:00", "16:00")
    assert hour.mode == "telefon"  # the kind of hour stays as it was
    public = client.get(erika_with_hour.get_absolute_url()).text
    assert "14:00" in public and "09:00" not in public
