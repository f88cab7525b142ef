"""How the office sends confirmation requests: by the timer's command and from the admin;
reminders, and a mail server that refuses, without losing a request."""

import datetime
import socket
import time

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from institutions.models import Institution
from members.mails import recipients
from members.models import ConfirmationRequest
from tests import factories, test_confirmation
from tests.test_confirmation import free_port, person, use_smtp

pytestmark = pytest.mark.django_db

# The SMTP server on loopback the confirmation tests start.
mailbox = test_confirmation.mailbox


def send(*args):
    call_command("send_confirmation_requests", *args)


def days_pass(days):
    """Every request was last sent ``days`` earlier than it was."""
    for request in ConfirmationRequest.objects.all():
        request.last_sent_at -= datetime.timedelta(days=days)
        request.save()


def test_a_refusing_mail_server_keeps_the_request_for_the_next_run(settings, mailbox):
    working_port = settings.MAILERS["default"]["OPTIONS"]["port"]
    erika = person()
    use_smtp(settings, free_port())  # nothing listens there

    send()

    request = ConfirmationRequest.objects.get(member=erika)
    assert request.sent_at is None and request.last_sent_at is None
    assert request.send_error and not request.used
    assert mailbox.messages == []

    use_smtp(settings, working_port)
    send()

    request.refresh_from_db()
    assert request.sent_at and request.send_error == ""
    assert len(mailbox.to(erika.email)) == 1
    assert ConfirmationRequest.objects.count() == 1


def test_a_mail_server_that_does_not_answer_costs_one_timeout_and_loses_nothing(settings, mailbox):
    people = [person(email=f"person{n}@example.org") for n in range(4)]
    with socket.socket() as silent:  # takes the connection, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        use_smtp(settings, silent.getsockname()[1], timeout=1)
        started = time.monotonic()
        send()
        assert time.monotonic() - started < 3
    requests = ConfirmationRequest.objects.all()
    assert len(requests) == 4 and not requests.filter(last_sent_at__isnull=False).exists()
    assert "timed out" in requests.exclude(send_error="").get().send_error

    use_smtp(settings, mailbox.port)
    send()
    assert sorted(m["To"] for m in mailbox.messages) == sorted(p.email for p in people)


def test_the_admin_shows_a_request_the_server_refused(settings, mailbox, coordinator_client):
    person()
    use_smtp(settings, free_port())
    send()
    changelist = reverse("admin:members_confirmationrequest_changelist")
    page = coordinator_client.get(changelist)
    assert page.status_code == 200
    assert "Erika Muster" in page.text and 'alt="True"' in page.text  # the "Fehler" tick
    failed = coordinator_client.get(changelist, {"versand": "fehler"})
    [request] = failed.context["cl"].result_list
    assert str(request) == "Erika Muster (erika.muster@loehne.example)"
    form = coordinator_client.get(
        reverse("admin:members_confirmationrequest_change", args=[request.pk])
    )
    assert "Connection refused" in form.text
    assert not coordinator_client.get(changelist, {"versand": "offen"}).context["cl"].result_list


def test_the_office_sends_a_refused_request_again_from_the_admin(
    settings, mailbox, coordinator_client
):
    erika = person()
    use_smtp(settings, free_port())
    send()
    use_smtp(settings, mailbox.port)
    request = ConfirmationRequest.objects.get()
    coordinator_client.post(
        reverse("admin:members_confirmationrequest_changelist"),
        {"action": "send_again", "_selected_action": [request.pk]},
    )
    request.refresh_from_db()
    assert request.sent_at and not request.send_error
    assert len(mailbox.to(erika.email)) == 1


def test_an_entry_with_an_open_request_is_not_asked_twice(mailbox):
    person()
    send()
    send()
    assert len(mailbox.messages) == 1


def test_reminders_after_14_days_at_most_two(mailbox):
    erika = person()
    send()
    for _ in range(4):
        days_pass(14)
        send()
    messages = mailbox.to(erika.email)
    assert [m["Subject"].startswith("Erinnerung") for m in messages] == [False, True, True]
    request = ConfirmationRequest.objects.get(member=erika)
    assert request.reminders_sent == 2
    # The link of a reminder is the same request's: one answer ends all three.
    assert len({m.get_body(("plain",)).get_content().count("/bestaetigen/") for m in messages}) == 1


def test_no_reminder_before_14_days(mailbox):
    person()
    send()
    days_pass(13)
    send()
    assert len(mailbox.messages) == 1


def test_an_answered_request_gets_no_reminder(client, mailbox):
    erika = person()
    send()
    request = ConfirmationRequest.objects.get(member=erika)
    client.post(reverse("members:confirm", args=[request.token()]), {"choice": "confirm"})
    days_pass(14)
    send("--older-than", "1")
    assert len(mailbox.messages) == 1


def test_older_than_asks_only_entries_not_confirmed_since(mailbox):
    today = timezone.localdate()
    person(email="fresh@example.org", verified_on=today - datetime.timedelta(days=10))
    person(email="stale@example.org", verified_on=today - datetime.timedelta(days=400))
    person(email="never@example.org")
    send("--older-than", "365")
    assert sorted(m["To"] for m in mailbox.messages) == ["never@example.org", "stale@example.org"]


def test_municipality_limits_the_run_to_one_town(mailbox):
    loehne = factories.institution("Stadt Löhne", serves=["loehne"])
    enger = factories.institution("Stadt Enger", serves=["enger"])
    person(email="loehne@example.org", institution_obj=loehne)
    person(email="enger@example.org", institution_obj=enger)
    send("--municipality", "loehne")
    assert [m["To"] for m in mailbox.messages] == ["loehne@example.org"]


def test_dry_run_sends_and_stores_nothing(mailbox, capsys):
    person()
    send("--dry-run")
    assert mailbox.messages == [] and not ConfirmationRequest.objects.exists()
    assert "new: Erika Muster" in capsys.readouterr().out


def test_people_without_an_e_mail_or_not_public_are_not_asked(mailbox):
    person(email="")
    person(email="hidden@example.org", is_public=False, publication_basis="")
    send()
    assert mailbox.messages == []


def test_the_office_sends_requests_from_the_people_list(mailbox, coordinator_client):
    erika = person()
    response = coordinator_client.post(
        reverse("admin:members_member_changelist"),
        {"action": "send_confirmation_requests", "_selected_action": [erika.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert len(mailbox.to(erika.email)) == 1


def test_the_office_sends_requests_from_the_institution_list(mailbox, coordinator_client):
    office = factories.institution("Stadt Löhne", email="integration@loehne.example")
    coordinator_client.post(
        reverse("admin:institutions_institution_changelist"),
        {"action": "send_confirmation_requests", "_selected_action": [office.pk]},
    )
    assert len(mailbox.to("integration@loehne.example")) == 1


def test_partner_editors_neither_see_nor_send_requests(world, editor):
    assert editor.get(reverse("admin:members_confirmationrequest_changelist")).status_code == 403
    people = editor.get(reverse("admin:members_member_changelist"))
    assert "send_confirmation_requests" not in people.text


def test_an_institution_is_asked_at_its_own_address_and_its_redaktions(mailbox, django_user_model):
    loehne = factories.institution("Stadt Löhne", email="integration@loehne.example")
    for name, active in (("redaktion", True), ("ehemals", False)):
        account = django_user_model.objects.create_user(
            name, email=f"{name}@loehne.example", is_active=active
        )
        loehne.partner_editors.add(account)
    send()
    [message] = mailbox.messages
    assert "integration@loehne.example" in message["To"]
    assert "redaktion@loehne.example" in message["To"]
    assert "ehemals@loehne.example" not in message["To"]  # signs in no more


def test_an_institution_without_an_address_is_asked_through_its_redaktion(
    client, mailbox, django_user_model
):
    loehne = factories.institution("Stadt Löhne", email="")
    loehne.partner_editors.add(
        django_user_model.objects.create_user("redaktion", email="redaktion@loehne.example")
    )
    send()
    [message] = mailbox.to("redaktion@loehne.example")
    response = client.post(test_confirmation.link_path(message), {"choice": "confirm"})
    assert response.status_code == 200
    loehne.refresh_from_db()
    assert loehne.verified_on == timezone.localdate()


def test_an_institution_reachable_only_through_a_former_editor_is_not_asked(
    mailbox, django_user_model
):
    loehne = factories.institution("Stadt Löhne", email="")
    loehne.partner_editors.add(
        django_user_model.objects.create_user("ehemals", email="e@loehne.example", is_active=False)
    )
    send()
    assert mailbox.messages == []
    assert not ConfirmationRequest.objects.exists()


def test_the_redaktions_addresses_are_read_at_once_for_all_institutions(
    django_user_model, django_assert_num_queries
):
    """Asking many institutions reads their Redaktion accounts in one query, not one each."""
    for n in range(4):
        institution = factories.institution(f"Institution {n}", email="")
        institution.partner_editors.add(
            django_user_model.objects.create_user(f"r{n}", email=f"r{n}@example.org")
        )
    targets = list(Institution.objects.reachable_by_mail().for_confirmation().order_by("name"))
    with django_assert_num_queries(0):
        addresses = [recipients(target) for target in targets]
    assert addresses == [[f"r{n}@example.org"] for n in range(4)]
