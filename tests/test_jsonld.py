"""Institution and person pages carry schema.org JSON-LD, read back here as a search engine
reads it (extruct), saying what the page says and nothing the public may not see."""

import datetime

import extruct
import pytest

from institutions.models import Institution, Language
from members.models import Member
from tests import factories

pytestmark = pytest.mark.django_db


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200
    found = extruct.extract(response.text, base_url="http://testserver/", syntaxes=["json-ld"])
    assert len(found["json-ld"]) == 1, found
    return found["json-ld"][0]


@pytest.fixture
def welfare_office():
    """A welfare association's office in Löhne and Vlotho, reachable in Arabic and Turkish."""
    office = factories.institution(
        "Migrationsberatung Musterverband",
        kind=Institution.Kind.WELFARE,
        serves=["loehne", "vlotho"],
        phone="05732 100-0",
        email="beratung@beispiel.example",
        description="Beratung für Zugewanderte.",
    )
    office.languages.add(Language.objects.get_or_create(code="ar")[0])
    office.languages.add(Language.objects.get_or_create(code="tr")[0])
    place = factories.location(office, "loehne", street="Marktstraße 2")
    factories.hour(office, weekday=1, starts="09:00", ends="12:00", location=place)
    # Every second week: a weekly reading would send people on the wrong days.
    factories.hour(
        office,
        weekday=3,
        starts="14:00",
        ends="16:00",
        every_weeks=2,
        valid_from=datetime.date(2026, 1, 7),
    )
    return office


def test_a_welfare_association_is_an_ngo_with_its_contact_point(client, welfare_office):
    data = json_ld(client, welfare_office.get_absolute_url())

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NGO"
    assert data["name"] == "Migrationsberatung Musterverband"
    assert data["url"] == f"http://testserver{welfare_office.get_absolute_url()}"
    assert data["address"] == [
        {
            "@type": "PostalAddress",
            "name": "Büro Migrationsberatung Musterverband",
            "streetAddress": "Marktstraße 2",
            "postalCode": "32584",
            "addressLocality": "Löhne",
            "addressRegion": "NRW",
            "addressCountry": "DE",
        }
    ]
    assert [area["name"] for area in data["areaServed"]] == ["Löhne", "Vlotho"]
    contact = data["contactPoint"]
    assert contact["@type"] == "ContactPoint"
    assert contact["telephone"] == "+4957321000"
    assert contact["email"] == "beratung@beispiel.example"
    assert [language["alternateName"] for language in contact["availableLanguage"]] == [
        "ar",
        "tr",
    ]
    assert contact["areaServed"] == data["areaServed"]
    assert contact["hoursAvailable"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": "https://schema.org/Tuesday",
            "opens": "09:00",
            "closes": "12:00",
        }
    ]


@pytest.mark.parametrize(
    ("kind", "schema_type"),
    [
        (Institution.Kind.MUNICIPAL, "GovernmentOrganization"),
        (Institution.Kind.COUNTY, "GovernmentOrganization"),
        (Institution.Kind.AUTHORITY, "GovernmentOrganization"),
        (Institution.Kind.WELFARE, "NGO"),
        (Institution.Kind.EDUCATION, "Organization"),
    ],
)
def test_the_kind_of_institution_decides_its_type(client, kind, schema_type):
    institution = factories.institution(kind=kind)
    assert json_ld(client, institution.get_absolute_url())["@type"] == schema_type


def test_a_county_wide_office_serves_the_county_and_names_its_trager(client):
    county = factories.institution("Kreis Herford", kind=Institution.Kind.COUNTY)
    unit = factories.institution(
        "Kommunales Integrationszentrum",
        kind=Institution.Kind.COUNTY,
        county_wide=True,
        parent=county,
    )
    data = json_ld(client, unit.get_absolute_url())
    assert data["areaServed"] == {"@type": "AdministrativeArea", "name": "Kreis Herford"}
    assert data["parentOrganization"] == {
        "@type": "GovernmentOrganization",
        "name": "Kreis Herford",
        "url": f"http://testserver{county.get_absolute_url()}",
    }


def test_only_public_people_appear_in_an_institutions_data(client, welfare_office):
    shown = factories.member("Erika", "Sichtbar", institution_obj=welfare_office)
    factories.member("Hans", "Verborgen", institution_obj=welfare_office, is_public=False)

    response = client.get(welfare_office.get_absolute_url())
    data = json_ld(client, welfare_office.get_absolute_url())

    assert data["employee"] == [
        {
            "@type": "Person",
            "name": "Erika Sichtbar",
            "url": f"http://testserver{shown.get_absolute_url()}",
        }
    ]
    assert "Verborgen" not in response.text


def test_a_persons_page_describes_the_person_and_where_they_work(client, welfare_office):
    person = factories.member(
        "Erika",
        "Muster",
        institution_obj=welfare_office,
        function="Migrationsberaterin",
        email="erika.muster@beispiel.example",
        phone="05732 100-12",
    )
    person.languages.add(Language.objects.get_or_create(code="ru")[0])
    factories.membership(person, factories.working_group())
    factories.hour(person, weekday=0, starts="08:30", ends="10:00")

    data = json_ld(client, person.get_absolute_url())

    assert data["@type"] == "Person"
    assert (data["givenName"], data["familyName"]) == ("Erika", "Muster")
    assert data["jobTitle"] == "Migrationsberaterin"
    assert data["worksFor"]["@type"] == "NGO"
    assert data["worksFor"]["name"] == "Migrationsberatung Musterverband"
    assert [group["name"] for group in data["memberOf"]] == ["Projektgruppe"]
    contact = data["contactPoint"]
    assert contact["telephone"] == "+49573210012"
    assert [language["alternateName"] for language in contact["availableLanguage"]] == ["ru"]
    assert contact["hoursAvailable"][0]["dayOfWeek"] == "https://schema.org/Monday"


def test_a_person_without_own_hours_is_reached_in_the_institutions(client, welfare_office):
    person = factories.member(institution_obj=welfare_office)
    contact = json_ld(client, person.get_absolute_url())["contactPoint"]
    assert [hour["opens"] for hour in contact["hoursAvailable"]] == ["09:00"]


def test_editors_text_cannot_end_the_data_block(client):
    attack = "</script><script>alert(1)</script><!--"
    institution = factories.institution(description=attack)
    response = client.get(institution.get_absolute_url())
    assert "<script>alert" not in response.text
    assert json_ld(client, institution.get_absolute_url())["description"] == attack


def test_the_english_page_links_the_english_pages(client, welfare_office):
    person_path = factories.member(institution_obj=welfare_office).get_absolute_url()
    office_path = welfare_office.get_absolute_url()
    data = json_ld(client, f"/en{office_path}")
    assert data["url"] == f"http://testserver/en{office_path}"
    assert data["employee"][0]["url"] == f"http://testserver/en{person_path}"


def test_the_brochures_pages_carry_one_valid_record_each(client, brochure):
    types = {"GovernmentOrganization", "NGO", "Organization"}
    one_of_each_kind = {row.kind: row for row in Institution.objects.public()}.values()
    for institution in one_of_each_kind:
        data = json_ld(client, institution.get_absolute_url())
        assert data["@type"] in types
        assert data["name"] == institution.name
    for person in Member.objects.public()[:3]:
        assert json_ld(client, person.get_absolute_url())["@type"] == "Person"
