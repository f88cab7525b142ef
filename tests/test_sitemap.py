"""/sitemap.xml names every page a search engine should find, and no other."""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from tests import catalogue

pytestmark = pytest.mark.django_db


def listed_paths(client):
    xml = client.get("/sitemap.xml").text
    return {urlsplit(location).path for location in re.findall(r"<loc>(.*?)</loc>", xml)}


def test_the_easy_language_page_is_in_the_sitemap(client, brochure):
    assert reverse("pages:easy-language") in listed_paths(client)


def test_the_sitemap_lists_a_page_exactly_when_the_catalogue_says_so(client, brochure):
    listed = listed_paths(client)
    wrong = [page for page in catalogue.PAGES if (page.path() in listed) != page.in_sitemap]
    assert not wrong, [str(page) for page in wrong]


def test_the_sitemap_lists_every_town_public_institution_and_working_group(client, brochure):
    from institutions.models import Institution, Municipality
    from members.models import WorkingGroup

    details = [
        *Municipality.objects.all(),
        *Institution.objects.public(),
        *WorkingGroup.objects.all(),
    ]
    assert {detail.get_absolute_url() for detail in details} <= listed_paths(client)
