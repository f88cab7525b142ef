"""Fixtures of the browser tests: pytest-playwright on the system Chromium, the live server."""

import pytest
from django.test import override_settings

from tests.browser.support import (
    CHROMIUM,
    CHROMIUM_ARGS,
    TIMEOUT_MS,
    Site,
    status_without_redirects,
)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options, pointed at the system Chromium."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "de-DE"}


@pytest.fixture(scope="session")
def _plain_http_while_live_server_starts():
    """Turn the HTTPS redirect off until the live server has built its handler.

    Production settings redirect HTTP to HTTPS, and SecurityMiddleware reads that setting
    once, when the live server builds its handler; conftest's per-test override comes too
    late for it. Returns the function that restores the setting.
    """
    override = override_settings(SECURE_SSL_REDIRECT=False)
    override.enable()
    enabled = True

    def restore():
        nonlocal enabled
        if enabled:
            override.disable()
            enabled = False

    yield restore
    restore()


@pytest.fixture(scope="session")
def live_server(_plain_http_while_live_server_starts, live_server):
    """pytest-django's live server, started without the HTTPS redirect."""
    _plain_http_while_live_server_starts()
    return live_server


@pytest.fixture(scope="session")
def base_url(live_server):
    """Relative URLs in page.goto() go to the live server. Defining it here also replaces
    pytest-playwright's fallback fixture, which pytest 9.2 warns about."""
    return live_server.url


@pytest.fixture
def site(live_server, brochure, page):
    """A browser tab on the live server, with the brochure data loaded for this test."""
    status, location = status_without_redirects(live_server.url, "/healthz")
    if status != 200:
        pytest.fail(
            f"the live server answers /healthz with {status} {location or ''}: it was started "
            "before this module could turn SECURE_SSL_REDIRECT off (another module used "
            "live_server first?)",
            pytrace=False,
        )
    page.set_default_timeout(TIMEOUT_MS)
    page.set_default_navigation_timeout(TIMEOUT_MS)
    return Site(live_server.url, page)


@pytest.fixture(scope="module")
def axe_summary(request):
    """Collects every axe run and writes one summary to the terminal after the module."""
    runs = []
    yield runs
    if not runs:
        return
    lines = ["", "axe-core (WCAG 2.1 A/AA) summary:"]
    for run in runs:
        rules = ", ".join(
            f"{v['id']} ({v['impact']}, {len(v['nodes'])})" for v in run["violations"]
        )
        lines.append(
            f"  {run['path']:<48} {run['width']:>5}px  "
            f"{len(run['violations'])} violation(s){': ' + rules if rules else ''}"
        )
    total = sum(len(run["violations"]) for run in runs)
    lines.append(f"  {len(runs)} page(s) checked, {total} violation(s) in total")
    capture = request.config.pluginmanager.getplugin("capturemanager")
    reporter = request.config.pluginmanager.getplugin("terminalreporter")
    if reporter is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            for line in lines:
                reporter.write_line(line)
    else:  # pragma: no cover - terminal reporter disabled
        print("\n".join(lines))
