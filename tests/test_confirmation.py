"""People and institutions confirm their entries through a personal link mailed to them.

The mails go through a real SMTP server on loopback (aiosmtpd, started here); the
tests read them from it, take the link out and follow it as the recipient would.
"""

import datetime
import email
import email.policy
import re
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone

from members.models import ChangeRequest, ConfirmationRequest, Member
from tests import factories

pytestmark = pytest.mark.django_db


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """What the server received, as parsed messages."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 OK"

    def to(self, address):
        return [m for m in self.messages if address in m["To"]]


def use_smtp(settings, port, timeout=5):
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


@pytest.fixture
def mailbox(settings):
    """A real SMTP server on loopback that Django sends to."""
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    use_smtp(settings, controller.port)
    box.port = controller.port
    settings.WIDUNETZ_SITE_URL = "https://widunetz.example"
    settings.WIDUNETZ_OFFICE_EMAIL = "buero@kreis-herford.example"
    yield box
    controller.stop()


def text_of(message):
    return message.get_body(("plain",)).get_content()


def html_of(message):
    return message.get_body(("html",)).get_content()


def link_path(message):
    """The link in the mail, as a path for the test client."""
    return re.search(r"https://widunetz\.example(/\S+/)", text_of(message)).group(1)


def person(**fields):
    fields.setdefault("email", "erika.muster@loehne.example")
    return factories.member(
        "Erika", "Muster", function="Integrationsbeauftragte", phone="05732 100-200", **fields
    )


def request_for(target):
    """Send requests as the timer does; ``target``'s ConfirmationRequest."""
    call_command("send_confirmation_requests")
    return ConfirmationRequest.objects.for_target(target).get()


def mailed_link(mailbox):
    """Send requests as the timer does; the path of the link in the (only) mail."""
    call_command("send_confirmation_requests")
    [message] = mailbox.messages
    return link_path(message)


def no_session_cookie(client, response):
    from django.conf import settings

    return settings.SESSION_COOKIE_NAME not in response.cookies and (
        settings.SESSION_COOKIE_NAME not in client.cookies
    )


def test_the_mail_shows_the_public_entry_in_german_and_english_with_the_link(mailbox):
    erika = person()
    call_command("send_confirmation_requests")
    [message] = mailbox.to("erika.muster@loehne.example")
    text = text_of(message)
    assert "Guten Tag" in text and "Please check your entry" in text
    assert "Integrationsbeauftragte" in text and "05732 100200" in text
    assert "https://widunetz.example/bestaetigen/" in html_of(message)
    request = ConfirmationRequest.objects.get(member=erika)
    assert request.sent_at and request.email == erika.email and not request.send_error


def test_all_is_right_sets_the_date_and_records_the_request_without_logging_in(client, mailbox):
    erika = person()
    path = mailed_link(mailbox)

    page = client.get(path)
    assert page.status_code == 200
    assert "Erika Muster" in page.text and "Alles ist richtig" in page.text
    response = client.post(path, {"choice": "confirm"})

    assert response.status_code == 200
    erika.refresh_from_db()
    assert erika.verified_on == timezone.localdate()
    request = ConfirmationRequest.objects.get(member=erika)
    assert request.used and request.answer == "bestaetigt" and request.answered_at
    assert no_session_cookie(client, response) and no_session_cookie(client, page)
    assert "_auth_user_id" not in client.session


def test_an_institution_confirms_through_its_own_link(client, mailbox):
    office = factories.institution("Stadt Löhne", email="integration@loehne.example")
    call_command("send_confirmation_requests")
    [message] = mailbox.to("integration@loehne.example")
    assert "Stadt Löhne" in text_of(message)
    client.post(link_path(message), {"choice": "confirm"})
    office.refresh_from_db()
    assert office.verified_on == timezone.localdate()


def test_the_link_works_in_every_language(client, mailbox):
    person()
    path = mailed_link(mailbox)
    english = client.get("/en" + path)
    assert english.status_code == 200 and 'lang="en"' in english.text
    arabic = client.get("/ar" + path)
    assert arabic.status_code == 200 and 'dir="rtl"' in arabic.text


def test_a_link_is_used_once(client, mailbox):
    person()
    path = mailed_link(mailbox)
    client.post(path, {"choice": "confirm"})
    again = client.get(path)
    assert again.status_code == 410
    assert "bereits verwendet" in again.text
    assert client.post(path, {"choice": "confirm"}).status_code == 410


def test_something_changed_creates_a_change_request_and_changes_nothing_public(client, mailbox):
    erika = person()
    path = mailed_link(mailbox)
    form = client.get(path).context["form"]
    assert form.fields["function"].initial == "Integrationsbeauftragte"
    assert form.phones.initial == [
        {"number": "05732 100200", "kind": "festnetz", "description": ""}
    ]

    response = client.post(path, proposal(function="Leitung Integration", phone="05732 999-100"))

    assert response.status_code == 200 and "Vorschlag" in response.text
    change = ChangeRequest.objects.get(member=erika)
    assert change.source == "link" and change.status == "offen"
    assert change.proposed["function"] == "Leitung Integration"
    assert change.proposed["phones"][0]["number"] == "+495732999100"
    assert change.previous["function"] == "Integrationsbeauftragte"
    assert change.sender_email == "erika.muster@loehne.example"
    # Nothing proposed is public before the office accepts it.
    erika.refresh_from_db()
    assert erika.function == "Integrationsbeauftragte"
    public = client.get(erika.get_absolute_url()).text
    assert "Leitung Integration" not in public and "05732 999100" not in public
    assert "05732 100200" in public
    assert ConfirmationRequest.objects.get(member=erika).answer == "aenderungen"


def proposal(function="Integrationsbeauftragte", phone="05732 100-200", **extra):
    return {
        "choice": "change",
        "function": function,
        "email": "erika.muster@loehne.example",
        "phones-TOTAL_FORMS": "1",
        "phones-INITIAL_FORMS": "0",
        "phones-0-number": phone,
        "phones-0-kind": "festnetz",
        "phones-0-description": "",
        "hours-TOTAL_FORMS": "0",
        "hours-INITIAL_FORMS": "0",
        **extra,
    }


@pytest.mark.parametrize("number", ["12", "05732 1", "nicht erreichbar", "+49 0000 0000"])
def test_a_malformed_phone_is_refused_with_the_admins_message(client, mailbox, number):
    erika = person()
    path = mailed_link(mailbox)
    response = client.post(path, proposal(phone=number))
    assert response.status_code == 400
    assert "keine gültige Telefonnummer" in response.text
    assert not ChangeRequest.objects.exists()
    assert not ConfirmationRequest.objects.get(member=erika).used


def test_a_proposal_that_changes_nothing_only_answers(client, mailbox):
    person()
    path = mailed_link(mailbox)
    client.post(path, proposal())
    assert not ChangeRequest.objects.exists()


PUBLIC_PLACES = [
    "/mitglieder/",
    "/en/mitglieder/",
    "/suche/?q=Muster",
    "/mitglieder/export.csv",
    "/mitglieder/export.vcf",
    "/sitemap.xml",
]


def shows_erika(client, url):
    response = client.get(url)
    if response.status_code == 404:
        return False
    body = response.content.decode()
    return "erika-muster" in body or "Integrationsbeauftragte" in body


def test_withdrawing_consent_takes_the_person_off_every_public_page(
    client, mailbox, django_capture_on_commit_callbacks
):
    erika = person(publication_basis=Member.Basis.CONSENT, consent_date=datetime.date(2025, 1, 2))
    path = mailed_link(mailbox)
    assert [url for url in PUBLIC_PLACES if not shows_erika(client, url)] == []
    assert "Einwilligung widerrufen" in client.get(path).text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path, {"choice": "withdraw"})

    assert response.status_code == 200
    erika.refresh_from_db()
    assert not erika.is_public and not erika.listed
    assert client.get(erika.get_absolute_url()).status_code == 404
    assert [url for url in PUBLIC_PLACES if shows_erika(client, url)] == []
    assert ConfirmationRequest.objects.get(member=erika).answer == "widerrufen"
    [notice] = mailbox.to("buero@kreis-herford.example")
    assert "Erika Muster" in text_of(notice) and "widerrufen" in notice["Subject"]


def test_a_person_listed_for_their_office_cannot_withdraw(client, mailbox):
    erika = person()
    path = mailed_link(mailbox)
    assert "Einwilligung widerrufen" not in client.get(path).text
    client.post(path, {"choice": "withdraw"})
    erika.refresh_from_db()
    assert erika.is_public


def test_the_confirm_form_is_protected_against_cross_site_posts(mailbox):
    from django.conf import settings
    from django.test import Client

    erika = person()
    path = mailed_link(mailbox)
    browser = Client(enforce_csrf_checks=True)
    assert browser.post(path, {"choice": "confirm"}).status_code == 403

    page = browser.get(path)
    token = browser.cookies[settings.CSRF_COOKIE_NAME].value
    response = browser.post(path, {"choice": "confirm", "csrfmiddlewaretoken": token})

    assert response.status_code == 200
    erika.refresh_from_db()
    assert erika.verified_on == timezone.localdate()
    assert no_session_cookie(browser, page) and no_session_cookie(browser, response)


def test_the_personal_page_is_kept_by_no_cache(client, mailbox):
    person()
    response = client.get(mailed_link(mailbox))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_a_withdrawal_shows_at_once_on_pages_the_cache_holds(client, mailbox, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    erika = person(publication_basis=Member.Basis.CONSENT, consent_date=datetime.date(2025, 1, 2))
    path = mailed_link(mailbox)
    cached_urls = ["/mitglieder/", erika.get_absolute_url(), erika.institution.get_absolute_url()]
    for url in cached_urls:
        assert shows_erika(client, url) and shows_erika(client, url), url  # now in the cache

    client.post(path, {"choice": "withdraw"})

    assert [url for url in cached_urls if shows_erika(client, url)] == []
