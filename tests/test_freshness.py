"""How fresh an entry is: "geprüft im November 2026" for the public, the office's desk
in the admin, its CSV and `manage.py freshness_report`."""

import datetime
import io

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from institutions.desk import desk_items
from institutions.freshness import VerifiedListFilter, months_before
from institutions.models import Institution
from members.desk import OldConsentListFilter
from members.models import Member
from members.templatetags.freshness import freshness
from tests import factories

pytestmark = pytest.mark.django_db

# Thursday 3 December 2026, ten in the morning in Herford.
TODAY = datetime.date(2026, 12, 3)
MORNING = datetime.datetime(2026, 12, 3, 10, tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
# The last day a confirmation still counts as current, and the first one that does not.
STILL_CURRENT = datetime.date(2025, 12, 4)
DUE = datetime.date(2025, 12, 3)
ADMIN_INDEX = "/verwaltung/"


@pytest.fixture(autouse=True)
def third_of_december(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: MORNING.astimezone(datetime.UTC))


@pytest.fixture
def coordinator_client(client, coordinator):
    """The office signed in and past its second factor, as after typing its code.

    (conftest's sign-in hook cannot pass it for force_login: Django's login() gives
    that request no ``user`` for django-otp to mark.)"""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(coordinator)
    device, _created = TOTPDevice.objects.get_or_create(user=coordinator, name="Test")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def person_page(client, member, language="de"):
    with translation.override(language):
        url = member.get_absolute_url()
    return client.get(url).content.decode()


# --- what the public sees ----------------------------------------------------------


def test_person_page_names_the_month_of_the_last_confirmation_not_the_day(client):
    member = factories.member(verified_on=datetime.date(2026, 11, 17))
    page = person_page(client, member)
    assert "geprüft im November 2026" in page
    assert "17. November" not in page


def test_institution_page_names_the_month_of_the_last_confirmation(client):
    institution = factories.institution(is_public=True, verified_on=datetime.date(2026, 5, 2))
    page = client.get(institution.get_absolute_url()).content.decode()
    assert "geprüft im Mai 2026" in page
    assert "2. Mai 2026" not in page


@pytest.mark.parametrize(
    ("language", "month"),
    [("en", "November 2026"), ("ar", "نوفمبر 2026"), ("tr", "Kasım 2026"), ("ru", "ноябрь")],
)
def test_the_month_is_named_in_the_readers_language(client, language, month):
    member = factories.member(verified_on=datetime.date(2026, 11, 17))
    assert month in person_page(client, member, language)


def test_russian_and_ukrainian_write_the_month_small_inside_the_sentence():
    member = Member(verified_on=datetime.date(2026, 11, 17))
    with translation.override("ru"):
        assert "ноябрь 2026" in freshness(member)
    with translation.override("uk"):
        assert "листопад 2026" in freshness(member)


def test_an_entry_is_current_until_twelve_months_have_passed():
    assert freshness(Member(verified_on=STILL_CURRENT)) == "geprüft im Dezember 2025"
    assert freshness(Member(verified_on=DUE)) == "Diese Angaben werden gerade überprüft"


def test_an_entry_older_than_twelve_months_shows_review_instead_of_its_date(client):
    member = factories.member(verified_on=datetime.date(2024, 6, 1))
    page = person_page(client, member)
    assert "Diese Angaben werden gerade überprüft" in page
    assert "2024" not in page


def test_an_entry_never_confirmed_shows_no_date_and_no_review_note(client):
    member = factories.member(verified_on=None)
    page = person_page(client, member)
    assert "geprüft im" not in page
    assert "überprüft" not in page
    assert freshness(member) == ""


def test_cards_of_people_and_institutions_show_the_month(client):
    institution = factories.institution(is_public=True, verified_on=datetime.date(2026, 10, 1))
    factories.member(institution_obj=institution, verified_on=datetime.date(2026, 9, 30))
    people = client.get(reverse("members:member-list")).content.decode()
    assert '<p class="freshness">geprüft im September 2026</p>' in people
    institutions = client.get(reverse("institutions:institution-list")).content.decode()
    assert '<p class="freshness">geprüft im Oktober 2026</p>' in institutions


def test_a_year_can_be_counted_back_from_the_end_of_a_month():
    assert months_before(datetime.date(2026, 3, 31), 1) == datetime.date(2026, 2, 28)
    assert months_before(datetime.date(2028, 2, 29), 12) == datetime.date(2027, 2, 28)
    assert months_before(TODAY, 24) == datetime.date(2024, 12, 3)


# --- the office's desk -------------------------------------------------------------


@pytest.fixture
def entries():
    """Institutions and people confirmed never, too long ago and recently, and consents."""
    never = factories.institution(verified_on=None)
    stale = factories.institution(verified_on=DUE)
    current = factories.institution(verified_on=STILL_CURRENT)
    people = {
        "never": [factories.member(institution_obj=stale, verified_on=None) for _ in range(3)],
        "stale": [factories.member(institution_obj=never, verified_on=DUE)],
    }
    factories.member(institution_obj=never, verified_on=STILL_CURRENT)
    consent = {
        "institution_obj": current,
        "publication_basis": Member.Basis.CONSENT,
        "verified_on": TODAY,
    }
    people["old_consent"] = [
        factories.member(consent_date=datetime.date(2024, 12, 3), **consent),
        factories.member(consent_date=datetime.date(2020, 1, 1), **consent),
    ]
    factories.member(consent_date=datetime.date(2024, 12, 4), **consent)
    return people


def desk(response):
    return {str(item.label): (count, url) for item, count, url in response.context["desk"]}


def shown_rows(client, url):
    response = client.get(url)
    assert response.status_code == 200, url  # an unknown filter would redirect (?e=1)
    return {row.pk for row in response.context["cl"].result_list}


def test_the_desk_counts_what_the_office_has_to_review(coordinator_client, entries):
    counts = {
        label: count for label, (count, _url) in desk(coordinator_client.get(ADMIN_INDEX)).items()
    }
    # Requests and reports add lines of their own; these are the entries' freshness.
    assert {
        "Institutionen: nie geprüft": 1,
        "Institutionen: zuletzt geprüft vor mehr als 12 Monaten": 1,
        "Personen: nie geprüft": 3,
        "Personen: zuletzt geprüft vor mehr als 12 Monaten": 1,
        "Personen: Einwilligung älter als 24 Monate": 2,
    }.items() <= counts.items()


def test_each_count_links_to_a_list_of_exactly_those_rows(coordinator_client, entries):
    page = coordinator_client.get(ADMIN_INDEX)
    for item, count, url in page.context["desk"]:
        assert f'href="{url.replace("&", "&amp;")}"' in page.content.decode()
        expected = set(item.rows().values_list("pk", flat=True))
        assert len(expected) == count
        assert shown_rows(coordinator_client, url) == expected, item.label


def test_the_institutions_link_uses_the_review_filter_of_their_list(coordinator_client, entries):
    lines = desk(coordinator_client.get(ADMIN_INDEX))
    assert lines["Institutionen: nie geprüft"][1].endswith("?pruefung=nie")
    changelist = coordinator_client.get(lines["Institutionen: nie geprüft"][1])
    assert "älter als 12 Monate" in changelist.content.decode()  # the filter's choices


def test_the_people_links_use_the_filters_once_their_list_registers_them(
    coordinator_client, entries, monkeypatch
):
    # What members/admin.py is to gain: the filters in MemberAdmin.list_filter.
    member_admin = admin.site._registry[Member]
    filters = [*member_admin.list_filter, VerifiedListFilter, OldConsentListFilter]
    monkeypatch.setattr(member_admin, "list_filter", filters)
    lines = desk(coordinator_client.get(ADMIN_INDEX))
    never_url = lines["Personen: nie geprüft"][1]
    consent_url = lines["Personen: Einwilligung älter als 24 Monate"][1]
    assert never_url.endswith("?pruefung=nie")
    assert consent_url.endswith("?einwilligung=alt")
    assert shown_rows(coordinator_client, never_url) == {m.pk for m in entries["never"]}
    assert shown_rows(coordinator_client, consent_url) == {m.pk for m in entries["old_consent"]}


def test_the_office_sets_how_old_a_consent_may_grow(coordinator_client, entries, settings):
    settings.WIDUNETZ_CONSENT_REVIEW_MONTHS = 80
    lines = desk(coordinator_client.get(ADMIN_INDEX))
    assert lines["Personen: Einwilligung älter als 80 Monate"][0] == 1


def test_a_partner_editor_sees_the_usual_start_page_and_no_desk(client, django_user_model):
    editor = django_user_model.objects.create_user("redaktion", is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(editor)
    response = client.get(ADMIN_INDEX)
    assert response.status_code == 200
    assert response.context["desk"] is None
    assert "Was zu prüfen ist" not in response.content.decode()
    assert client.get(reverse("admin:desk-csv")).status_code == 403


def test_the_desk_downloads_as_csv_for_the_yearly_report(coordinator_client, entries):
    response = coordinator_client.get(reverse("admin:desk-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "widunetz-pruefstand-2026-12-03.csv" in response["Content-Disposition"]
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "Punkt;Anzahl;Stand"
    assert "Personen: nie geprüft;3;2026-12-03" in rows
    assert "Personen: Einwilligung älter als 24 Monate;2;2026-12-03" in rows
    assert len(rows) == 1 + len(desk_items())


def test_the_csv_is_the_offices_alone(client):
    assert client.get(reverse("admin:desk-csv")).status_code == 302  # to the login


def test_freshness_report_prints_the_desks_numbers_for_a_mail(entries):
    out = io.StringIO()
    call_command("freshness_report", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "widunetz – Stand der Prüfungen am 3. Dezember 2026"
    assert "     1  Institutionen: nie geprüft" in lines
    assert "     3  Personen: nie geprüft" in lines
    assert "     2  Personen: Einwilligung älter als 24 Monate" in lines


def test_desk_counts_every_entry_not_only_the_public_ones(coordinator_client):
    # The office reviews drafts too: the changelist it links to lists them.
    factories.institution(verified_on=None, is_public=False)
    assert Institution.objects.filter(listed=False).count() == 1
    lines = desk(coordinator_client.get(ADMIN_INDEX))
    assert lines["Institutionen: nie geprüft"][0] == 1
