"""What the browser tests share: the system Chromium, axe-core, and helpers for the page.

The tests run against pytest-django's live server with the brochure data. They need
Debian's Chromium at /usr/bin/chromium (Playwright's own browsers are not
downloaded); without it each module is skipped, unless REQUIRE_BROWSER=1 (set in
CI) turns the missing browser into a failure.
"""

import http.client
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}
MAX_TAB_STOPS = 60
# The narrowest phone the pages are checked at.
NARROW = 320
# Playwright's default is 30 s; a local page that needs more than this is a failure.
TIMEOUT_MS = 10_000


def require_browser():
    """Skip the calling test module without Chromium or the browser packages (fail in CI)."""
    if not CHROMIUM.exists():
        _unavailable("Chromium not installed: apt-get install -y chromium")
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
        import pytest_playwright  # noqa: F401
    except ImportError as error:  # pragma: no cover - the dev extras are missing
        _unavailable(f"Browser test dependencies missing ({error.name}): pip install -e '.[dev]'")


def _unavailable(reason):
    if REQUIRE_BROWSER:
        pytest.fail(f"{reason} (REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


def status_without_redirects(base_url, path):
    """Status and Location of a request that does not follow redirects."""
    parts = urlsplit(base_url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection.close()


class Site:
    def __init__(self, base_url, page):
        self.base_url = base_url
        self.page = page

    def url(self, path):
        return self.base_url + path

    def open(self, path):
        response = self.page.goto(self.url(path))
        assert response is not None, path
        return response


def screenshot(page, name):
    """Kept for a person to look at when SCREENSHOT_DIR is set (never in git)."""
    if directory := os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=str(Path(directory) / f"{name}.png"), full_page=True)


def result_count(page):
    text = page.locator(".result-count").inner_text()
    match = re.search(r"\d+", text)
    assert match, f"no number in the result count {text!r}"
    return int(match.group())


def active_element(page):
    """A short description of the focused element, for the checks and for messages."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const isBody = !el || el === document.body || el === document.documentElement;
            const style = isBody ? null : getComputedStyle(el);
            return {
                tag: isBody ? 'body' : el.tagName.toLowerCase(),
                id: isBody ? '' : el.id,
                name: isBody ? null : el.getAttribute('name'),
                href: isBody ? null : el.getAttribute('href'),
                text: isBody ? '' : (el.innerText || el.value || '').trim().slice(0, 60),
                inHeaderNav: !isBody && !!el.closest('.site-nav'),
                focusVisible: !isBody && el.matches(':focus-visible'),
                outlineStyle: isBody ? 'none' : style.outlineStyle,
                outlineWidth: isBody ? 0 : parseFloat(style.outlineWidth) || 0,
                boxShadow: isBody ? 'none' : style.boxShadow,
            };
        }"""
    )


def describe(element):
    label = element["text"] or element["name"] or element["href"] or ""
    return f"{element['tag']}{'#' + element['id'] if element['id'] else ''}[{label!r}]"


def tab_until(page, predicate, key="Tab", limit=MAX_TAB_STOPS):
    """Press ``key`` until the focused element satisfies ``predicate``; fail after ``limit``.

    Every element passed on the way must show where the focus is.
    """
    visited = []
    for _ in range(limit):
        page.keyboard.press(key)
        element = active_element(page)
        visited.append(element)
        if element["tag"] != "body":
            assert has_visible_focus_indicator(element), (
                f"no visible focus indicator on {describe(element)} at {page.url}: {element}"
            )
        if predicate(element):
            return element
    trail = " → ".join(describe(e) for e in visited)
    pytest.fail(f"{key} never reached the element after {limit} presses: {trail}")


def has_visible_focus_indicator(element):
    outline = element["outlineStyle"] != "none" and element["outlineWidth"] > 0
    shadow = element["boxShadow"] not in ("none", "")
    return outline or shadow


def run_axe(page, summary, label, context=None):
    """axe-core's WCAG 2.1 A/AA rules on the current page; records and returns the violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, context=context, options=AXE_OPTIONS)
    violations = results.response["violations"]
    width = page.viewport_size["width"] if page.viewport_size else 0
    summary.append({"path": label, "width": width, "violations": violations})
    print(f"axe {label} @ {width}px: {len(violations)} violation(s)")
    return violations


def describe_violations(path, width, violations):
    lines = [f"axe found {len(violations)} WCAG violation(s) on {path} at {width}px:"]
    for violation in violations:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        more = len(violation["nodes"]) - len(targets)
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}"
            f"\n    nodes: {targets}{f' (+{more} more)' if more > 0 else ''}"
            f"\n    first: {violation['nodes'][0]['failureSummary']!r}"
            f"\n    {violation['helpUrl']}"
        )
    return "\n".join(lines)
