"""Pages full of contact data stay light: the synthetic network of `make demo` (every
contact field filled: places, phones, hours, outreach hours, closures) on the pages
with most of it, in German and in Arabic, each with its stylesheet under 30 KB
compressed."""

import gzip
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db.models import Count

from bench.network import generate
from institutions.models import Institution
from members.models import Member

pytestmark = pytest.mark.django_db

LIMIT = 30 * 1024


def heaviest(queryset):
    """The public record holding the most consultation hours."""
    return queryset.public().annotate(n=Count("hours")).order_by("-n", "pk").first()


def test_the_pages_with_most_contact_data_stay_under_30_kb_compressed(client, brochure):
    generate(people=300, institutions=40, seed=2026)
    css = len(gzip.compress(Path(finders.find("css/widunetz.css")).read_bytes(), 9))
    paths = [
        "/mitglieder/",
        "/institutionen/",
        "/gemeinden/loehne/",
        "/zustaendig/?gemeinde=loehne&alter=20&thema=jmd",
        heaviest(Institution.objects).get_absolute_url(),
        heaviest(Member.objects).get_absolute_url(),
    ]
    weights = {}
    for path in paths:
        for prefix in ("", "/ar"):
            response = client.get(prefix + path)
            assert response.status_code == 200, prefix + path
            weights[prefix + path] = len(gzip.compress(response.content, 9)) + css
    too_heavy = {path: size for path, size in weights.items() if size >= LIMIT}
    assert not too_heavy, f"over {LIMIT} bytes with the stylesheet: {too_heavy}"
