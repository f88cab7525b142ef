"""axe-core (WCAG 2.1 A/AA) on /daten/ in German, English and Arabic; and in Chromium, the
JSON-LD of an institution's page is read as data under the site's Content-Security-Policy,
which refuses any inline script."""

import pytest

from tests.browser.support import require_browser

require_browser()

from tests.browser.support import describe_violations, run_axe  # noqa: E402

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Collects the page's Content-Security-Policy violations from its first moment on.
WATCH_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(event.violatedDirective);
});
"""


def test_the_open_data_page_has_no_axe_violations(site, axe_summary):
    problems = []
    # One test for the three languages: each test of this module loads the brochure anew.
    pages = [(f"{prefix}/daten/", width) for prefix in ("", "/en", "/ar") for width in (1280, 320)]
    for path, width in pages:
        site.page.set_viewport_size({"width": width, "height": 800})
        response = site.open(path)
        if response.status != 200:
            problems.append(f"{path} answered {response.status}")
        violations = run_axe(site.page, axe_summary, path)
        if violations:
            problems.append(describe_violations(path, width, violations))
        if site.page.evaluate("document.documentElement.scrollWidth") > width:
            problems.append(f"{path} scrolls sideways at {width}px")
    assert not problems, "\n\n".join(problems)


def test_the_json_ld_is_data_the_policy_lets_through_while_it_stops_any_script(site):
    from institutions.models import Institution

    institution = Institution.objects.public().get(slug="stadt-loehne")
    site.page.add_init_script(WATCH_VIOLATIONS)
    response = site.open(institution.get_absolute_url())
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "unsafe-inline" not in policy

    data = site.page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert (data["@type"], data["name"]) == ("GovernmentOrganization", "Stadt Löhne")
    assert site.page.evaluate("window.cspViolations") == []

    # The watch works: an inline script put into the page is refused and reported.
    site.page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.ran = true";
          document.body.append(script);
        }"""
    )
    site.page.wait_for_function("window.cspViolations.length > 0")
    assert site.page.evaluate("window.ran") is None
