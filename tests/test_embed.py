"""The people list for a partner's website (/einbetten/): the members list's filters and
rows, in the chosen language, without cookies or script, framed only by the websites the
office lists; and the admin's code to paste there."""

from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from institutions.models import Service
from pages.models import EmbedHost
from tests import catalogue, factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

EMBED = reverse("pages:embed")
MEMBERS = reverse("members:member-list")
VLOTHO_MBE = {"gemeinde": "vlotho", "thema": "mbe"}


def frame_ancestors(response):
    directives = dict(
        directive.strip().partition(" ")[::2]
        for directive in response["Content-Security-Policy"].split(";")
    )
    return directives["frame-ancestors"].split()


def listed(response):
    return [member.slug for member in response.context["object_list"]]


# --- the list -------------------------------------------------------------------------


def test_the_vlotho_mbe_list_shows_the_awo_mbe_from_the_brochure(client, brochure):
    response = client.get(EMBED, VLOTHO_MBE)
    assert response.status_code == 200
    # AWO's MBE serves the whole county, Vlotho included (the brochure's data).
    assert listed(response) == ["natasa-stancic"]
    link = '<a href="/mitglieder/natasa-stancic/" target="_blank" rel="noopener">'
    assert link in response.text
    assert "Vlotho" in response.text


@pytest.mark.parametrize("query", catalogue.pages(route="members:member-list")[0].queries)
def test_every_filter_of_the_members_list_chooses_the_same_people(client, brochure, query):
    assert listed(client.get(EMBED, query)) == listed(client.get(MEMBERS, query))


def test_only_public_people_are_listed(client, db):
    mbe = factories.institution("MBE Test", county_wide=True)
    mbe.services.add(Service.objects.get(slug="mbe"))
    factories.member("Offen", "Sichtbar", institution_obj=mbe)
    factories.member("Nicht", "Öffentlich", institution_obj=mbe, is_public=False)
    factories.municipality("vlotho")
    response = client.get(EMBED, VLOTHO_MBE)
    assert "Sichtbar" in response.text
    assert "Öffentlich" not in response.text


def test_the_list_comes_in_the_language_of_its_address(client, brochure):
    english = client.get("/en" + EMBED, VLOTHO_MBE)
    assert '<html lang="en" dir="ltr">' in english.text
    assert 'href="/en/mitglieder/natasa-stancic/"' in english.text
    arabic = client.get("/ar" + EMBED, VLOTHO_MBE)
    assert '<html lang="ar" dir="rtl">' in arabic.text
    assert 'href="/ar/mitglieder/natasa-stancic/"' in arabic.text


def test_the_list_sets_no_cookie_and_has_no_script(client, brochure):
    response = client.get(EMBED, VLOTHO_MBE)
    assert not response.cookies
    assert "<script" not in response.text
    assert "Set-Cookie" not in response
    # A server speaking WSGI takes plain strings only (the CSP header's name is an enum).
    assert all(type(name) is str for name in response.headers)


def test_every_link_to_an_entry_opens_a_new_tab(client, brochure):
    response = client.get(EMBED, {"gemeinde": "vlotho"})
    links = response.text.split("<a ")[1:]
    to_entries = [link for link in links if 'href="/' in link.split(">")[0]]
    assert len(to_entries) > 5
    for link in to_entries:
        tag = link.split(">")[0]
        assert 'target="_blank"' in tag and 'rel="noopener"' in tag or "seite=" in tag, tag


@pytest.mark.parametrize(
    "query",
    [{"gemeinde": "nirgendwo"}, {"alter": "abc"}, {"thema": "<script>"}, {"sprache": "xx"}],
)
def test_a_wrong_choice_is_said_plainly(client, brochure, query):
    response = client.get(EMBED, query)
    assert response.status_code == 200
    assert "Die Auswahl konnte nicht angewendet werden." in response.text
    assert listed(response) == []


def test_hostile_choices_never_fail_nor_come_back_unescaped(client, brochure, cached_pages):
    from tests.abuse_inputs import CLASSICS
    from tests.test_abuse import check

    names = catalogue.MEMBER_FILTERS + ("seite",)
    for classic in CLASSICS:
        # Each in every filter at once, in Arabic; answered again from the cache.
        check(client, f"/ar{EMBED}?{urlencode(dict.fromkeys(names, classic))}", repeat=2)


def test_a_page_number_out_of_range_shows_the_last_page(client, brochure):
    response = client.get(EMBED, {"seite": "999"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == response.context["paginator"].num_pages


def add_mbe_people(count, mbe):
    for n in range(count):
        factories.member(f"Person{n}", f"Beratung{n}", institution_obj=mbe, phone="05733 100")


def test_the_queries_do_not_grow_with_the_people(client, db):
    factories.municipality("vlotho")
    mbe = factories.institution("MBE Test", county_wide=True)
    mbe.services.add(Service.objects.get(slug="mbe"))
    add_mbe_people(3, mbe)
    with CaptureQueriesContext(connection) as few:
        client.get(EMBED, VLOTHO_MBE)
    add_mbe_people(40, mbe)
    with CaptureQueriesContext(connection) as many:
        response = client.get(EMBED, VLOTHO_MBE)
    assert response.context["paginator"].count == 43
    assert len(many) == len(few) <= 12


# --- framing --------------------------------------------------------------------------


def test_without_listed_websites_only_this_site_may_frame_the_list(client, db):
    response = client.get(EMBED)
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == ["'self'"]


def test_the_listed_websites_may_frame_the_list(client, db):
    EmbedHost.objects.create(address="https://www.vlotho.de", note="Stadt Vlotho")
    EmbedHost.objects.create(address="https://*.awo-herford.de")
    response = client.get(EMBED)
    assert "X-Frame-Options" not in response
    assert frame_ancestors(response) == [
        "'self'",
        "https://*.awo-herford.de",
        "https://www.vlotho.de",
    ]
    # The rest of the site's policy stays.
    policy = response["Content-Security-Policy"]
    for directive in ("default-src 'self'", "object-src 'none'", "base-uri 'none'"):
        assert directive in policy


def test_a_star_lets_any_website_frame_the_list(client, db):
    EmbedHost.objects.create(address="*")
    assert "*" in frame_ancestors(client.get(EMBED))


@pytest.mark.parametrize("path", ["/", MEMBERS, "/en/mitglieder/", "/gemeinden/vlotho/"])
def test_every_other_page_still_refuses_frames(client, brochure, path):
    EmbedHost.objects.create(address="*")
    response = client.get(path)
    assert response["X-Frame-Options"] == "DENY"
    assert frame_ancestors(response) == ["'none'"]


@pytest.fixture
def cached_pages(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def test_a_cached_list_keeps_its_frame_headers_and_other_pages_theirs(
    client, brochure, cached_pages, monkeypatch
):
    from members.views import MemberListView
    from pages.embed import EmbedView

    EmbedHost.objects.create(address="https://www.vlotho.de")
    # The same filters on both pages: each keeps its own headers in the cache.
    fresh = [client.get(EMBED, VLOTHO_MBE), client.get(MEMBERS, VLOTHO_MBE)]

    def never(*args, **kwargs):
        raise AssertionError("the view ran for a cached page")

    monkeypatch.setattr(EmbedView, "dispatch", never)
    monkeypatch.setattr(MemberListView, "dispatch", never)
    embed, members = client.get(EMBED, VLOTHO_MBE), client.get(MEMBERS, VLOTHO_MBE)
    assert [embed.content, members.content] == [page.content for page in fresh]
    assert "X-Frame-Options" not in embed
    assert frame_ancestors(embed) == ["'self'", "https://www.vlotho.de"]
    assert members["X-Frame-Options"] == "DENY"
    assert frame_ancestors(members) == ["'none'"]


def test_a_partner_address_with_parameters_of_its_own_keeps_the_frame_headers(
    client, brochure, cached_pages
):
    EmbedHost.objects.create(address="https://www.vlotho.de")
    client.get(EMBED, VLOTHO_MBE)
    # Answered from the page its known parameters name (CachedPageMixin).
    tracked = client.get(EMBED, {**VLOTHO_MBE, "utm_source": "vlotho"})
    assert "X-Frame-Options" not in tracked
    assert frame_ancestors(tracked) == ["'self'", "https://www.vlotho.de"]


def test_a_website_added_in_the_admin_may_frame_the_cached_list_at_once(
    client, brochure, cached_pages
):
    assert frame_ancestors(client.get(EMBED, VLOTHO_MBE)) == ["'self'"]
    EmbedHost.objects.create(address="https://www.vlotho.de")
    assert "https://www.vlotho.de" in frame_ancestors(client.get(EMBED, VLOTHO_MBE))


# --- the websites the office lists ----------------------------------------------------


def test_a_pasted_page_address_is_kept_as_its_website():
    host = EmbedHost(address="  HTTPS://www.Vlotho.de/leben/integration?x=1 ")
    host.full_clean()
    assert host.address == "https://www.vlotho.de"


@pytest.mark.parametrize(
    "address",
    [
        "https://www.vlotho.de; script-src *",
        "'unsafe-inline'",
        "https://www.vlotho.de https://evil.example",
        "javascript:alert(1)",
        "",
        "**",
    ],
)
def test_anything_but_a_website_is_refused(address):
    with pytest.raises(ValidationError):
        EmbedHost(address=address).full_clean()


def test_the_database_refuses_what_would_break_the_header_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        EmbedHost.objects.create(address="https://a.example; frame-ancestors *")


@pytest.mark.parametrize(
    "address", ["*", "https://www.vlotho.de", "http://127.0.0.1:8123", "*.vlotho.de", "localhost:*"]
)
def test_websites_and_the_star_are_accepted(address):
    EmbedHost(address=address).full_clean()
    EmbedHost.objects.create(address=address)


# --- the admin ------------------------------------------------------------------------

SNIPPET = reverse("admin:pages_embedhost_snippet")


def test_the_office_adds_a_website_in_the_admin(coordinator_client):
    add = reverse("admin:pages_embedhost_add")
    data = change_form_data(coordinator_client.get(add), address="https://www.vlotho.de/")
    assert coordinator_client.post(add, data).status_code == 302
    assert EmbedHost.objects.get().address == "https://www.vlotho.de"
    refused = coordinator_client.post(add, {**data, "address": "https://x.de; script-src *"})
    assert refused.status_code == 200
    assert "Bitte nur die Adresse der Website angeben" in refused.text


def test_the_office_finds_the_code_from_the_list_of_websites(coordinator_client):
    response = coordinator_client.get(reverse("admin:pages_embedhost_changelist"))
    assert f'href="{SNIPPET}"' in response.text


def test_the_snippet_generator_shows_the_code_for_the_chosen_filters_and_language(
    coordinator_client,
):
    factories.municipality("vlotho")
    empty = coordinator_client.get(SNIPPET)
    assert empty.status_code == 200
    assert "<textarea" not in empty.text
    assert "Noch darf keine Website die Liste zeigen" in empty.text

    EmbedHost.objects.create(address="https://www.vlotho.de", note="Stadt Vlotho")
    response = coordinator_client.get(
        SNIPPET, {**VLOTHO_MBE, "sprache": "", "seitensprache": "en", "hoehe": "500"}
    )
    assert response.status_code == 200
    code = (
        '<iframe src="http://testserver/en/einbetten/?gemeinde=vlotho&amp;thema=mbe" '
        'title="Contacts in the network" width="100%" height="500" style="border: 0" '
        'loading="lazy"></iframe>'
    )
    # Shown as text to copy, and as a preview of the list.
    assert response.context["snippet"] == code
    assert ">&lt;iframe src=&quot;http://testserver/en/einbetten/?gemeinde=vlotho&amp;amp;" in (
        response.text
    )
    assert '<iframe src="/en/einbetten/?gemeinde=vlotho&amp;thema=mbe"' in response.text
    assert "https://www.vlotho.de (Stadt Vlotho)" in response.text


def test_filters_alone_give_the_code_in_german_at_600_px(coordinator_client):
    factories.municipality("vlotho")
    response = coordinator_client.get(SNIPPET, {"gemeinde": "vlotho"})
    assert "errorlist" not in response.text
    assert 'src="http://testserver/einbetten/?gemeinde=vlotho"' in response.context["snippet"]
    assert 'height="600"' in response.context["snippet"]


def test_a_wrong_choice_in_the_generator_shows_no_code(coordinator_client):
    response = coordinator_client.get(
        SNIPPET, {"gemeinde": "nirgendwo", "seitensprache": "de", "hoehe": "600"}
    )
    assert response.status_code == 200
    assert response.context["snippet"] is None
    assert "errorlist" in response.text


def test_a_partner_editor_gets_no_snippet_generator(client, django_user_model):
    from django.contrib.auth.models import Group

    editor = django_user_model.objects.create_user(username="redaktion", is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(editor)
    assert client.get(SNIPPET).status_code == 403
    assert client.get(reverse("admin:pages_embedhost_changelist")).status_code == 403


def test_the_snippet_generator_needs_a_sign_in(client, db):
    response = client.get(SNIPPET)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
