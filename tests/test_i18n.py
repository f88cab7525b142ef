"""The directory for newcomers: their language, right to left, topics and counselling languages."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from institutions.models import Institution, Language, Service
from members.models import Member
from pages.models import Goal
from tests import catalogue, factories
from widunetz.models import Translation
from widunetz.translation import localized

pytestmark = pytest.mark.django_db

LANGUAGES = ["de", "en", "tr", "ar", "ru", "uk"]


def url_in(language, name, *args):
    with translation.override(language):
        return reverse(name, args=args)


def test_german_addresses_stay_unprefixed_and_other_languages_get_a_prefix():
    assert url_in("de", "members:member-list") == "/mitglieder/"
    assert url_in("ar", "members:member-list") == "/ar/mitglieder/"
    assert url_in("uk", "members:municipality-detail", "loehne") == "/uk/gemeinden/loehne/"


def test_de_prefix_leads_to_the_german_address_with_its_filters(client, db):
    response = client.get("/de/mitglieder/?gemeinde=loehne")
    assert response.status_code == 302
    assert response["Location"] == "/mitglieder/?gemeinde=loehne"


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_lang_and_direction_match_the_page_language(client, brochure, language):
    html = client.get(url_in(language, "pages:home")).text
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html


def test_every_page_offers_every_language_by_its_own_name(client, brochure):
    html = client.get(url_in("en", "members:municipality-detail", "loehne")).text
    for own_name in ["Deutsch", "English", "Türkçe", "العربية", "Русский", "Українська"]:
        assert own_name in html
    assert 'href="/ar/gemeinden/loehne/" lang="ar" hreflang="ar" dir="rtl"' in html
    assert 'href="/gemeinden/loehne/" lang="de"' in html


def test_language_switch_keeps_the_filters(client, brochure):
    html = client.get("/mitglieder/?gemeinde=loehne&thema=fluechtlingsberatung").text
    assert 'href="/ar/mitglieder/?gemeinde=loehne&amp;thema=fluechtlingsberatung"' in html


def test_hreflang_alternates_in_the_head(client, brochure):
    html = client.get("/chronik/").text
    head = html.split("</head>")[0]
    for language in LANGUAGES:
        assert f'<link rel="alternate" hreflang="{language}"' in head
    assert 'hreflang="x-default" href="http://testserver/chronik/"' in head


@pytest.mark.parametrize("language", ["en", "tr", "ar", "ru", "uk"])
def test_interface_strings_are_translated(client, brochure, language):
    html = client.get(url_in(language, "members:member-list")).text
    # German interface words must be gone from the navigation and the filters.
    nav = re.search(r'<nav class="site-nav".*?</nav>', html, re.S).group(0)
    assert "Mitglieder" not in nav and "Institutionen" not in nav
    assert "Liste eingrenzen" not in html
    assert "Zum Inhalt springen" not in html


def test_phone_numbers_and_email_stay_left_to_right_in_arabic(client, db):
    factories.member(phone="05221 13-0", email="info@example.org")
    html = client.get(url_in("ar", "members:member-list")).text
    assert '<a dir="ltr" href="tel:+495221130">05221 130</a>' in html
    assert '<a dir="ltr" href="mailto:info@example.org">' in html


def test_missing_translation_shows_german_marked_as_german(client, brochure):
    html = client.get(url_in("en", "pages:home")).text
    assert (
        '<span lang="de" dir="ltr">Öffentlichkeitsarbeit zum Thema Migration und Integration</span>'
        in html
    )


def test_editor_translation_replaces_the_german_text(client, brochure):
    goal = Goal.objects.get(order=1)
    Translation.objects.create(
        content_object=goal,
        field="title",
        language="en",
        text="Public relations on migration and integration",
    )
    html = client.get(url_in("en", "pages:home")).text
    assert "<span>Public relations on migration and integration</span>" in html
    assert "Öffentlichkeitsarbeit zum Thema Migration" not in html
    assert (
        "Öffentlichkeitsarbeit zum Thema Migration" in client.get(url_in("tr", "pages:home")).text
    )


def test_translated_page_body_and_fallback_note(client, brochure):
    html = client.get(url_in("uk", "pages:impressum")).text
    assert '<div class="prose" lang="de" dir="ltr">' in html
    assert 'class="untranslated-note"' in html


def test_the_seed_topics_are_translated_in_every_interface_language(db):
    """The nine topics the migration creates arrive with the translations the code had."""
    from django.utils import translation

    from widunetz.translation import with_translations

    for language in ("en", "tr", "ar", "ru", "uk"):
        with translation.override(language):
            for topic in with_translations(Service.objects.all()):
                assert not localized(topic, "name").is_fallback, (language, topic.slug)
                assert not localized(topic, "explanation").is_fallback, (language, topic.slug)


def test_services_are_a_controlled_list_with_explanations(db):
    assert [s.slug for s in Service.objects.all()] == [
        "mbe",
        "jmd",
        "fluechtlingsberatung",
        "integrationsagentur",
        "integrationskurse",
        "arbeit-ausbildung",
        "bildung-schule",
        "gesundheit",
        "ehrenamt",
    ]
    for service in Service.objects.all():
        assert str(service.name) and str(service.explanation).endswith(".")


def test_brochure_units_are_tagged_with_their_services(brochure):
    def slugs(service):
        offering = Institution.objects.filter(services__slug=service)
        return set(offering.values_list("slug", flat=True))

    assert slugs("fluechtlingsberatung") == {
        "awo-fluechtlingsberatung",
        "diakonie-fluechtlingsberatung",
    }
    assert slugs("jmd") == {"diakonie-jugendmigrationsdienst"}
    assert {"awo-mbe-integrationsagentur"} <= slugs("mbe") & slugs("integrationsagentur")


def test_refugee_counselling_in_loehne_finds_both_counselling_services(client, brochure):
    url = url_in("ar", "members:municipality-detail", "loehne")
    response = client.get(url, {"thema": "fluechtlingsberatung"})
    county = {m.last_name for m in response.context["county_members"]}
    assert county == {"Aydemir", "Wieschollek"}
    assert '<html lang="ar" dir="rtl">' in response.text


def test_members_filter_by_topic_and_language_combined_with_the_rest(client, db):
    arabic = Language.objects.get(code="ar")
    counselling = factories.institution("Beratung", county_wide=True)
    counselling.services.add(Service.objects.get(slug="fluechtlingsberatung"))
    speaks = factories.member(last_name="Haddad", institution_obj=counselling)
    speaks.languages.add(arabic)
    factories.member(last_name="Schulz", institution_obj=counselling)
    elsewhere = factories.member(last_name="Yilmaz")
    elsewhere.languages.add(arabic)

    def found(**params):
        return {m.last_name for m in client.get("/mitglieder/", params).context["filter"].qs}

    assert found(thema="fluechtlingsberatung") == {"Haddad", "Schulz"}
    assert found(sprache="ar") == {"Haddad", "Yilmaz"}
    assert found(thema="fluechtlingsberatung", sprache="ar", gemeinde="loehne") == {"Haddad"}
    assert found(thema="fluechtlingsberatung", q="Schulz") == {"Schulz"}


def test_institution_languages_count_for_its_people(client, db):
    institution = factories.institution("Sprachstelle", county_wide=True)
    institution.languages.add("uk")
    factories.member(last_name="Kowalenko", institution_obj=institution)
    response = client.get(url_in("uk", "members:member-list"), {"sprache": "uk"})
    assert [m.last_name for m in response.context["object_list"]] == ["Kowalenko"]
    response = client.get(url_in("uk", "institutions:institution-list"), {"sprache": "uk"})
    assert [i.name for i in response.context["object_list"]] == ["Sprachstelle"]


def test_counselling_languages_are_shown_by_their_own_names(client, db):
    person = factories.member(last_name="Haddad")
    person.languages.add("ar", "tr")
    html = client.get("/mitglieder/").text
    assert '<span lang="ar" dir="rtl">العربية</span>' in html
    assert '<span lang="tr" dir="ltr">Türkçe</span>' in html


@pytest.mark.parametrize(
    "params", [{"thema": "zauberei"}, {"sprache": "xx"}, {"thema": "<script>"}]
)
def test_unknown_topic_or_language_is_explained_not_an_error(client, brochure, params):
    for url in [page.path() for page in catalogue.PAGES if "thema" in page.reads]:
        response = client.get(url, params)
        assert response.status_code == 200
        assert "<script>" not in response.text


def test_start_page_asks_what_help_is_needed(client, brochure):
    html = client.get(url_in("en", "pages:home")).text
    assert 'href="/en/mitglieder/?thema=fluechtlingsberatung"' in html
    assert 'href="/en/leichte-sprache/"' in html


def test_easy_language_page_is_linked_from_every_footer_and_stays_german(client, brochure):
    for language in ["de", "ar"]:
        html = client.get(url_in(language, "members:member-list")).text
        footer = html.split('<footer class="site-footer">')[1]
        assert url_in(language, "pages:easy-language") in footer
    html = client.get(url_in("ar", "pages:easy-language")).text
    assert '<div class="prose easy-language" lang="de" dir="ltr">' in html
    assert "Das Netzwerk gibt es seit dem Jahr 2005." in html


def test_easy_language_rules_short_sentences_no_abbreviations(client, brochure):
    html = client.get(reverse("pages:easy-language")).text
    body = html.split('class="prose easy-language"')[1].split("</div>")[0]
    text = re.sub(r"<[^>]+>", "\n", body)
    sentences = [s.strip() for s in re.split(r"[.!?:]\s", text) if s.strip()]
    assert max(len(s.split()) for s in sentences) <= 12
    for abbreviation in [
        "z. B.",
        "bzw.",
        "usw.",
        "ggf.",
        "KI",
        "MBE",
        "JMD",
        "AWO",
        "DRK",
        "e. V.",
    ]:
        assert abbreviation not in text, abbreviation


def test_a_person_page_language_never_changes_the_data(client, brochure):
    counts = [
        client.get(url_in(lang, "members:member-list")).context["paginator"].count
        for lang in LANGUAGES
    ]
    assert set(counts) == {Member.objects.public().count()}


@pytest.mark.parametrize("language", ["en", "tr", "ar", "ru", "uk"])
def test_message_catalogues_are_complete(language):
    import subprocess

    from django.conf import settings

    po = settings.BASE_DIR / "widunetz" / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
