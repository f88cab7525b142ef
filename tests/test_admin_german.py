"""The admin speaks German to an editor, also where Django 6.1's German catalogue is silent.

Django's own German catalogues lack the strings its 6.1 admin added (the action bar's
"Run", the "- Select an option -" of every select, the time-zone note of date fields);
widunetz/locale/de/ fills them in.
"""

import datetime
import json
import re
from pathlib import Path

import django
import polib
import pytest
from django.urls import reverse
from django.utils.translation import trans_real

from pages.models import TimelineEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    return TimelineEntry.objects.create(date=datetime.date(2005, 3, 1), title="Gründung")


@pytest.fixture
def german_editor(coordinator_client):
    """The office's editor, whose browser asks for German."""
    coordinator_client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de-DE,de;q=0.9"
    return coordinator_client


def options_of(html, name_ending):
    select = re.search(rf'<select name="[^"]*{name_ending}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select named …{name_ending}"
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(1))


def test_the_action_bar_of_a_list_is_german(german_editor, entry):
    html = german_editor.get(reverse("admin:pages_timelineentry_changelist")).text

    assert options_of(html, "action")[0] == "- Bitte auswählen -"
    assert ">Ausführen</button>" in html
    assert "Select an option" not in html
    assert ">Run</button>" not in html


def test_the_language_picker_of_a_translation_row_is_german(german_editor, entry):
    url = reverse("admin:pages_timelineentry_change", args=[entry.pk])
    html = german_editor.get(url).text

    assert options_of(html, "__prefix__-language") == [
        "- Bitte auswählen -",
        "Englisch",
        "Türkisch",
        "Arabisch",
        "Russisch",
        "Ukrainisch",
    ]
    assert "Select an option" not in html


def javascript_catalog(client):
    """The catalogue the admin's scripts translate with (its own jsi18n view)."""
    script = client.get(reverse("admin:jsi18n")).text
    return json.loads(re.search(r"const newcatalog = (\{.*?\});\n", script, re.S).group(1))


def test_the_time_zone_note_of_a_date_field_is_german(german_editor, entry):
    url = reverse("admin:pages_timelineentry_change", args=[entry.pk])
    html = german_editor.get(url).text
    # The note is written by DateTimeShortcuts.js next to a date field, in the words of
    # the admin's JavaScript catalogue.
    assert 'class="vDateField' in html
    assert reverse("admin:jsi18n") in html

    catalog = javascript_catalog(german_editor)

    ahead = "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)"
    behind = "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour behind.)"
    assert catalog[ahead] == [
        "Hinweis: Uhrzeiten bitte in der Zeitzone %(timezone)s eingeben. "
        "(Sie sind ihr %(offset)s Stunde voraus.)",
        "Hinweis: Uhrzeiten bitte in der Zeitzone %(timezone)s eingeben. "
        "(Sie sind ihr %(offset)s Stunden voraus.)",
    ]
    assert catalog[behind][1].startswith("Hinweis: Uhrzeiten bitte in der Zeitzone")
    assert catalog["server"] == "Server"
    # The strings Django's German catalogue did have still come from Django.
    assert catalog["Today"] == "Heute"


def django_msgids(package, domain):
    """Every text of a Django package, from its (source-language) English catalogue."""
    po = Path(django.__file__).parent / package / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
    for entry in polib.pofile(str(po)):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        yield (key, 0) if entry.msgid_plural else key


@pytest.mark.parametrize("package", ["conf", "contrib/admin", "contrib/auth"])
def test_every_text_the_admin_shows_has_a_german_translation(package):
    german = trans_real.translation("de")._catalog

    missing = [msgid for msgid in django_msgids(package, "django") if msgid not in german]

    assert missing == []


def test_every_text_of_the_admin_scripts_has_a_german_translation(german_editor):
    german = javascript_catalog(german_editor)

    # The script catalogue keeps a text with plural forms under its singular.
    msgids = [m if isinstance(m, str) else m[0] for m in django_msgids("contrib/admin", "djangojs")]

    missing = [msgid for msgid in msgids if msgid not in german]

    assert missing == []
