"""The whole way of a confirmation, once in Chromium: the mail goes through a real SMTP
server on loopback (aiosmtpd, started by the test), the link is taken from the mail as
received and opened in the browser; "Alles ist richtig" sets today's date without a
session cookie (the form's CSRF cookie is the only one), and the same link opened again
says it was used."""

import re

import pytest

from tests.browser.support import require_browser

require_browser()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402
from playwright.sync_api import expect  # noqa: E402

from members.models import ConfirmationRequest  # noqa: E402
from tests import test_confirmation  # noqa: E402
from tests.test_confirmation import html_of, person, text_of  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

mailbox = test_confirmation.mailbox
SCREENSHOT = "/tmp/confirm_from_mail.png"  # for a person to look at, never in git


@pytest.fixture
def mail_to_the_live_server(settings, mailbox, live_server):
    """The SMTP server on loopback; the links in its mails point at the live server."""
    settings.WIDUNETZ_SITE_URL = live_server.url
    return mailbox


def link_in(message, site_url):
    """The link in the plain text of ``message``; the HTML part links to the same."""
    found = re.search(re.escape(site_url) + r"/bestaetigen/\S+/", text_of(message))
    assert found, f"no link to {site_url} in the mail:\n{text_of(message)}"
    assert f'href="{found.group()}"' in html_of(message)
    return found.group()


def cookie_names(page, site):
    """The names of the cookies the browser keeps for the site."""
    return {cookie["name"] for cookie in page.context.cookies(site.base_url)}


def test_erika_confirms_her_entry_from_the_mail_in_chromium(
    site, mail_to_the_live_server, settings
):
    erika = person()
    call_command("send_confirmation_requests", verbosity=0)
    [message] = mail_to_the_live_server.to("erika.muster@loehne.example")
    link = link_in(message, site.base_url)
    page = site.page

    assert page.goto(link).status == 200
    expect(page.locator("h1")).to_have_text("Ist Ihr Eintrag noch aktuell?")
    expect(page.locator("#entry-heading")).to_have_text("Erika Muster")
    expect(page.locator("main")).to_contain_text("Integrationsbeauftragte")
    page.get_by_role("button", name="Alles ist richtig").click()

    expect(page.locator("h1")).to_have_text("Vielen Dank")
    expect(page.locator("main")).to_contain_text("Sie haben bestätigt, dass Ihr Eintrag stimmt.")
    page.screenshot(path=SCREENSHOT, full_page=True)
    erika.refresh_from_db()
    assert erika.verified_on == timezone.localdate()
    request = ConfirmationRequest.objects.get(member=erika)
    assert request.used and request.answer == "bestaetigt" and request.answered_at
    assert cookie_names(page, site) == {settings.CSRF_COOKIE_NAME}  # no session cookie

    again = page.goto(link)
    assert again.request.method == "GET" and again.status == 410
    expect(page.locator("h1")).to_have_text("Dieser Link wurde bereits verwendet")
