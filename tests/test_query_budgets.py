"""Every public page costs a fixed number of queries, however many rows there are."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from institutions.models import Institution, Service
from members.models import Member, Membership, WorkingGroup
from tests import catalogue, factories

pytestmark = pytest.mark.django_db

# A page shows at most 30 rows; ten times that many rows must not cost more queries.
ROWS = 300


@pytest.fixture
def large_network(brochure):
    """Ten times the rows a page shows: 300 institutions (30 a page) and 300 more people."""
    group = WorkingGroup.objects.get(slug="projektgruppe")
    loehne = factories.municipality("loehne")
    institutions = Institution.objects.bulk_create(
        Institution(
            name=f"Einrichtung {n}",
            slug=f"einrichtung-{n}",
            kind="kommune" if n % 2 else "wohlfahrt",
            county_wide=bool(n % 2),
            search_text=f" einrichtung {n} integration ",
            # What save() stores; bulk_create skips it.
            listed=True,
        )
        for n in range(ROWS)
    )
    Institution.service_area.through.objects.bulk_create(
        Institution.service_area.through(institution=i, municipality=loehne)
        for i in institutions
        if not i.county_wide
    )
    jmd = Service.objects.get(slug="jmd")
    Institution.services.through.objects.bulk_create(
        Institution.services.through(institution=i, service=jmd) for i in institutions
    )
    members = Member.objects.bulk_create(
        Member(
            first_name=f"Vorname{n}",
            last_name=f"Nachname{n}",
            institution=institutions[n],
            is_public=True,
            publication_basis="amt",
            search_text=f" vorname{n} nachname{n} integration ",
            sort_name=f"nachname{n}",
            slug=f"vorname{n}-nachname{n}",
            listed=True,
        )
        for n in range(ROWS)
    )
    Member.languages.through.objects.bulk_create(
        Member.languages.through(member=m, language_id="ar") for m in members
    )
    Membership.objects.bulk_create(Membership(member=m, group=group) for m in members)
    assert Member.objects.for_municipality(loehne).count() > ROWS
    assert Institution.objects.for_municipality(loehne).count() > ROWS
    assert Member.objects.offering(jmd).speaking("ar").count() == ROWS
    # Cold, whatever ran before in this process: the budgets below hold for a fresh one.
    ContentType.objects.clear_cache()


# The highest count of German and Arabic (which also fetches the editors'
# translations), each with a cold content-type cache (large_network clears it, so a
# count does not depend on the tests that ran before in the same process). Pages with the topic and
# language choices count what is offered: a query for the topics, one for the
# languages where someone offers any (HelpFilters).
BUDGETS = [
    # The topic tiles in the visitor's language: their translations and content type.
    ("pages:home", [], {}, 9),
    ("pages:network", [], {}, 19),
    ("pages:timeline", [], {}, 3),
    ("pages:easy-language", [], {}, 0),
    # Lists of people: the cards' phones (issue 13), and outside German the topics'
    # translations for the choices' names.
    ("members:member-list", [], {}, 16),
    ("members:member-list", [], {"gemeinde": "loehne", "q": "nachname"}, 17),
    ("members:member-list", [], {"arbeitskreis": "projektgruppe", "sortierung": "institution"}, 17),
    ("members:member-list", [], {"thema": "jmd", "sprache": "ar"}, 19),
    # Exports: phones, hours, closures and places of each person, their institution and
    # its Träger, prefetched (the hours in words, the address of the first place).
    ("members:member-export-csv", [], {"gemeinde": "loehne"}, 14),
    ("members:member-export-vcf", [], {}, 13),
    ("institutions:institution-list", [], {}, 10),
    ("institutions:institution-list", [], {"gemeinde": "loehne", "art": "kommune"}, 11),
    ("members:institution-detail", ["kreis-herford"], {}, 19),
    ("members:member-detail", ["mirjam-bibi"], {}, 16),
    ("institutions:municipality-list", [], {}, 1),
    # With the next 14 days' hours in town: the hours, their people, closures, notes.
    ("members:municipality-detail", ["loehne"], {}, 22),
    ("members:municipality-detail", ["loehne"], {"thema": "fluechtlingsberatung"}, 20),
    ("members:municipality-detail", ["loehne"], {"alter": "20", "termin": "ohne"}, 13),
    ("pages:responsible", [], {"gemeinde": "loehne", "alter": "20", "thema": "jmd"}, 15),
    ("members:workinggroup-list", [], {}, 3),
    # With the group's next meetings (issue 15).
    ("members:workinggroup-detail", ["projektgruppe"], {}, 10),
    ("members:termin-list", [], {}, 10),
    ("members:termin-list", [], {"arbeitskreis": "projektgruppe"}, 10),
    # Calendars: the hours with their holders, places, closures; the Termine.
    ("members:termin-feed", [], {}, 8),
    ("members:municipality-hours-feed", ["loehne"], {}, 8),
    ("members:municipality-termine-feed", ["loehne"], {}, 8),
    ("members:topic-hours-feed", ["fluechtlingsberatung"], {}, 8),
    ("members:language-hours-feed", ["ar"], {}, 8),
    ("members:workinggroup-termine-feed", ["projektgruppe"], {}, 8),
    # The people list for a partner's <iframe>.
    ("pages:embed", [], {"gemeinde": "loehne", "thema": "jmd"}, 12),
    # Open data: the page, the HSDS package, the institutions for Excel.
    ("pages:daten", [], {}, 1),  # the licence the office chose
    ("pages:daten-hsds", [], {}, 17),
    # Each institution's places, phones, hours, service area, topics, languages, units,
    # people's working groups: one query each, however many institutions.
    ("institutions:institution-csv", [], {}, 22),
    ("pages:search", [], {"q": "integration"}, 6),
    ("pages:impressum", [], {}, 3),
    ("pages:datenschutz", [], {}, 3),
    ("pages:barrierefreiheit", [], {}, 3),
    # The entry a report is about, and nothing else.
    ("members:report-member", ["mirjam-bibi"], {}, 2),
    ("members:report-institution", ["kreis-herford"], {}, 2),
]


def test_every_page_of_the_catalogue_has_a_budget():
    assert {page.route for page in catalogue.PAGES} <= {name for name, *_ in BUDGETS}


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize(("name", "args", "params", "budget"), BUDGETS, ids=lambda v: str(v))
def test_page_query_count_stays_within_budget_with_ten_times_the_rows(
    client, large_network, django_assert_max_num_queries, name, args, params, budget, language
):
    with translation.override(language):
        url = reverse(name, args=args)
    with django_assert_max_num_queries(budget):
        response = client.get(url, params)
    assert response.status_code == 200


@pytest.mark.parametrize(("name", "args", "params", "budget"), BUDGETS, ids=lambda v: str(v))
def test_anonymous_visitors_cause_no_session_or_user_query(
    client, brochure, name, args, params, budget
):
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse(name, args=args), params)
    touched = " ".join(q["sql"] for q in queries.captured_queries)
    assert "django_session" not in touched
    assert "auth_user" not in touched


def test_long_lists_outside_the_directory_are_cut_with_a_link_to_it(client, large_network):
    response = client.get(reverse("members:municipality-detail", args=["loehne"]))
    county = response.context["county_members"]
    assert len(county) == 50 and county.more
    assert "Weitere kreisweit zuständige Personen in der Liste anzeigen" in response.text
    local = response.context["local_institutions"]
    assert len(local) == 50 and local.more
    assert 'href="/institutionen/?gemeinde=loehne">Alle Stellen für Löhne' in response.text
    response = client.get(reverse("members:workinggroup-detail", args=["projektgruppe"]))
    assert len(response.context["members"]) == 50
    assert 'href="/mitglieder/?arbeitskreis=projektgruppe"' in response.text


def test_a_huge_institution_choice_stays_out_of_the_form(client, large_network):
    html = client.get(reverse("members:member-list")).text
    assert '<select name="institution"' not in html
    assert len(html) < 100_000
    # The filter still works from the address, e.g. a link from an institution page.
    response = client.get(reverse("members:member-list"), {"institution": "einrichtung-7"})
    assert [m.last_name for m in response.context["object_list"]] == ["Nachname7"]


def test_pagination_links_only_the_pages_around_the_current_one(client, large_network):
    response = client.get(reverse("members:member-list"), {"seite": 7})
    pages = [n for n in response.context["page_range"] if isinstance(n, int)]
    assert 1 in pages and 7 in pages and 18 in pages
    assert len(pages) < 10
    assert "…" in response.text
