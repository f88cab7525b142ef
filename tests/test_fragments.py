"""Pieces of pages from the shared cache: the same HTML, fewer queries, never stale."""

import datetime
import types

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import Member, Membership, WorkingGroup
from tests import catalogue, factories
from widunetz.widgets import Select

pytestmark = pytest.mark.django_db

MEMBERS = reverse("members:member-list")

# Each page the shared cache keeps, in each of its states.
VISITS = [(page, query) for page in catalogue.pages(cached=True) for query in page.queries]


@pytest.fixture
def fragments_on(settings, cache_in_memory):
    """Fragments on, whole pages off: every request runs the view and renders the page.

    A cache in memory, so the queries counted are the page's own, not the cache's.
    """
    settings.FRAGMENT_CACHE_SECONDS = 600


def url(name, args, language="de"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", ["de", "ar"])
# Not "page": that is pytest-playwright's fixture, and overriding it reorders the session.
@pytest.mark.parametrize(
    ("public_page", "query"), VISITS, ids=[page.url(query) for page, query in VISITS]
)
def test_a_page_built_from_cached_pieces_is_the_page_rendered_afresh(
    client, brochure, settings, cache_in_memory, public_page, query, language
):
    address = public_page.url(query, language)
    fresh = client.get(address)
    settings.FRAGMENT_CACHE_SECONDS = 600
    client.get(address)  # fills the cache
    from_pieces = client.get(address)
    assert from_pieces.status_code == fresh.status_code
    assert from_pieces.text == fresh.text


def test_a_repeated_search_is_not_run_again(client, brochure, fragments_on):
    client.get(reverse("pages:search"), {"q": "Köhn"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("pages:search"), {"q": "Köhn"})
    assert "Peter Köhn" in response.text
    assert not any("search_text" in q["sql"] for q in queries.captured_queries)


def test_a_warm_list_page_neither_counts_nor_searches_again(client, brochure, fragments_on):
    client.get(MEMBERS, {"gemeinde": "loehne", "q": "koehn"})
    with CaptureQueriesContext(connection) as queries:
        response = client.get(MEMBERS, {"gemeinde": "loehne", "q": "koehn"})
    sql = [q["sql"] for q in queries.captured_queries]
    assert "Peter Köhn" in response.text and "1 Person gefunden" in response.text
    assert not any("COUNT(" in s or "search_text" in s for s in sql)
    # Left: the municipality named in the address, and the people of the page by key.
    assert len(sql) <= 2


def test_other_languages_and_pages_share_the_count(client, brochure, fragments_on):
    client.get(MEMBERS, {"gemeinde": "loehne"})
    for language, params in (
        ("ar", {"gemeinde": "loehne"}),
        ("de", {"gemeinde": "loehne", "seite": 2}),
    ):
        with CaptureQueriesContext(connection) as queries:
            client.get(url("members:member-list", [], language), params)
        assert not any("COUNT(" in q["sql"] for q in queries.captured_queries)


def test_hiding_a_person_takes_them_off_the_cached_list_and_count(client, brochure, fragments_on):
    before = client.get(MEMBERS, {"gemeinde": "loehne"})
    assert "Peter Köhn" in before.text
    koehn = Member.objects.get(last_name="Köhn")
    koehn.is_public = False
    koehn.save()
    after = client.get(MEMBERS, {"gemeinde": "loehne"})
    assert "Köhn" not in after.text
    assert after.context["paginator"].count == before.context["paginator"].count - 1


def test_a_card_shows_a_working_group_only_until_the_membership_ends(
    client, brochure, fragments_on, monkeypatch
):
    group = WorkingGroup.objects.get(slug="projektgruppe")
    person = factories.member(last_name="Ablauf", institution_obj=factories.institution("Stelle"))
    today = datetime.date.today()
    Membership.objects.create(member=person, group=group, until=today)
    in_card = f">{group.name}</a>"  # the card links its working groups
    assert in_card in client.get(MEMBERS, {"q": "ablauf"}).text

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls):
            return today + datetime.timedelta(days=1)

    tomorrow = types.SimpleNamespace(date=Tomorrow)
    monkeypatch.setattr("members.models.datetime", tomorrow)
    monkeypatch.setattr("members.cards.datetime", tomorrow)
    assert in_card not in client.get(MEMBERS, {"q": "ablauf"}).text


def test_the_select_writes_what_djangos_templates_write():
    choices = [("", "alle"), ("a", "Ä & <b>"), (1, "eins"), ("Gruppe", [("g", "G")])]
    attrs = {"id": "id_x", "aria-invalid": "true", "required": True, "disabled": False}
    for value in ("a", "", None, 1, "g"):
        django = forms.Select(choices=choices).render("x", value, attrs=attrs)
        ours = Select(choices=choices).render("x", value, attrs=attrs)
        assert ours == django.replace("\n\n", "\n")


def test_a_lists_shared_name_holds_the_arguments_of_its_address(rf):
    """Two addresses of one list view (say, one per town) never share a count."""
    from members.views import MemberListView

    names = set()
    for slug in ("loehne", "enger"):
        view = MemberListView()
        view.setup(rf.get("/mitglieder/", {"q": "a"}), slug=slug)
        names.add(view.list_name())
    assert len(names) == 2
