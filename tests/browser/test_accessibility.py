"""axe-core (WCAG 2.1 A/AA) on every page, and forms that announce their errors.

The summary of every axe run is written to the terminal after the module, so CI logs show it.
"""

import re

import pytest

from tests import catalogue
from tests.browser.support import require_browser

require_browser()

from playwright.sync_api import expect  # noqa: E402

from tests.browser.support import (  # noqa: E402
    NARROW,
    describe_violations,
    run_axe,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


# Every page in each of its states, and the "not found" page.
AXE_PAGES = [url for page in catalogue.pages(html=True) for url in page.urls()]
AXE_PAGES += [catalogue.NOT_FOUND]
NARROW_PAGES = ["/", "/mitglieder/", "/gemeinden/loehne/?thema=fluechtlingsberatung"]


def check_page(site, summary, path, width):
    """Open ``path`` at ``width`` px and run axe; the problems found, as text."""
    page = site.page
    page.set_viewport_size({"width": width, "height": 800})
    response = site.open(path)
    problems = []
    expected_status = 404 if path.endswith(catalogue.NOT_FOUND) else 200
    if response.status != expected_status:
        problems.append(f"{path} answered {response.status}")
    if page.get_by_role("heading", level=1).count() != 1:
        problems.append(f"{path} has not exactly one h1")
    if path.endswith("/mitglieder/?gemeinde=nirgendwo") and not page.get_by_role("alert").count():
        problems.append(f"{path} shows no alert for the unknown municipality")
    violations = run_axe(page, summary, path)
    if violations:
        problems.append(describe_violations(path, width, violations))
    if width == NARROW:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > NARROW:
            problems.append(f"{path} scrolls sideways at {NARROW}px ({scroll_width}px wide)")
    return problems


# One test per language looping over the pages: a test per page would reload the
# data and empty the database some seventy times, minutes on PostgreSQL.
@pytest.mark.parametrize("prefix", ["", "/en", "/ar"], ids=["german", "english", "arabic"])
def test_every_page_has_no_axe_violations(site, axe_summary, prefix):
    problems = []
    for path in AXE_PAGES:
        problems += check_page(site, axe_summary, prefix + path, 1280)
    for path in NARROW_PAGES:
        problems += check_page(site, axe_summary, prefix + path, NARROW)
    assert not problems, "\n\n".join(problems)


def test_feedback_form_is_usable_and_stored(site, axe_summary):
    from django.core.cache import cache

    from pages.models import Feedback

    cache.clear()  # the form's rate limit counts per address in the shared cache
    page = site.page
    site.open("/barrierefreiheit/")
    form = page.get_by_role("region", name="Barriere melden")

    # Sending it empty explains what is missing, next to the field.
    form.get_by_role("button", name="Nachricht senden").click()
    expect(page.get_by_role("alert")).to_contain_text("Die Nachricht wurde nicht gesendet.")
    message = form.get_by_label("Ihre Nachricht (Pflichtfeld)")
    expect(message).to_have_attribute("aria-invalid", "true")
    assert Feedback.objects.count() == 0
    violations = run_axe(page, axe_summary, "/barrierefreiheit/ (form errors)")
    assert not violations, describe_violations("/barrierefreiheit/ (form errors)", 1280, violations)

    form.get_by_label("Ihre Nachricht (Pflichtfeld)").fill(
        "Die Tabelle auf der Seite Chronik ist mit dem Screenreader schwer zu lesen."
    )
    form.get_by_role("button", name="Nachricht senden").click()

    expect(page).to_have_url(re.compile(r"/barrierefreiheit/\?gesendet=1#rueckmeldung$"))
    success = page.get_by_role("status").filter(has_text="Vielen Dank")
    expect(success).to_be_visible()
    expect(success).to_contain_text("Ihre Nachricht ist angekommen")
    violations = run_axe(page, axe_summary, "/barrierefreiheit/?gesendet=1")
    assert not violations, describe_violations("/barrierefreiheit/?gesendet=1", 1280, violations)
    assert Feedback.objects.count() == 1
    feedback = Feedback.objects.get()
    assert feedback.message.startswith("Die Tabelle auf der Seite Chronik")
    assert (feedback.name, feedback.email, feedback.page_url) == ("", "", "")


FORM_ERROR_STATES = [
    pytest.param("/mitglieder/?gemeinde=nirgendwo", None, id="members-filter"),
    pytest.param("/barrierefreiheit/", "Nachricht senden", id="feedback-form"),
]


@pytest.mark.parametrize(("path", "submit"), FORM_ERROR_STATES)
def test_form_errors_are_announced_with_their_field(site, path, submit):
    """Each invalid field's aria-describedby points at its error text (Django's
    '<auto_id>_error' id), so a screen reader reads the error with the field."""
    page = site.page
    site.open(path)
    if submit:
        page.get_by_role("button", name=submit).click()
    expect(page.locator("[aria-invalid=true]").first).to_be_attached()

    fields = page.evaluate(
        """() => [...document.querySelectorAll('[aria-invalid=true]')].map(el => {
            const ids = (el.getAttribute('aria-describedby') || '').split(/\\s+/).filter(Boolean);
            return {
                field: el.id,
                describedby: ids,
                missing: ids.filter(id => !document.getElementById(id)),
                description: ids.map(id => document.getElementById(id)?.textContent.trim())
                    .filter(Boolean).join(' '),
            };
        })"""
    )
    not_announced = [f for f in fields if f["missing"] or not f["description"]]
    assert not not_announced, f"error text not linked to its field on {path}: {not_announced}"
