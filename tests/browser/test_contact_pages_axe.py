"""axe-core (WCAG 2.1 A/AA) on a person's page and an institution's page full of contact
data (hours, closures, places, phones with languages, who may come), in German, English
and Arabic: the brochure has no such data, so this test enters it."""

import datetime

import pytest

from tests.browser.support import require_browser

require_browser()

from tests.browser.support import describe_violations, run_axe  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def contact_data():
    from institutions.models import Closure, InstitutionStatus, Language
    from tests import factories

    office = factories.institution(
        "Jugendmigrationsdienst Löhne",
        serves=["loehne"],
        phone="05732 100-123",
        email="jmd@example.org",
        minimum_age=12,
        maximum_age=27,
        eligibility="Junge Zugewanderte",
        required_documents="Ausweis\nBescheide",
        booking_url="https://termine.example.org/",
        online_counselling=True,
        status=InstitutionStatus.CLOSED,
        closed_until=datetime.date.today() + datetime.timedelta(days=3),
        status_note="Umbau",
    )
    office.phones.first().languages.add(Language.objects.get(code="ar"))
    place = factories.location(
        office, name="Rathaus Löhne", step_free=True, lift=False, directions="Bus 410"
    )
    factories.hour(office, weekday=1, location=place, note="Bitte klingeln")
    factories.hour(office, weekday=1, week_of_month=1, starts="14:00", ends="16:00")
    today = datetime.date.today()
    Closure.objects.create(
        holder=office,
        starts=today + datetime.timedelta(days=20),
        ends=today + datetime.timedelta(days=25),
        reason="Urlaub",
    )
    person = factories.member(
        "Lina", "Haddad", institution_obj=office, function="Beraterin", phone="0170 1234567"
    )
    factories.hour(person, weekday=3, starts="10:00", ends="12:00", appointment_needed=True)
    return office, person


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"], ids=["german", "english", "arabic"])
def test_contact_pages_have_no_axe_violations(site, axe_summary, prefix):
    office, person = contact_data()
    problems = []
    for path in (office.get_absolute_url(), person.get_absolute_url()):
        for width in (1280, 320):
            site.page.set_viewport_size({"width": width, "height": 800})
            response = site.open(prefix + path)
            if response.status != 200:
                problems.append(f"{prefix}{path} answered {response.status}")
            violations = run_axe(site.page, axe_summary, prefix + path)
            if violations:
                problems.append(describe_violations(prefix + path, width, violations))
            scroll_width = site.page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                problems.append(f"{prefix}{path} scrolls sideways at {width}px")
    assert not problems, "\n\n".join(problems)
