"""axe-core on the Termine: /termine/ (with a filter and with a wrong one) and a working
group's page with its meetings, in German, English and Arabic (right to left), wide
and on a narrow phone."""

import datetime

import pytest

from tests.browser.support import require_browser

require_browser()

from django.utils import timezone  # noqa: E402

from institutions.models import Municipality  # noqa: E402
from members.models import WorkingGroup  # noqa: E402
from tests import factories  # noqa: E402
from tests.browser.support import NARROW, describe_violations, run_axe  # noqa: E402
from tests.event_factories import termin  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Wide: the list narrowed to a group, with a wrong choice, and the group's meetings;
# on a phone the whole list and the group's page. (The town page's calendar link
# is one more link in a list tests/browser/test_accessibility.py checks.)
WIDE = (
    "/termine/?arbeitskreis=projektgruppe",
    "/termine/?gemeinde=nirgendwo",
    "/arbeitskreise/projektgruppe/",
)
ON_A_PHONE = ("/termine/", "/arbeitskreise/projektgruppe/")


@pytest.fixture
def meetings(site):
    group = WorkingGroup.objects.get(slug="projektgruppe")
    kreis = factories.institution("Kreisverwaltung Test", county_wide=True, slug="kreis-test")
    hall = factories.location(kreis, "herford", name="Kreishaus")
    soon = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)
    for weeks in (2, 10, 20):
        termin(
            "Sitzung der Projektgruppe",
            soon + datetime.timedelta(weeks=weeks),
            group=group,
            location=hall,
            organiser=kreis,
            description="Tagesordnung folgt.",
        )
    termin(
        "Interkulturelle Woche: Fest",
        soon + datetime.timedelta(days=30),
        hours=30,
        municipality=Municipality.objects.get(slug="loehne"),
        place="Marktplatz",
    )


def test_the_termine_pages_have_no_axe_violations(site, axe_summary, meetings):
    """In German, English and Arabic; one test, so the brochure is loaded once."""
    problems = []
    for prefix in ("", "/en", "/ar"):
        for width, addresses in ((1280, WIDE), (NARROW, ON_A_PHONE)):
            site.page.set_viewport_size({"width": width, "height": 800})
            for address in addresses:
                problems += check(site, axe_summary, prefix + address, width)
    assert not problems, "\n\n".join(problems)


def check(site, axe_summary, path, width):
    problems = []
    response = site.open(path)
    assert response.status == 200, path
    if "nirgendwo" not in path:
        assert "Sitzung der Projektgruppe" in site.page.content()
    violations = run_axe(site.page, axe_summary, path)
    if violations:
        problems.append(describe_violations(path, width, violations))
    scroll_width = site.page.evaluate("document.documentElement.scrollWidth")
    if width == NARROW and scroll_width > NARROW:
        problems.append(f"{path} scrolls sideways at {NARROW}px ({scroll_width}px wide)")
    return problems
