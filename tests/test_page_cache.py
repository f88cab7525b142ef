"""Public pages come from the shared cache, and an edit shows on the very next request."""

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Member
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

MEMBERS = reverse("members:member-list")


@pytest.fixture(autouse=True)
def cached_pages(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()


def test_a_repeated_request_is_served_from_the_cache(client, brochure):
    first = client.get(MEMBERS, {"gemeinde": "loehne"})
    with CaptureQueriesContext(connection) as queries:
        second = client.get(MEMBERS, {"gemeinde": "loehne"})
    assert second.content == first.content
    assert not any("members_member" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("page_seconds", [600, 0], ids=["cached pages", "no cache"])
def test_an_admin_edit_is_visible_on_the_next_request(
    client, coordinator_client, brochure, settings, page_seconds
):
    settings.PAGE_CACHE_SECONDS = page_seconds
    assert "Integrationslotse" not in client.get(MEMBERS, {"q": "Köhn"}).text
    assert "Integrationslotse" not in client.get("/gemeinden/loehne/").text
    koehn = Member.objects.get(last_name="Köhn")
    url = reverse("admin:members_member_change", args=[koehn.pk])
    response = coordinator_client.post(
        url, change_form_data(coordinator_client.get(url), function="Integrationslotse")
    )
    assert response.status_code == 302
    assert "Integrationslotse" in client.get(MEMBERS, {"q": "Köhn"}).text
    assert "Integrationslotse" in client.get("/gemeinden/loehne/").text


def test_a_deletion_is_visible_on_the_next_request(client, brochure):
    assert "Bartels" in client.get("/gemeinden/enger/").text
    Member.objects.get(last_name="Bartels").delete()
    assert "Bartels" not in client.get("/gemeinden/enger/").text


def test_signed_in_editors_always_see_the_live_page(coordinator_client, brochure):
    coordinator_client.get(MEMBERS)
    with CaptureQueriesContext(connection) as queries:
        coordinator_client.get(MEMBERS)
    assert any("members_member" in q["sql"] for q in queries.captured_queries)


def test_different_filters_are_cached_apart(client, brochure):
    loehne = client.get(MEMBERS, {"gemeinde": "loehne"}).context["paginator"].count
    enger = client.get(MEMBERS, {"gemeinde": "enger"}).context["paginator"].count
    assert loehne != enger
    # Both now come from the cache, each with its own list.
    with CaptureQueriesContext(connection) as queries:
        loehne_again = client.get(MEMBERS, {"gemeinde": "loehne"})
        enger_again = client.get(MEMBERS, {"gemeinde": "enger"})
    assert not any("members_member" in q["sql"] for q in queries.captured_queries)
    assert f"{loehne} Personen gefunden" in loehne_again.text
    assert f"{enger} Personen gefunden" in enger_again.text


def test_exports_keep_their_file_headers_from_the_cache(client, brochure):
    first = client.get(reverse("members:member-export-csv"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("members:member-export-csv"))
    # A hit: the same file, and not one row of people read for it.
    assert not any("members_member" in q["sql"] for q in queries.captured_queries)
    assert response.content == first.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment")


def reads_members(client, *args, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(*args, **kwargs).status_code == 200
    return any("members_member" in q["sql"] for q in queries.captured_queries)


def test_a_forged_session_cookie_is_served_from_the_cache(client, brochure):
    client.get(MEMBERS)
    client.cookies[django_settings.SESSION_COOKIE_NAME] = "made-up"
    assert not reads_members(client, MEMBERS)


def cache_entries():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM widunetz_cache")
        return cursor.fetchone()[0]


def test_made_up_query_parameters_add_nothing_to_the_cache(client, brochure, settings):
    client.get(MEMBERS, {"gemeinde": "loehne"})
    before = cache_entries()
    # Answered from the page of the parameters the list reads …
    assert not reads_members(client, MEMBERS, {"gemeinde": "loehne", "zufall": "123"})
    # … and where there is none, rendered but not kept, nor any piece of it.
    assert reads_members(client, MEMBERS, {"gemeinde": "enger", "zufall": "123"})
    client.get("/", {"zufall": "123"})
    client.get("/gemeinden/loehne/", {"zufall": "123"})
    assert cache_entries() == before


def test_pages_for_two_hosts_or_schemes_are_cached_apart(client, brochure, settings):
    settings.ALLOWED_HOSTS = ["widunetz.example.org", "andere.example.org"]
    here = {"headers": {"host": "widunetz.example.org"}}
    client.get(MEMBERS, {"q": "Köhn"}, **here)
    # An update skips the signals: the page cached above stays as it was.
    Member.objects.filter(last_name="Köhn").update(function="Integrationslotse")
    assert "Integrationslotse" not in client.get(MEMBERS, {"q": "Köhn"}, **here).text
    there = {"headers": {"host": "andere.example.org"}}
    assert "Integrationslotse" in client.get(MEMBERS, {"q": "Köhn"}, **there).text
    assert "Integrationslotse" in client.get(MEMBERS, {"q": "Köhn"}, secure=True, **here).text


@pytest.mark.real_commit
@pytest.mark.django_db(transaction=True)
def test_the_content_version_changes_when_an_edit_commits_not_before():
    """A page rendered between an admin save and its commit shows the old rows: it
    must be kept under the old version, which the commit then replaces."""
    from django.db import transaction

    from tests import factories
    from widunetz.pagecache import content_version

    before = content_version()
    with transaction.atomic():
        factories.member("Nina", "Neu")
        assert content_version() == before
    assert content_version() != before


def test_with_page_cache_seconds_0_every_request_runs_the_whole_view(client, brochure, settings):
    settings.PAGE_CACHE_SECONDS = 0
    before = cache_entries()
    pages = {
        MEMBERS + "?gemeinde=loehne": "members_member",
        "/gemeinden/loehne/": "members_member",
        "/institutionen/": "institutions_institution",
        "/suche/?q=integration": "members_member",
    }
    for path, table in pages.items():
        client.get(path)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        assert any(table in q["sql"] for q in queries.captured_queries), path
    # Nothing rendered is kept anywhere: no page, no piece of one.
    assert cache_entries() == before


def test_a_cached_page_is_answered_before_the_view_with_the_same_headers(
    client, brochure, monkeypatch
):
    from members.views import MemberListView

    first = client.get("/en/mitglieder/", {"gemeinde": "loehne"})

    def never(*args, **kwargs):
        raise AssertionError("the view ran for a cached page")

    monkeypatch.setattr(MemberListView, "dispatch", never)
    second = client.get("/en/mitglieder/", {"gemeinde": "loehne"})
    assert second.status_code == 200
    assert second.content == first.content
    for header in ("Content-Type", "Content-Language", "X-Frame-Options"):
        assert second[header] == first[header]
    assert second["Content-Language"] == "en"
    assert not second.cookies


def test_the_health_check_never_reads_the_page_cache(client, db, monkeypatch):
    from widunetz import pagecache

    def never(*args, **kwargs):
        raise AssertionError("/healthz read the page cache")

    monkeypatch.setattr(pagecache, "content_version", never)
    assert client.get("/healthz").status_code == 200


def test_after_an_edit_a_page_replaces_its_old_copy(client, brochure):
    client.get(MEMBERS, {"gemeinde": "loehne"})
    before = cache_entries()
    koehn = Member.objects.get(last_name="Köhn")
    koehn.function = "Integrationslotse"
    koehn.save()
    assert "Integrationslotse" in client.get(MEMBERS, {"gemeinde": "loehne"}).text
    # The same key holds the new page: an edit leaves no dead copies behind.
    assert cache_entries() == before
