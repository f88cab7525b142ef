"""Issue 14's whole way, as the tester does it, through a real SMTP server on loopback:
the office sends confirmation requests for Löhne from the admin; one person confirms
through the link in her mail, another proposes a new phone number that the office
accepts in the review queue; both pages then say "geprüft im …"; a reader's report on a
third person reaches the queue and the Redaktion's mailbox."""

import pytest
from django.core.cache import caches
from django.urls import reverse
from django.utils import formats, timezone

from members.models import ChangeRequest, Member
from tests import factories, test_confirmation
from tests.test_confirmation import link_path, proposal

pytestmark = pytest.mark.django_db

mailbox = test_confirmation.mailbox


@pytest.fixture
def loehne(django_user_model):
    """Stadt Löhne, its Redaktion, and three of its people."""
    caches["default"].clear()  # the report form's rate limit starts afresh
    town = factories.institution("Stadt Löhne", slug="stadt-loehne", serves=["loehne"])
    town.partner_editors.add(
        django_user_model.objects.create_user("redaktion", email="redaktion@loehne.example")
    )
    people = [
        factories.member(first, last, institution_obj=town, email=email, phone=phone)
        for first, last, email, phone in (
            ("Erika", "Muster", "erika.muster@loehne.example", None),
            ("Hans", "Kaya", "hans.kaya@loehne.example", "05732 100-200"),
            ("Lena", "Brandt", "", None),
        )
    ]
    return town, people


def test_the_network_keeps_loehne_true(client, coordinator_client, mailbox, loehne):
    town, (erika, hans, lena) = loehne
    month = formats.date_format(timezone.localdate(), "YEAR_MONTH_FORMAT")

    # The office sends the requests from the list of people.
    coordinator_client.post(
        reverse("admin:members_member_changelist"),
        {"action": "send_confirmation_requests", "_selected_action": [erika.pk, hans.pk]},
    )
    [to_erika] = mailbox.to(erika.email)
    [to_hans] = mailbox.to(hans.email)

    # Erika confirms; Hans proposes a new number, which is not public until accepted.
    client.post(link_path(to_erika), {"choice": "confirm"})
    client.post(
        link_path(to_hans),
        proposal(function="", email=hans.email, phone="05732 100-300"),
    )
    assert "05732 100300" not in client.get(hans.get_absolute_url()).text
    request = ChangeRequest.objects.get(member=hans)
    coordinator_client.post(
        reverse("admin:members_changerequest_change", args=[request.pk]),
        {"decision": "accept", "decision_note": ""},
    )

    for person in (erika, hans):
        page = client.get(person.get_absolute_url()).text
        assert f"geprüft im {month}" in page, person
    assert "05732 100300" in client.get(hans.get_absolute_url()).text
    assert "geprüft im" not in client.get(lena.get_absolute_url()).text  # never confirmed

    # A reader reports Lena's entry: it waits in the queue and reaches the Redaktion.
    report = reverse("members:report-member", args=[lena.slug])
    client.post(report, {"message": "Frau Brandt arbeitet nicht mehr im Rathaus."})
    queued = ChangeRequest.objects.get(member=lena)
    assert queued.source == ChangeRequest.Source.READER
    assert queued.status == ChangeRequest.Status.OPEN
    [to_redaktion] = mailbox.to("redaktion@loehne.example")
    assert (
        "Frau Brandt arbeitet nicht mehr im Rathaus."
        in to_redaktion.get_body(("plain",)).get_content()
    )
    assert Member.objects.get(pk=lena.pk).is_public  # nothing changed before the office acts
