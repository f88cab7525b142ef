"""The office's review queue: changes proposed through a confirmation link wait there,
and only an accepted one reaches the public pages."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from members.models import ChangeRequest, ConfirmationRequest, Member
from tests import factories, test_confirmation
from tests.test_confirmation import mailed_link, person, proposal, text_of

pytestmark = pytest.mark.django_db

# The SMTP server on loopback the confirmation tests start.
mailbox = test_confirmation.mailbox


@pytest.fixture
def proposed(client, mailbox):
    """Erika Muster's proposal, sent through her link: a new function and phone."""
    erika = person()
    client.post(
        mailed_link(mailbox),
        proposal(function="Leitung Integration", phone="05732 999100"),
    )
    mailbox.messages.clear()
    return ChangeRequest.objects.get(member=erika)


def change_url(change_request):
    return reverse("admin:members_changerequest_change", args=[change_request.pk])


def decide(office_client, change_request, decision, note=""):
    return office_client.post(
        change_url(change_request), {"decision": decision, "decision_note": note}, follow=True
    )


def test_the_office_sees_old_and_new_values_side_by_side(proposed, coordinator_client):
    page = coordinator_client.get(change_url(proposed))
    assert page.status_code == 200
    start = page.text.index('<table class="comparison"')
    table = page.text[start : page.text.index("</table>", start)]
    assert "bisher" in table and "vorgeschlagen" in table
    assert "Integrationsbeauftragte" in table and "Leitung Integration" in table
    assert "05732 100200" in table and "05732 999100" in table


def test_an_accepted_change_shows_on_the_public_page(client, proposed, coordinator_client):
    erika = proposed.member
    assert "Leitung Integration" not in client.get(erika.get_absolute_url()).text

    decide(coordinator_client, proposed, "accept")

    public = client.get(erika.get_absolute_url()).text
    assert "Leitung Integration" in public and "05732 999100" in public
    assert "05732 100200" not in public
    proposed.refresh_from_db()
    assert proposed.status == "angenommen" and proposed.decided_at
    assert proposed.decided_by.username == "koordination"
    erika.refresh_from_db()
    assert erika.verified_on == timezone.localdate()


def test_an_accepted_change_is_a_version_by_the_office_naming_the_request(
    proposed, coordinator_client
):
    decide(coordinator_client, proposed, "accept")
    revision = Version.objects.get_for_object(proposed.member).first().revision
    assert revision.user.username == "koordination"
    assert revision.comment == f"Änderungsvorschlag #{proposed.pk} angenommen"


def test_the_office_is_told_when_a_proposed_field_was_changed_since(proposed, coordinator_client):
    erika = proposed.member
    erika.function = "Sachbearbeitung"
    erika.save()
    page = coordinator_client.get(change_url(proposed))
    assert "inzwischen: Sachbearbeitung" in page.text


def test_accepting_applies_only_what_was_proposed(proposed, coordinator_client):
    erika = proposed.member
    erika.email = "neu@loehne.example"  # the office changed the e-mail meanwhile
    erika.save()
    decide(coordinator_client, proposed, "accept")
    erika.refresh_from_db()
    assert erika.email == "neu@loehne.example" and erika.function == "Leitung Integration"


def test_the_office_accepts_several_from_the_list(proposed, coordinator_client):
    coordinator_client.post(
        reverse("admin:members_changerequest_changelist"),
        {"action": "accept_selected", "_selected_action": [proposed.pk]},
    )
    assert Member.objects.get(pk=proposed.member_id).function == "Leitung Integration"


def test_a_rejection_mails_the_note_to_the_sender_and_changes_nothing(
    client, proposed, coordinator_client, mailbox
):
    decide(coordinator_client, proposed, "reject", "Die Nummer ist die der Zentrale.")

    proposed.refresh_from_db()
    assert proposed.status == "abgelehnt"
    [answer] = mailbox.to("erika.muster@loehne.example")
    assert "Die Nummer ist die der Zentrale." in text_of(answer)
    assert "Die Nummer ist die der Zentrale." in answer.get_body(("html",)).get_content()
    public = client.get(proposed.member.get_absolute_url()).text
    assert "Leitung Integration" not in public and "05732 100200" in public


def test_a_decided_request_cannot_be_decided_again(proposed, coordinator_client):
    decide(coordinator_client, proposed, "reject", "Nein.")
    decide(coordinator_client, proposed, "accept")
    coordinator_client.post(
        reverse("admin:members_changerequest_changelist"),
        {"action": "accept_selected", "_selected_action": [proposed.pk]},
    )
    assert Member.objects.get(pk=proposed.member_id).function == "Integrationsbeauftragte"


def proposal_for(member):
    change = ChangeRequest(
        source=ChangeRequest.Source.LINK,
        proposed={"function": "Vorgeschlagen"},
        previous={"function": member.function},
    )
    change.target = member
    change.save()
    return change


def test_partner_editors_see_only_their_own_requests_and_cannot_decide(world, editor):
    own, other = proposal_for(world.koehn), proposal_for(world.hidden)
    changelist = editor.get(reverse("admin:members_changerequest_changelist"))
    assert changelist.status_code == 200
    assert "Köhn" in changelist.text and "Verborgen" not in changelist.text
    assert editor.get(change_url(other)).status_code in (302, 404)

    form = editor.get(change_url(own))
    assert form.status_code == 200 and 'name="decision"' not in form.text
    editor.post(change_url(own), {"decision": "accept"})
    editor.post(
        reverse("admin:members_changerequest_changelist"),
        {"action": "accept_selected", "_selected_action": [own.pk, other.pk]},
    )
    own.refresh_from_db()
    assert own.status == "offen"
    assert Member.objects.get(pk=world.koehn.pk).function != "Vorgeschlagen"


def test_an_institution_proposes_a_new_website_and_phone_the_office_accepts(
    client, mailbox, coordinator_client
):
    office = factories.institution(
        "Stadt Löhne", email="integration@loehne.example", phone="05732 100-0"
    )
    path = mailed_link(mailbox)
    client.post(
        path,
        {
            "choice": "change",
            "email": "integration@loehne.example",
            "website": "www.loehne.example/integration",
            "phones-TOTAL_FORMS": "2",
            "phones-INITIAL_FORMS": "0",
            "phones-0-number": "05732 100-0",
            "phones-0-kind": "festnetz",
            "phones-1-number": "0170 1234567",
            "phones-1-kind": "mobil",
            "hours-TOTAL_FORMS": "0",
            "hours-INITIAL_FORMS": "0",
        },
    )
    change = ChangeRequest.objects.get(institution=office, member=None)
    assert change.changed_fields() == ["website", "phones"]
    assert "loehne.example/integration" not in client.get(office.get_absolute_url()).text

    decide(coordinator_client, change, "accept")

    public = client.get(office.get_absolute_url()).text
    assert "https://www.loehne.example/integration" in public and "0170 1234567" in public


def test_requests_and_decided_proposals_are_deleted_a_year_on(proposed, coordinator_client):
    """As the privacy page says; what was accepted stays in the entry's history."""
    decide(coordinator_client, proposed, "accept")
    erika = proposed.member
    still_open = ChangeRequest(source=ChangeRequest.Source.LINK, proposed={"function": "x"})
    still_open.target = erika
    still_open.save()
    year_ago = timezone.now() - datetime.timedelta(days=366)
    ChangeRequest.objects.filter(pk=proposed.pk).update(decided_at=year_ago)
    ChangeRequest.objects.update(created_at=year_ago)
    ConfirmationRequest.objects.update(created_at=year_ago)

    call_command("purge_expired_data", verbosity=0)

    assert list(ChangeRequest.objects.all()) == [still_open]  # undecided: the office's turn
    assert not ConfirmationRequest.objects.exists()
    assert Version.objects.get_for_object(erika).exists()
