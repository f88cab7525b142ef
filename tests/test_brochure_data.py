"""The seed data says what the brochure "widunetz 2005–2015" says, and nothing more."""

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command

from institutions.models import (
    Closure,
    ConsultationHour,
    Institution,
    InstitutionStatus,
    Location,
    Municipality,
    Phone,
)
from members.models import Member, Membership, WorkingGroup
from pages.models import Goal, TimelineEntry
from tests import factories

pytestmark = pytest.mark.django_db

FIXTURE = settings.BASE_DIR / "fixtures" / "brochure.json"


@pytest.fixture
def brochure_json():
    call_command("loaddata", str(FIXTURE), verbosity=0)


def member(last_name):
    return Member.objects.select_related("institution", "institution__parent").get(
        last_name=last_name
    )


def test_roster_has_48_members(brochure_json):
    assert Member.objects.count() == 48


def test_every_member_belongs_to_the_projektgruppe(brochure_json):
    projektgruppe = WorkingGroup.objects.get(slug="projektgruppe")
    assert Member.objects.in_group(projektgruppe).count() == 48
    assert Membership.objects.exclude(group=projektgruppe).count() == 0


@pytest.mark.parametrize(
    ("last_name", "first_name"),
    [
        ("Stančić", "Nataša"),
        ("Bögeholz", "Dagmar"),
        ("Buß", "Peter"),
        ("Köhn", "Peter"),
        ("Laukötter", "Doris"),
        ("Chaput", "Marie Joelle"),
    ],
)
def test_names_keep_the_printed_spelling(brochure_json, last_name, first_name):
    assert Member.objects.filter(last_name=last_name, first_name=first_name).count() == 1


def test_kommunales_integrationszentrum_is_one_record_with_six_people(brochure_json):
    records = Institution.objects.filter(name__startswith="Kommunales Integrationszentrum")
    assert records.count() == 1
    ki = records.get()
    assert ki.short_name == "KI"
    assert ki.parent.name == "Kreis Herford"
    assert sorted(ki.members.values_list("last_name", flat=True)) == [
        "Bibi",
        "Fricke",
        "Kaiser",
        "Kirf",
        "Osterloff",
        "Schürmann",
    ]


def test_drk_has_its_full_name_and_holds_naggar(brochure_json):
    drk = Institution.objects.get(name="DRK Kreisverband Herford-Stadt e.V.")
    assert drk.short_name == "DRK"
    assert member("Naggar").institution == drk


def test_projektbuero_is_a_unit_of_the_kreis_holding_chaput(brochure_json):
    chaput = member("Chaput")
    assert chaput.institution.slug == "kreis-herford-projektbuero"
    assert chaput.institution.parent.name == "Kreis Herford"


def test_burmann_is_dezernent_at_the_kreis(brochure_json):
    burmann = member("Burmann")
    assert burmann.function == "Dezernent"
    assert burmann.institution.name == "Kreis Herford"


def test_nickles_is_integrationsbeauftragte_of_stadt_herford(brochure_json):
    nickles = member("Nickles")
    assert nickles.function == "Integrationsbeauftragte"
    assert nickles.institution.name == "Stadt Herford"


def test_kuhn_is_migrationsbeauftragte_at_the_jobcenter(brochure_json):
    kuhn = member("Kuhn")
    assert kuhn.function == "Migrationsbeauftragte FM Arbeit & Sprache"
    assert kuhn.institution.name == "Jobcenter Kreis Herford"


def test_laukoetter_and_lindemann_work_in_the_diakonie_jugendmigrationsdienst(brochure_json):
    for last_name in ("Laukötter", "Lindemann"):
        unit = member(last_name).institution
        assert unit.name == "Jugendmigrationsdienst"
        assert unit.short_name == "JMD"
        assert unit.parent.name == "Diakonisches Werk im Kirchenkreis Herford e.V."


def test_the_nine_municipalities_are_the_ones_the_factories_build(brochure_json):
    """Tests build towns from factories.MUNICIPALITIES: the same nine, names and kinds."""
    towns = Municipality.objects.values_list("name", "slug", "kind")
    assert sorted(towns) == sorted(factories.MUNICIPALITIES)
    assert len(factories.MUNICIPALITIES) == 9


def test_the_four_working_groups_have_their_slugs_in_order(brochure_json):
    assert list(WorkingGroup.objects.values_list("slug", flat=True)) == [
        "kerngruppe",
        "projektgruppe",
        "arbeitskreis-migrationsfachdienste",
        "arbeitskreis-interkulturelle-oeffnung",
    ]


def test_six_goals_in_brochure_order(brochure_json):
    titles = list(Goal.objects.values_list("title", flat=True))
    assert len(titles) == 6
    assert titles[0] == "Öffentlichkeitsarbeit zum Thema Migration und Integration"
    assert titles[-1] == "Erschließung von Fördermöglichkeiten"
    assert Goal.objects.get(explanation="Transparenz").title == "Gegenseitige Information"


def test_agreement_of_27_february_2008_is_dated_to_the_day(brochure_json):
    entry = TimelineEntry.objects.get(date=datetime.date(2008, 2, 27))
    assert entry.precision == TimelineEntry.Precision.DAY


def test_no_member_has_an_invented_phone_or_email(brochure_json):
    assert not Phone.objects.exists()
    assert not Member.objects.exclude(email="").exists()


def test_no_institution_has_invented_contact_data(brochure_json):
    assert not Institution.objects.exclude(email="").exists()
    assert not Institution.objects.exclude(website="").exists()
    assert not Institution.objects.exclude(booking_url="").exists()
    assert not Institution.objects.exclude(online_url="").exists()


def test_the_brochure_prints_no_hours_closures_or_age_limits(brochure_json):
    assert not ConsultationHour.objects.exists()
    assert not Closure.objects.exists()
    for field in ("minimum_age", "maximum_age", "closed_until"):
        assert not Institution.objects.filter(**{f"{field}__isnull": False}).exists()
    assert set(Institution.objects.values_list("status", flat=True)) == {InstitutionStatus.ACTIVE}


def test_only_the_kreis_herford_has_an_address(brochure_json):
    assert list(
        Location.objects.values_list(
            "institution__name", "street", "postal_code", "city", "municipality__slug"
        )
    ) == [("Kreis Herford", "Amtshausstraße 3", "32051", "Herford", "herford")]
    place = Location.objects.get()
    # Nothing the brochure does not print: no coordinates, directions or accessibility.
    assert (place.latitude, place.longitude, place.directions) == (None, None, "")
    assert place.accessibility == []


def test_each_town_serves_only_its_own_municipality(brochure_json):
    towns = Institution.objects.filter(kind=Institution.Kind.MUNICIPAL)
    assert towns.count() == 9
    for town in towns:
        assert not town.county_wide
        assert list(town.service_area.all()) == [town.seat]
        assert town.name.endswith(town.seat.name)
    loehne = Municipality.objects.get(slug="loehne")
    assert list(Institution.objects.local_to(loehne)) == [
        Institution.objects.get(name="Stadt Löhne")
    ]
