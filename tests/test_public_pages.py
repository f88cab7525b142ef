import datetime

import pytest
from django.urls import reverse

from pages.models import Feedback, TimelineEntry
from tests import catalogue, factories

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [page.url() for page in catalogue.pages(html=True)]
# The list inside a partner's <iframe> has the partner's page around it, not the site's
# header and footer (tests/test_embed.py checks its landmarks).
FRAMED = catalogue.Page("pages:embed").path()


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_page_has_landmarks_one_h1_and_a_unique_title(client, brochure, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert '<html lang="de"' in html
    assert html.count("<h1") == 1
    assert "<main" in html
    if url.startswith(FRAMED):
        return
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert "<nav" in html and "<footer" in html
    for legal in ["impressum", "datenschutz", "barrierefreiheit"]:
        assert f'href="/{legal}/"' in html


def test_titles_differ_between_pages(client, brochure):
    import re

    titles = [re.search(r"<title>(.*?)</title>", client.get(u).text).group(1) for u in PUBLIC_PAGES]
    assert len(set(titles)) == len(titles)


def test_no_inline_styles_or_scripts_on_any_page(client, brochure):
    for url in PUBLIC_PAGES:
        # A JSON-LD data block is data, not script (members/templatetags/jsonld.py).
        html = client.get(url).text.replace('<script type="application/ld+json">', "")
        assert "<script" not in html and "style=" not in html and "<style" not in html, url


def test_start_page_offers_the_nine_municipalities_and_six_goals(client, brochure):
    response = client.get(reverse("pages:home"))
    for _name, slug, _kind in factories.MUNICIPALITIES:
        assert f'href="/gemeinden/{slug}/"' in response.text
    assert len(response.context["goals"]) == 6


def test_municipality_page_lists_local_people_first_then_county_wide(client, brochure):
    response = client.get(reverse("members:municipality-detail", args=["loehne"]))
    local = {m.last_name for m in response.context["local_members"]}
    county = {m.last_name for m in response.context["county_members"]}
    assert local == {"Köhn", "Schröder"}
    assert "Fricke" in county and "Köhn" not in county
    assert "Bartels" not in local | county
    html = response.text
    assert html.index("Vor Ort in Löhne") < html.index("Kreisweit zuständig")


def test_unknown_municipality_or_institution_is_a_helpful_404(client, brochure):
    for url in ["/gemeinden/atlantis/", "/institutionen/gibt-es-nicht/", "/irgendwas/"]:
        response = client.get(url)
        assert response.status_code == 404
        assert "Zur Startseite" in response.text


def test_institution_page_shows_units_people_and_service_area(client, brochure):
    response = client.get(
        reverse("members:institution-detail", args=["diakonisches-werk-im-kirchenkreis-herford"])
    )
    assert {u.name for u in response.context["units"]} == {
        "Jugendmigrationsdienst",
        "Flüchtlingsberatung",
    }
    assert "Laukötter" in response.text
    assert "den ganzen Kreis Herford" in response.text


def test_institution_list_filters_by_municipality_and_kind(client, brochure):
    url = reverse("institutions:institution-list")
    names = {i.name for i in client.get(url, {"gemeinde": "loehne"}).context["filter"].qs}
    assert "Stadt Löhne" in names and "Stadt Enger" not in names
    assert "Jobcenter Kreis Herford" in names
    kinds = {i.kind for i in client.get(url, {"art": "wohlfahrt"}).context["filter"].qs}
    assert kinds == {"wohlfahrt"}


def test_hidden_institution_hides_its_units_and_people(client, brochure):
    from institutions.models import Institution

    diakonie = Institution.objects.get(slug="diakonisches-werk-im-kirchenkreis-herford")
    diakonie.is_public = False
    diakonie.save()
    html = client.get(reverse("members:member-list"), {"seite": 1}).text
    assert "Laukötter" not in client.get(reverse("members:member-export-csv")).text
    assert "Diakonisches Werk" not in html
    url = reverse("members:institution-detail", args=["diakonie-jugendmigrationsdienst"])
    assert client.get(url).status_code == 404
    assert client.get("/suche/", {"q": "Laukötter"}).context["results"] == []

    # Shown again, the Träger brings its units and their people back with it.
    diakonie.is_public = True
    diakonie.save()
    assert client.get(url).status_code == 200
    assert "Laukötter" in client.get(reverse("members:member-export-csv")).text


def test_timeline_shows_dates_at_their_precision(client, brochure):
    response = client.get(reverse("pages:timeline"))
    html = response.text
    assert '<time class="timeline__date" datetime="2008-02-27">27. Februar 2008</time>' in html
    assert '<time class="timeline__date" datetime="2005-07">Juli 2005</time>' in html
    assert '<time class="timeline__date" datetime="2014">2014</time>' in html
    assert '<ol class="timeline">' in html


def test_display_date_follows_precision():
    entry = TimelineEntry(date=datetime.date(2013, 12, 1), precision="monat", title="KI")
    assert entry.display_date == "Dezember 2013"
    assert entry.machine_date == "2013-12"


def test_network_page_has_history_goals_structure_and_examples(client, brochure):
    html = client.get(reverse("pages:network")).text
    for text in [
        "KOMM-IN NRW",
        "27. Februar 2008",
        "Dezember 2013",
        "Kerngruppe",
        "<svg",
        '<title id="structure-title">',
    ]:
        assert text in html
    assert "Sozialraumanalysen der Integrationsagenturen" in html
    assert "Kurze Wege innerhalb der Institutionen" in html


def test_site_search_groups_results_by_kind(client, brochure):
    response = client.get(reverse("pages:search"), {"q": "integration"})
    kinds = [group["kind"] for group in response.context["results"]]
    assert kinds == ["person", "institution", "group", "goal", "timeline", "project"]
    response = client.get(reverse("pages:search"), {"q": "Kerngruppe"})
    assert [g["kind"] for g in response.context["results"]] == ["group"]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "x" * 5000, "<b>fett</b>"])
def test_site_search_answers_odd_queries_with_a_message(client, brochure, query):
    response = client.get(reverse("pages:search"), {"q": query})
    assert response.status_code == 200
    assert "<b>fett</b>" not in response.text


def test_legal_pages_show_the_editors_text(client, brochure):
    html = client.get(reverse("pages:impressum")).text
    assert "Amtshausstraße 3" in html and "32051 Herford" in html


def test_feedback_is_stored_and_thanked_for(client, brochure):
    url = reverse("pages:barrierefreiheit")
    response = client.post(url, {"message": "Der Kontrast der Suche ist zu schwach."}, follow=True)
    assert response.status_code == 200
    assert "Vielen Dank" in response.text
    assert Feedback.objects.get().message == "Der Kontrast der Suche ist zu schwach."


def test_feedback_rejects_empty_and_oversized_messages_with_a_message(client, brochure):
    url = reverse("pages:barrierefreiheit")
    assert "Dieses Feld ist zwingend erforderlich" in client.post(url, {"message": ""}).text
    response = client.post(url, {"message": "x" * 6000})
    assert response.status_code == 200
    assert "höchstens 5000 Zeichen" in response.text
    assert not Feedback.objects.exists()


def test_feedback_is_rate_limited_per_client(client, brochure):
    from django.core.cache import cache

    cache.clear()
    url = reverse("pages:barrierefreiheit")
    for n in range(5):
        assert client.post(url, {"message": f"Hinweis {n}"}).status_code == 302
    response = client.post(url, {"message": "Noch einer"})
    assert response.status_code == 429
    assert "später noch einmal" in response.text
    assert Feedback.objects.count() == 5


def test_feedback_form_needs_a_csrf_token(brochure):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("pages:barrierefreiheit"), {"message": "ohne Token"})
    assert response.status_code == 403
    assert not Feedback.objects.exists()


def test_healthz_answers_after_a_database_round_trip(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.text == "ok\n"
