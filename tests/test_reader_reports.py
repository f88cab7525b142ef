"""Readers report a wrong entry: "Angabe falsch? Hier melden" on a person's or an
institution's page leads to a form of its own; the report waits in the review queue
and is mailed to the entry's Redaktion and the office.

The mails go through a real SMTP server on loopback (aiosmtpd, as in
tests/test_confirmation.py); the tests read them from it.
"""

import datetime
import socket
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from institutions.desk import desk_items
from members.models import ChangeRequest, Member
from members.proposals import accept
from pages.models import Feedback
from tests import factories, test_confirmation
from tests.test_confirmation import free_port, text_of, use_smtp

pytestmark = pytest.mark.django_db

# The SMTP server on loopback the confirmation tests start.
mailbox = test_confirmation.mailbox

OFFICE = "buero@kreis-herford.example"
WRONG = "Die Telefonnummer stimmt nicht mehr, Frau Muster ist jetzt unter 05732 999 erreichbar."


@pytest.fixture(autouse=True)
def fresh_rate_limit():
    """Each test is a new client to the rate limit."""
    for name in ("default", "local"):
        caches[name].clear()


@pytest.fixture
def loehne(django_user_model):
    """The Stadt Löhne with its Redaktion: two partner editors, one without an e-mail."""
    office = factories.institution("Stadt Löhne", slug="stadt-loehne")
    office.partner_editors.add(
        django_user_model.objects.create_user("redaktion", email="redaktion@loehne.example"),
        django_user_model.objects.create_user("ohne-mail", email=""),
    )
    return office


@pytest.fixture
def erika(loehne):
    return factories.member(
        "Erika", "Muster", institution_obj=loehne, slug="erika-muster", phone="05732 100-200"
    )


def report_url(entry, language="de"):
    route = "members:report-member" if isinstance(entry, Member) else "members:report-institution"
    with translation.override(language):
        return reverse(route, args=[entry.slug])


def report(client, entry, message=WRONG, **fields):
    return client.post(report_url(entry), {"message": message, **fields})


def test_every_person_and_institution_page_links_to_its_report_form(client, erika, loehne):
    for entry in (erika, loehne):
        page = client.get(entry.get_absolute_url())
        assert f'href="{report_url(entry)}">Angabe falsch? Hier melden</a>' in page.text
        # The detail page is cached: it carries no form and no CSRF token.
        assert "csrfmiddlewaretoken" not in page.text


def test_the_form_names_the_entry_and_is_kept_by_no_cache(client, erika):
    response = client.get(report_url(erika))
    assert response.status_code == 200
    assert "Erika Muster" in response.text and 'maxlength="2000"' in response.text
    assert "csrfmiddlewaretoken" in response.text and "<script" not in response.text
    assert "no-store" in response["Cache-Control"]


def test_a_report_reaches_the_queue_and_the_redaktion_and_the_office(client, mailbox, erika):
    response = report(client, erika, sender_email="leser@example.org")

    assert response.status_code == 302
    queued = ChangeRequest.objects.get()
    assert queued.source == ChangeRequest.Source.READER
    assert queued.status == ChangeRequest.Status.OPEN
    assert queued.target == erika and queued.institution == erika.institution
    assert queued.message == WRONG and queued.sender_email == "leser@example.org"
    assert queued.proposed == {}

    [mail] = mailbox.messages
    assert sorted(mail["To"].addresses[i].addr_spec for i in range(2)) == sorted(
        ["redaktion@loehne.example", OFFICE]
    )
    assert WRONG in text_of(mail) and "leser@example.org" in text_of(mail)
    assert f"/verwaltung/members/changerequest/{queued.pk}/change/" in text_of(mail)


def test_a_report_on_an_institution_goes_to_its_own_redaktion(client, mailbox, loehne):
    report(client, loehne)
    assert ChangeRequest.objects.get().target == loehne
    assert len(mailbox.to("redaktion@loehne.example")) == 1 and len(mailbox.to(OFFICE)) == 1


def test_the_reader_is_thanked_in_their_language_after_a_redirect(client, mailbox, erika):
    response = client.post(report_url(erika, "ar"), {"message": WRONG}, follow=True)
    assert response.redirect_chain == [(report_url(erika, "ar") + "?gesendet=1", 302)]
    assert 'lang="ar"' in response.text and "شكرًا لكم. لقد وصلنا بلاغكم." in response.text
    assert "csrfmiddlewaretoken" not in response.text  # no second report by reloading


def test_only_what_the_reader_typed_is_stored(client, mailbox, erika):
    report(client, erika, REMOTE_ADDR="203.0.113.7")
    queued = ChangeRequest.objects.get()
    assert queued.sender_email == ""
    stored = [str(getattr(queued, f.attname)) for f in ChangeRequest._meta.concrete_fields]
    assert not any("203.0.113.7" in value for value in stored)


def test_a_report_changes_nothing_public_until_the_office_acts(client, mailbox, erika):
    report(client, erika)
    page = client.get(erika.get_absolute_url())
    assert "05732 999" not in page.text and "Telefonnummer stimmt nicht" not in page.text
    assert erika.phones.get().display in page.text  # the number as it was


def test_accepting_a_report_only_marks_it_done(client, mailbox, erika, coordinator):
    report(client, erika)
    queued = ChangeRequest.objects.get()
    before = Member.objects.filter(pk=erika.pk).values().get()

    accept(queued, coordinator)

    queued.refresh_from_db()
    assert queued.status == ChangeRequest.Status.ACCEPTED and queued.decided_by == coordinator
    assert Member.objects.filter(pk=erika.pk).values().get() == before
    assert not Version.objects.get_for_object(erika).exists()  # not even saved again


def test_the_admin_shows_the_report_and_offers_done_instead_of_applying(
    client, mailbox, erika, coordinator_client
):
    report(client, erika)
    queued = ChangeRequest.objects.get()
    page = coordinator_client.get(reverse("admin:members_changerequest_change", args=[queued.pk]))
    assert page.status_code == 200
    assert WRONG in page.text and '<option value="accept">erledigt</option>' in page.text

    changed = coordinator_client.post(
        reverse("admin:members_changerequest_change", args=[queued.pk]),
        {"decision": "accept", "decision_note": ""},
    )
    assert changed.status_code == 302
    queued.refresh_from_db()
    assert queued.status == ChangeRequest.Status.ACCEPTED


def test_a_refusing_mail_server_loses_no_report_and_shows_no_error(
    client, settings, mailbox, erika
):
    use_smtp(settings, free_port())  # nothing listens there
    response = report(client, erika)
    assert response.status_code == 302
    assert ChangeRequest.objects.get().message == WRONG


def test_a_mail_server_that_does_not_answer_keeps_the_report_and_no_page_hangs(
    client, settings, erika
):
    with socket.socket() as silent:  # takes the connection, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        use_smtp(settings, silent.getsockname()[1], timeout=1)
        started = time.monotonic()
        response = report(client, erika)
        assert time.monotonic() - started < 3
    assert response.status_code == 302
    assert ChangeRequest.objects.get().message == WRONG


def test_a_report_needs_a_message_of_at_most_2000_characters(client, mailbox, erika):
    assert report(client, erika, message="").status_code == 400
    response = report(client, erika, message="x" * 100_000)
    assert response.status_code == 400
    assert "höchstens 2000 Zeichen" in response.text
    assert not ChangeRequest.objects.exists() and mailbox.messages == []


def test_a_nul_byte_is_refused_and_nothing_stored(client, mailbox, erika):
    assert report(client, erika, message="Falsch\x00").status_code == 400
    assert client.get(report_url(erika) + "?gesendet=%00").status_code == 400
    assert not ChangeRequest.objects.exists() and mailbox.messages == []


def test_a_filled_honeypot_stores_nothing(client, mailbox, erika):
    assert report(client, erika, website="https://spam.example").status_code == 400
    assert not ChangeRequest.objects.exists()


def test_twenty_reports_in_a_minute_from_one_client_stop_after_five(client, mailbox, erika):
    answers = [report(client, erika, message=f"Fehler {n}").status_code for n in range(20)]
    assert answers == [302] * 5 + [429] * 15
    assert ChangeRequest.objects.count() == 5
    refused = report(client, erika)
    assert "später noch einmal" in refused.text


def test_a_report_without_a_csrf_token_is_forbidden(erika):
    strict = Client(enforce_csrf_checks=True)
    assert report(strict, erika).status_code == 403

    strict.get(report_url(erika))
    token = strict.cookies[settings.CSRF_COOKIE_NAME].value
    assert report(strict, erika, csrfmiddlewaretoken=token).status_code == 302
    assert ChangeRequest.objects.count() == 1


def test_an_unknown_or_hidden_entry_cannot_be_reported(client, erika, loehne):
    assert client.get(reverse("members:report-member", args=["niemand"])).status_code == 404
    hidden = factories.member("Peter", "Verborgen", institution_obj=loehne, is_public=False)
    assert client.get(report_url(hidden)).status_code == 404
    assert report(client, hidden).status_code == 404
    unlisted = factories.institution("Intern", is_public=False)
    assert client.get(report_url(unlisted)).status_code == 404
    assert not ChangeRequest.objects.exists()


def test_reports_are_deleted_with_the_feedback_after_a_year(client, mailbox, erika):
    report(client, erika, message="alt")
    report(client, erika, message="neu")
    Feedback.objects.create(message="alte Rückmeldung")
    year_ago = timezone.now() - datetime.timedelta(days=366)
    ChangeRequest.objects.filter(message="alt").update(created_at=year_ago)
    Feedback.objects.update(created_at=year_ago)
    proposal = ChangeRequest(source=ChangeRequest.Source.LINK, proposed={"function": "x"})
    proposal.target = erika
    proposal.save()
    ChangeRequest.objects.filter(pk=proposal.pk).update(created_at=year_ago)

    call_command("purge_expired_data", verbosity=0)

    remaining = ChangeRequest.objects.all()
    assert sorted(r.message for r in remaining) == ["", "neu"]  # the proposal stays
    assert not Feedback.objects.exists()


def test_the_desk_counts_open_reports_apart_from_proposals(
    client, mailbox, erika, coordinator_client
):
    report(client, erika)
    proposal = ChangeRequest(source=ChangeRequest.Source.LINK, proposed={"function": "x"})
    proposal.target = erika
    proposal.save()
    items = {item.key: item for item in desk_items()}

    for key in ("hinweise_offen", "aenderungen_offen"):
        assert items[key].count() == 1
        changelist = coordinator_client.get(items[key].url())
        assert changelist.status_code == 200
        assert changelist.context["cl"].result_count == 1
    assert "Hinweise von Lesenden: offen" in coordinator_client.get(reverse("admin:index")).text


def test_a_rejected_report_is_answered_as_a_report(client, mailbox, erika, coordinator_client):
    report(client, erika, sender_email="leserin@example.org")
    queued = ChangeRequest.objects.get()
    coordinator_client.post(
        reverse("admin:members_changerequest_change", args=[queued.pk]),
        {"decision": "reject", "decision_note": "Die Nummer stimmt noch."},
    )
    [answer] = mailbox.to("leserin@example.org")
    assert answer["Subject"] == "widunetz: Ihr Hinweis / Your report"
    assert "vielen Dank für Ihren Hinweis" in text_of(answer)
    assert "Änderungsvorschlag" not in text_of(answer)
    assert "Die Nummer stimmt noch." in text_of(answer)
