"""/sitemap.xml names every page a search engine should find, and no other."""

import re
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import catalogue, factories

pytestmark = pytest.mark.django_db


def listed_paths(client):
    xml = client.get("/sitemap.xml").text
    return {urlsplit(location).path for location in re.findall(r"<loc>(.*?)</loc>", xml)}


def test_the_easy_language_and_open_data_pages_are_in_the_sitemap(client, brochure):
    assert reverse("pages:easy-language") in listed_paths(client)
    assert reverse("pages:daten") in listed_paths(client)


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


# --- every language, with its alternates; and in files of a bounded size ----------------

NAMESPACES = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "x": "http://www.w3.org/1999/xhtml",
}
LANGUAGES = ["de", "en", "tr", "ar", "ru", "uk"]


def entries(client, url="/sitemap.xml"):
    """{address: {hreflang: alternate address}} of a sitemap file, paths only."""
    response = client.get(url)
    assert response.status_code == 200
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NAMESPACES['s']}}}urlset", root.tag
    return {
        urlsplit(entry.findtext("s:loc", namespaces=NAMESPACES)).path: {
            link.get("hreflang"): urlsplit(link.get("href")).path
            for link in entry.findall("x:link", NAMESPACES)
        }
        for entry in root.findall("s:url", NAMESPACES)
    }


def files_of_index(client):
    response = client.get("/sitemap.xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{NAMESPACES['s']}}}sitemapindex", root.tag
    return [
        urlsplit(loc.text)._replace(scheme="", netloc="").geturl()
        for loc in root.findall("s:sitemap/s:loc", NAMESPACES)
    ]


def in_language(path, language):
    return path if language == "de" else f"/{language}{path}"


def test_every_page_is_listed_in_every_language_with_its_alternates(client, brochure):
    from members.models import Member

    person = Member.objects.public().first().get_absolute_url()
    listed = entries(client)
    for path in [reverse("pages:easy-language"), reverse("pages:home"), person]:
        expected = {language: in_language(path, language) for language in LANGUAGES}
        expected["x-default"] = path
        for language in LANGUAGES:
            assert listed[in_language(path, language)] == expected


def test_every_address_is_listed_once_per_language(client, brochure):
    listed = entries(client)
    german = [path for path in listed if not re.match(r"/(en|tr|ar|ru|uk)/", path)]
    assert {in_language(path, "uk") for path in german} <= set(listed)
    assert len(listed) == len(german) * len(LANGUAGES)


def test_a_hidden_person_is_in_no_language(client, brochure):
    from members.models import Member

    hidden = Member.objects.public().first()
    path = hidden.get_absolute_url()
    hidden.is_public = False
    hidden.save()
    xml = client.get("/sitemap.xml").text
    assert not any(in_language(path, language) in xml for language in LANGUAGES)


@pytest.fixture
def small_files(monkeypatch):
    """Files of 20 addresses, so a handful of rows needs an index as 100,000 people do."""
    from pages import sitemaps

    monkeypatch.setattr(sitemaps, "LIMIT", 20)
    monkeypatch.setattr(sitemaps.LanguagesSitemap, "limit", 20)


def test_a_large_site_gets_an_index_of_files_holding_the_same_addresses(
    client, brochure, small_files, monkeypatch
):
    from pages import sitemaps

    files = files_of_index(client)
    assert "/sitemap.xml?section=mitglieder&p=2" in files
    found = {}
    for url in files:
        listed = entries(client, url)
        assert 0 < len(listed) <= 20
        assert not set(listed) & set(found), "an address in two files"
        found.update(listed)
    monkeypatch.setattr(sitemaps, "LIMIT", 50000)
    monkeypatch.setattr(sitemaps.LanguagesSitemap, "limit", 50000)
    assert found == entries(client)


def test_the_sitemap_costs_the_same_queries_for_any_number_of_people(
    client, small_files, django_assert_max_num_queries
):
    office = factories.institution()
    for number in range(10):
        factories.member(last_name=f"Person {number}", institution_obj=office)
    counted = {}
    for url in ["/sitemap.xml", "/sitemap.xml?section=mitglieder&p=2"]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counted[url] = len(queries)
    for number in range(10, 100):
        factories.member(last_name=f"Person {number}", institution_obj=office)
    for url, count in counted.items():
        with django_assert_max_num_queries(count):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "query",
    ["section=gibt-es-nicht", "p=abc", "p=0", "section=mitglieder&p=999", "section=seiten&p=-1"],
)
def test_a_wrong_file_is_not_found(client, brochure, query):
    assert client.get(f"/sitemap.xml?{query}").status_code == 404
