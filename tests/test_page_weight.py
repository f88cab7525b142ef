"""A page light enough for a cheap phone on a slow connection, and static files cached for good."""

import gzip
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from tests import catalogue

pytestmark = pytest.mark.django_db


def test_members_page_with_its_stylesheet_stays_under_30_kb_compressed(client, brochure):
    html = client.get("/mitglieder/").content
    css = Path(finders.find("css/widunetz.css")).read_bytes()
    compressed = len(gzip.compress(html, 9)) + len(gzip.compress(css, 9))
    assert compressed < 30 * 1024, f"{compressed} bytes"


JSON_LD = '<script type="application/ld+json">'


def test_no_page_needs_javascript(client, brochure):
    """No script at all; a JSON-LD data block (members/templatetags/jsonld.py) is data,
    which browsers never run."""
    for page in catalogue.pages(html=True):
        for language in ["de", "ar"]:
            html = client.get(page.url(language=language)).text
            assert "<script" not in html.replace(JSON_LD, ""), page


HASHED_STATIC_SCRIPT = """
import django
django.setup()
from django.templatetags.static import static
from django.test import Client
url = static("css/widunetz.css")
response = Client().get(url, HTTP_ACCEPT_ENCODING="gzip, br", secure=True)
print(url)
print(response.status_code)
print(response.get("Cache-Control", ""))
print(response.get("Content-Encoding", ""))
"""


def test_hashed_static_files_are_immutable_and_compressed():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "widunetz.settings",
    }
    run = {
        "cwd": settings.BASE_DIR,
        "env": env,
        "capture_output": True,
        "text": True,
        "timeout": 120,
    }
    collect = subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"], **run)
    assert collect.returncode == 0, collect.stderr
    result = subprocess.run([sys.executable, "-c", HASHED_STATIC_SCRIPT], **run)
    assert result.returncode == 0, result.stderr
    url, status, cache_control, encoding = result.stdout.strip().splitlines()
    assert (
        url.startswith("/static/css/widunetz.")
        and url.endswith(".css")
        and url != "/static/css/widunetz.css"
    )
    assert status == "200"
    assert "immutable" in cache_control and "max-age=315360000" in cache_control
    try:
        import brotli  # noqa: F401
    except ImportError:
        assert encoding == "gzip"
    else:
        assert encoding == "br"
