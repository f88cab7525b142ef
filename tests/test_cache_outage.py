"""Redis going away slows the site down but never breaks it, and it comes back by itself.

A real redis-server of the test's own, on a free port, with the cache settings
production gets from REDIS_URL. Skipped where no redis-server is installed, unless
REQUIRE_REDIS=1 turns that into a failure.
"""

import os
import runpy
import shutil
import socket
import subprocess
import time
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member

# Where redis-server must be there (CI installs it), REQUIRE_REDIS=1 fails instead of skipping.
REQUIRE_REDIS = os.environ.get("REQUIRE_REDIS") == "1"
if not shutil.which("redis-server"):
    missing = "no redis-server binary: apt-get install -y redis-server"
    if REQUIRE_REDIS:
        pytest.fail(f"{missing} (REQUIRE_REDIS=1 makes this a failure)", pytrace=False)
    pytest.skip(missing, allow_module_level=True)

pytestmark = pytest.mark.django_db

MEMBERS = reverse("members:member-list")
FEEDBACK = reverse("pages:barrierefreiheit")


class RedisServer:
    def __init__(self, directory):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.directory = directory
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        # An append-only file, so what Redis held survives a restart, as it can in
        # production: stale pages could come back with it.
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
            + ["--appendonly", "yes", "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as s:
                    s.sendall(b"PING\r\n")
                    if s.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


def production_caches(redis_url):
    """CACHES exactly as widunetz/settings.py builds them when REDIS_URL is set."""
    with mock.patch.dict(os.environ, {"REDIS_URL": redis_url}):
        return runpy.run_path(str(django_settings.BASE_DIR / "widunetz" / "settings.py"))["CACHES"]


@pytest.fixture
def redis_server(tmp_path, settings):
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = production_caches(server.url)
    settings.PAGE_CACHE_SECONDS = 600
    caches["local"].clear()
    yield server
    server.stop()
    caches["local"].clear()


def queries_members(client, url, params=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return any("members_member" in q["sql"] for q in queries.captured_queries)


def test_the_site_works_without_redis_and_uses_it_again_when_it_returns(
    client, brochure, redis_server
):
    queries_members(client, MEMBERS)
    assert not queries_members(client, MEMBERS)  # from the cache
    assert client.get("/healthz").text == "ok\n"

    redis_server.stop()
    for url in ["/", MEMBERS, "/gemeinden/loehne/", "/suche/?q=Köhn", "/mitglieder/export.vcf"]:
        assert client.get(url).status_code == 200, url
    assert queries_members(client, MEMBERS)  # rendered afresh
    health = client.get("/healthz")
    assert (health.status_code, health.text) == (200, "degraded: cache unavailable\n")
    for n in range(5):
        assert client.post(FEEDBACK, {"message": f"Hinweis {n}"}).status_code == 302
    assert client.post(FEEDBACK, {"message": "Noch einer"}).status_code == 429

    redis_server.start()
    assert client.get("/healthz").text == "ok\n"
    queries_members(client, MEMBERS)
    assert not queries_members(client, MEMBERS)


def test_an_edit_made_while_redis_is_away_shows_when_it_returns(client, brochure, redis_server):
    assert "Integrationslotse" not in client.get(MEMBERS, {"q": "Köhn"}).text
    redis_server.stop()
    koehn = Member.objects.get(last_name="Köhn")
    koehn.function = "Integrationslotse"
    koehn.save()
    assert "Integrationslotse" in client.get(MEMBERS, {"q": "Köhn"}).text
    # Redis comes back with the page it held before the edit.
    redis_server.start()
    assert "Integrationslotse" in client.get(MEMBERS, {"q": "Köhn"}).text


def test_the_redis_cache_keeps_and_returns_values(redis_server):
    cache = caches["default"]
    cache.set("card", "<li>Köhn</li>", 60)
    cache.set_many({"a": 1, "b": [2, 3]}, 60)
    assert cache.get("card") == "<li>Köhn</li>"
    assert cache.get_many(["a", "b", "missing"]) == {"a": 1, "b": [2, 3]}
