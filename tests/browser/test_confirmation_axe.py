"""axe-core on the personal confirmation page (the entry, "Alles ist richtig", the
proposal form, the withdrawal), on its answer and on the page for a bad link, in
German, English and Arabic, wide and narrow; and the whole way once in Chromium: the
link from the mail, a proposed phone number, the thanks."""

import pytest

from tests.browser.support import require_browser

require_browser()

from members.models import ChangeRequest, ConfirmationRequest, Member  # noqa: E402
from tests import factories  # noqa: E402
from tests.browser.support import NARROW, describe_violations, run_axe, screenshot  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def link(site):
    """The path of Erika Muster's personal link (published on her consent)."""
    from django.core.management import call_command

    person = factories.member(
        "Erika",
        "Muster",
        function="Integrationsbeauftragte",
        phone="05732 100-200",
        email="erika.muster@loehne.example",
        publication_basis=Member.Basis.CONSENT,
        consent_date="2026-01-15",
    )
    call_command("send_confirmation_requests", verbosity=0)
    request = ConfirmationRequest.objects.for_target(person).get()
    return request.link().split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"], ids=["german", "english", "arabic"])
def test_the_confirmation_pages_have_no_axe_violations(site, axe_summary, link, prefix):
    problems = []
    paths = [f"{prefix}/{link}", f"{prefix}/bestaetigen/verfaelscht/"]
    for width in (1280, NARROW):
        site.page.set_viewport_size({"width": width, "height": 800})
        for path in paths:
            site.open(path)
            violations = run_axe(site.page, axe_summary, path)
            if violations:
                problems.append(describe_violations(path, width, violations))
            scroll_width = site.page.evaluate("document.documentElement.scrollWidth")
            if width == NARROW and scroll_width > NARROW:
                problems.append(f"{path} scrolls sideways at {NARROW}px ({scroll_width}px wide)")
    assert not problems, "\n\n".join(problems)


def test_a_person_proposes_a_new_number_through_the_link_on_a_phone(site, axe_summary, link):
    page = site.page
    page.set_viewport_size({"width": NARROW, "height": 740})
    site.open(f"/{link}")
    form = page.locator("form.change-form")
    form.locator("input[name^='phone'][value*='100']").first.fill("05732 100-300")
    form.get_by_role("button", name="Änderung vorschlagen").click()
    assert page.locator("h1").count() == 1
    violations = run_axe(page, axe_summary, "answer")
    assert not violations, describe_violations("answer", NARROW, violations)
    screenshot(page, "bestaetigen-vorschlag")
    proposal = ChangeRequest.objects.get()
    assert proposal.status == ChangeRequest.Status.OPEN
    assert "+49573210030" in str(proposal.proposed)
    assert Member.objects.get(last_name="Muster").phones.get().number == "+495732100200"
