"""How the contact pages read in every language and on a narrow screen: topic names,
dates and times in the visitor's language, one heading for the hours, phone labels,
the answer of /zustaendig/, the people list's downloads, and the admin's hour forms."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from institutions.models import Service
from members.exports import age_range_in_words
from pages.responsible import whom
from tests import factories

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "widunetz.css"


@pytest.fixture
def monday_before_christmas(monkeypatch):
    moment = datetime.datetime(2026, 12, 7, 8, 0, tzinfo=BERLIN)
    monkeypatch.setattr(timezone, "now", lambda: moment.astimezone(datetime.UTC))


@pytest.fixture
def office():
    """A youth migration service in Löhne, open Tuesdays 9–12 at its office."""
    office = factories.institution("Beratungsstelle Süd", serves=["loehne"], slug="sued")
    office.services.add(Service.objects.get(slug="jmd"))
    office.place = factories.location(office, name="Büro Süd")
    factories.hour(office, weekday=1, starts="09:00", ends="12:00", location=office.place)
    return office


def get(client, obj, language):
    with translation.override(language):
        return client.get(obj.get_absolute_url())


def words(response):
    """The page's text without tags, whitespace collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


# Topic names


def test_the_english_institution_page_names_its_topics_in_english(client, office):
    text = words(get(client, office, "en"))
    assert "Youth Migration Service (JMD)" in text
    assert "Jugendmigrationsdienst" not in text


def test_the_english_home_page_names_the_topics_in_english(client, office):
    factories.member(institution_obj=office)
    with translation.override("en"):
        text = words(client.get(reverse("pages:home")))
    assert "Youth Migration Service (JMD)" in text
    assert "Jugendmigrationsdienst" not in text


# Dates and times


def test_the_towns_next_days_are_dated_the_english_way(client, office, monday_before_christmas):
    with translation.override("en"):
        response = client.get(reverse("members:municipality-detail", args=["loehne"]))
    assert "Tuesday, December 8, 9 a.m." in words(response)
    assert "8. December" not in words(response)


def test_arabic_times_follow_the_page_direction_and_phones_stay_left_to_right(client, office):
    factories.add_phone(office, "05732 100123")
    html = get(client, office, "ar").text
    assert '<time datetime="09:00">9:00 ص</time>' in html
    assert not re.search(r'dir="ltr">\s*<time', html)
    assert '<a dir="ltr" href="tel:+495732100123">05732 100123</a>' in html


def test_the_answers_phone_reads_left_to_right_on_an_arabic_page(client, office):
    factories.add_phone(office, "05732 100123")
    with translation.override("ar"):
        path = reverse("pages:responsible")
    response = client.get(path, {"gemeinde": "loehne", "thema": "jmd"})
    assert '<a dir="ltr" href="tel:+495732100123">05732 100123</a>' in response.text


# Headings and labels


def test_the_hours_have_one_heading_which_names_their_table(client, office):
    html = get(client, office, "de").text
    assert len(re.findall(r">\s*Sprechzeiten\s*<", html)) == 1
    assert "<caption>" not in html
    assert 'aria-labelledby="hours-heading"' in html.split("<table", 1)[1].split(">", 1)[0]


def test_a_phones_name_sits_in_its_brackets_without_a_stray_space(client, office):
    factories.add_phone(office, "05732 100123", description="Zentrale")
    assert "<dt>Telefon (Zentrale)</dt>" in get(client, office, "de").text


def test_an_untranslated_phone_name_says_so_inside_its_brackets(client, office):
    factories.add_phone(office, "05732 100123", description="Zentrale")
    assert (
        '<dt>Phone (<span lang="de" dir="ltr">Zentrale</span>, '
        '<span class="untranslated-note">only in German</span>)</dt>'
    ) in get(client, office, "en").text


def test_a_badge_keeps_the_space_between_its_words_and_the_towns_name(client, office):
    # A badge is a flexible box: text and town as two boxes would lose the space between.
    with translation.override("ar"):
        html = client.get(reverse("institutions:institution-list")).text
    assert re.search(r'<span class="badge badge--local"><span>[^<]*: <bdi>Löhne</bdi></span>', html)


def test_the_stylesheet_breaks_only_addresses_anywhere(client, office):
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.DOTALL)
    rules = re.findall(r"([^{}]+)\{([^}]*)\}", css)
    anywhere = [selector.strip() for selector, body in rules if "overflow-wrap: anywhere" in body]
    assert anywhere == ['.contact a[href^="mailto:"],\n.long-address']
    office.email = "beratung-sued@example.org"
    office.save()
    html = get(client, office, "de").text
    assert 'href="mailto:beratung-sued@example.org" class="long-address">' in html


# The answer of /zustaendig/


def answer_text(client, **query):
    return words(client.get(reverse("pages:responsible"), query))


def test_the_answer_names_the_age_range_once(client, office):
    text = answer_text(client, gemeinde="loehne", thema="jmd")
    assert text.count("12 bis 27") == 1


def test_the_answer_states_the_ages_an_explanation_leaves_out(client, office):
    topic = Service.objects.get(slug="jmd")
    topic.explanation = "Beratung und Begleitung für junge Zugewanderte."
    topic.save()
    text = answer_text(client, gemeinde="loehne", thema="jmd")
    assert "Jugendmigrationsdienst (JMD) berät Menschen von 12 bis 27 Jahren." in text
    assert "Beratung und Begleitung für junge Zugewanderte." in text


@pytest.mark.parametrize(
    ("language", "maximum_age", "expected"),
    [
        ("ru", 21, "людей до 21 года"),
        ("ru", 27, "людей до 27 лет"),
        ("uk", 21, "людей віком до 21 року"),
        ("uk", 27, "людей віком до 27 років"),
    ],
)
def test_russian_and_ukrainian_ages_take_the_numbers_plural(language, maximum_age, expected):
    topic = Service(name="Thema", maximum_age=maximum_age)
    with translation.override(language):
        assert whom(topic) == expected


def test_the_exported_age_range_takes_the_numbers_plural():
    institution = factories.institution(minimum_age=18, maximum_age=21)
    with translation.override("ru"):
        assert age_range_in_words(institution) == "18–21 год"
    with translation.override("uk"):
        assert age_range_in_words(institution) == "18–21 рік"


# The people list


def test_nothing_found_offers_no_download(client, office):
    factories.member(institution_obj=office)
    response = client.get(reverse("members:member-list"), {"q": "niemand-heisst-so"})
    assert "0 Personen gefunden" in words(response)
    assert "export.csv" not in response.text and "export.vcf" not in response.text


def test_a_list_with_people_offers_its_downloads(client, office):
    factories.member(institution_obj=office)
    response = client.get(reverse("members:member-list"))
    assert "export.csv" in response.text and "export.vcf" in response.text


# The admin


def test_the_admins_hour_forms_show_hours_and_minutes(coordinator_client, office):
    hour = office.hours.get()
    change = coordinator_client.get(
        reverse("admin:institutions_institution_change", args=[office.pk])
    )
    own = coordinator_client.get(
        reverse("admin:institutions_consultationhour_change", args=[hour.pk])
    )
    for response in (change, own):
        assert response.status_code == 200
        assert 'value="09:00"' in response.text
        assert "09:00:00" not in response.text


def test_the_hour_inline_lays_its_fields_out_in_rows(coordinator_client, office):
    response = coordinator_client.get(
        reverse("admin:institutions_institution_change", args=[office.pk])
    )
    inline = next(
        i
        for i in response.context["inline_admin_formsets"]
        if i.opts.model.__name__ == "ConsultationHour"
    )
    assert inline.opts.template == "admin/edit_inline/stacked.html"
    assert ("starts", "ends", "appointment_needed") in inline.opts.fieldsets[0][1]["fields"]


def test_the_slug_help_text_shows_its_example_address(coordinator_client):
    response = coordinator_client.get(reverse("admin:members_member_add"))
    assert "/mitglieder/vorname-nachname/" in response.text
    assert "<Kurzname>" not in response.text and "&lt;Kurzname&gt;" not in response.text


# A person without contact data of their own


def test_a_person_without_a_phone_of_their_own_shows_their_institutions_number(client, office):
    factories.add_phone(office, "05732 1810")
    person = factories.member("Amira", "Haddad", institution_obj=office)
    page = get(client, person, "ar").text
    assert 'href="tel:+4957321810"' in page


def test_the_next_hour_joins_weekday_and_date_the_arabic_way(
    client, office, monday_before_christmas
):
    text = words(get(client, office, "ar"))
    assert "الثلاثاء، " in text
    assert "الثلاثاء, " not in text


def test_a_town_with_many_hours_lists_the_soonest_and_says_how_many_follow(
    client, office, monday_before_christmas
):
    for weekday in range(5):
        for n in range(8):
            factories.hour(
                office,
                weekday=weekday,
                starts=f"{8 + n:02}:00",
                ends=f"{8 + n:02}:30",
                location=office.place,
            )
    town = factories.municipality("loehne")
    text = words(get(client, town, "de"))
    assert text.count("Büro Süd") == 30
    # 41 hours a week (the Tuesday one besides), two weeks, less the 30 shown.
    assert "52 weitere Sprechzeiten in den nächsten 14 Tagen" in text
