"""What a list says once and what it offers: shared facts above the cards, and only
the topics and languages someone in the directory offers, each with its count."""

import re

from django.urls import reverse

from institutions.models import Institution, Language
from members.models import Member, Membership, WorkingGroup

MEMBERS = reverse("members:member-list")
INSTITUTIONS = reverse("institutions:institution-list")
HOME = reverse("pages:home")


def options(html, name):
    """The visible labels of the select ``name``, without its "all" entry."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    if not select:
        return None
    labels = re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))
    return [label for label in labels[1:]]


def result_count(response):
    return response.context["paginator"].count


# --- Said once instead of on every card ---------------------------------------------


def test_the_loehne_list_names_the_shared_working_group_once_not_on_each_card(client, brochure):
    html = client.get(MEMBERS, {"gemeinde": "loehne"}).text

    assert "Arbeitskreise:" not in html
    assert html.count("sind Mitglied im Arbeitskreis") == 1
    assert html.count("kreisweit zuständig") == 0
    assert html.count("für alle Städte und Gemeinden im Kreis Herford zuständig") == 1
    assert "zuständig für Löhne" in html  # what tells the town's own staff apart


def test_a_group_only_some_people_share_stays_on_their_cards(client, brochure):
    steering = WorkingGroup.objects.create(name="Lenkungsgruppe", slug="lenkungsgruppe")
    koehn = Member.objects.get(last_name="Köhn")
    Membership.objects.create(member=koehn, group=steering)

    html = client.get(MEMBERS, {"gemeinde": "loehne"}).text

    assert html.count("Arbeitskreise:") == 1
    card = re.search(r'<li class="card">(?:(?!</li>).)*Köhn.*?</li>', html, re.S).group(0)
    assert "Lenkungsgruppe" in card
    assert "Projektgruppe" not in card  # still said once above the cards


def test_a_working_groups_own_page_does_not_repeat_its_name_above_the_cards(client, brochure):
    html = client.get(reverse("members:workinggroup-detail", args=["projektgruppe"])).text

    assert "Arbeitskreise:" not in html
    assert "sind Mitglied im Arbeitskreis" not in html


def test_the_town_page_says_the_shared_group_once_for_both_its_lists(client, brochure):
    html = client.get(reverse("members:municipality-detail", args=["loehne"])).text

    assert html.count("sind Mitglied im Arbeitskreis") == 1
    assert "Arbeitskreise:" not in html
    assert "kreisweit zuständig</span>" not in html


# --- Only what someone offers, with its count -----------------------------------------


def test_no_language_is_offered_where_nobody_has_entered_one(client, brochure):
    html = client.get(MEMBERS).text

    assert options(html, "sprache") is None
    assert "Beratung in anderen Sprachen ist noch nicht eingetragen." in html


def test_a_language_someone_counsels_in_is_offered_with_its_count(client, brochure):
    Member.objects.get(last_name="Köhn").languages.add(Language.objects.get(code="ar"))
    Institution.objects.get(slug="stadt-loehne").languages.add(Language.objects.get(code="tr"))

    response = client.get(MEMBERS)
    offered = options(response.text, "sprache")

    turkish = client.get(MEMBERS, {"sprache": "tr"})
    assert offered == ["العربية (1)", f"Türkçe ({result_count(turkish)})"]
    assert result_count(turkish) >= 2  # everyone at Stadt Löhne
    assert "noch nicht eingetragen" not in response.text


def test_only_topics_someone_offers_are_choices_and_each_count_is_what_it_shows(client, brochure):
    offered = options(client.get(MEMBERS).text, "thema")

    assert offered, "no topic offered"
    assert not any(label.startswith("Ehrenamt") for label in offered)
    for label in offered:
        name, count = re.fullmatch(r"(.*) \((\d+)\)", label).groups()
        slug = re.search(
            rf'<option value="([^"]+)">{re.escape(label)}</option>', client.get(MEMBERS).text
        ).group(1)
        assert result_count(client.get(MEMBERS, {"thema": slug})) == int(count), name


def test_the_institution_list_counts_institutions(client, brochure):
    offered = options(client.get(INSTITUTIONS).text, "thema")
    refugees = [label for label in offered if label.startswith("Flüchtlingsberatung")]

    shown = client.get(INSTITUTIONS, {"thema": "fluechtlingsberatung"})
    assert refugees == [f"Flüchtlingsberatung ({result_count(shown)})"]


def test_a_topic_in_the_address_that_nobody_offers_stays_chosen_with_its_zero(client, brochure):
    html = client.get(MEMBERS, {"thema": "ehrenamt"}).text

    assert '<option value="ehrenamt" selected>Ehrenamt (0)</option>' in html
    assert "Keine Person gefunden." in html


def test_the_start_page_leads_only_to_topics_with_people(client, brochure):
    html = client.get(HOME).text

    assert "?thema=ehrenamt" not in html
    tile = re.search(r'\?thema=fluechtlingsberatung">.*?(\d+) Ansprechpersonen', html, re.S).group(
        1
    )
    assert int(tile) == result_count(client.get(MEMBERS, {"thema": "fluechtlingsberatung"}))
