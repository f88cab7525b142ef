"""axe-core on the answer of "Wer ist für mich zuständig?" with an outreach hour, a phone
and a counsellor, in German, English and Arabic (right to left)."""

import pytest

from tests.browser.support import require_browser

require_browser()

from institutions.models import Service  # noqa: E402
from tests import factories  # noqa: E402
from tests.browser.support import NARROW, describe_violations, run_axe  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

QUERY = "?gemeinde=loehne&alter=20&thema=jmd"


@pytest.fixture
def jmd_with_outreach(site):
    jmd = factories.institution(
        "Jugendmigrationsdienst Test", county_wide=True, phone="05221 5998-0", slug="jmd-test"
    )
    jmd.services.add(Service.objects.get(slug="jmd"))
    town_hall = factories.location(jmd, "loehne", name="Rathaus Löhne")
    factories.hour(
        jmd, weekday=1, week_of_month=1, starts="14:00", ends="16:00", location=town_hall
    )
    factories.hour(jmd, weekday=3, starts="09:00", ends="12:00", location=town_hall)
    factories.member("Amira", "Haddad", institution_obj=jmd, function="Beraterin")
    return jmd


@pytest.mark.parametrize("prefix", ["", "/en", "/ar"], ids=["german", "english", "arabic"])
def test_the_answer_has_no_axe_violations(site, axe_summary, jmd_with_outreach, prefix):
    problems = []
    for width, query in ((1280, QUERY), (NARROW, QUERY), (1280, "?gemeinde=x&alter=abc")):
        site.page.set_viewport_size({"width": width, "height": 800})
        path = f"{prefix}/zustaendig/{query}"
        response = site.open(path)
        assert response.status == 200
        if query == QUERY:
            assert "Jugendmigrationsdienst Test" in site.page.content()
        violations = run_axe(site.page, axe_summary, path)
        if violations:
            problems.append(describe_violations(path, width, violations))
        scroll_width = site.page.evaluate("document.documentElement.scrollWidth")
        if width == NARROW and scroll_width > NARROW:
            problems.append(f"{path} scrolls sideways at {NARROW}px ({scroll_width}px wide)")
    assert not problems, "\n\n".join(problems)
