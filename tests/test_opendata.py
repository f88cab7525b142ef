"""/daten/: what is published under which licence, and the HSDS tabular package, which
Frictionless Data validates as a whole: types, required fields, keys and references."""

import csv
import io
import json
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from frictionless import validate

from pages.models import DataLicence
from tests import factories
from tests.hsds import rich_network
from widunetz.identifiers import identifier

pytestmark = pytest.mark.django_db

TABLE_FILES = {
    "organizations.csv",
    "services.csv",
    "locations.csv",
    "addresses.csv",
    "accessibility.csv",
    "service_at_location.csv",
    "phones.csv",
    "contacts.csv",
    "schedules.csv",
    "service_areas.csv",
    "languages.csv",
    "cost_options.csv",
    "required_documents.csv",
    "attributes.csv",
    "taxonomies.csv",
    "taxonomy_terms.csv",
}


@pytest.fixture
def network(db):
    return rich_network()


def package(client):
    response = client.get(reverse("pages:daten-hsds"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="widunetz-hsds-')
    return zipfile.ZipFile(io.BytesIO(response.content))


def table(archive, name):
    return list(csv.DictReader(io.StringIO(archive.read(name).decode("utf-8"))))


def assert_valid(archive, tmp_path):
    archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


# --- the page ------------------------------------------------------------------------------


def test_the_page_names_the_default_licence_and_offers_every_file(client, db):
    response = client.get(reverse("pages:daten"))
    text = response.text
    assert "Datenlizenz Deutschland – Namensnennung – Version 2.0" in text
    assert 'href="https://www.govdata.de/dl-de/by-2-0"' in text
    assert "„Kreis Herford – widunetz“" in text
    for route in [
        "pages:daten-hsds",
        "institutions:institution-csv",
        "members:member-export-csv",
        "members:member-export-vcf",
        "hsds:root",
    ]:
        assert f'href="{reverse(route)}"' in text
        assert client.get(reverse(route)).status_code == 200, route


@pytest.fixture
def licence(db):
    """The office's one licence row (a migration makes it; a test's flush may not have)."""
    return DataLicence.objects.first() or DataLicence.objects.create()


def test_the_office_chooses_the_licence_in_the_admin(client, coordinator_client, settings, licence):
    settings.PAGE_CACHE_SECONDS = 600
    assert "Namensnennung" in client.get(reverse("pages:daten")).text
    change = reverse("admin:pages_datalicence_change", args=[licence.pk])
    response = coordinator_client.post(
        change, {"licence": "cc0-1.0", "attribution": "Kreis Herford – widunetz"}
    )
    assert response.status_code == 302
    client.cookies.clear()

    text = client.get(reverse("pages:daten")).text
    assert "Creative Commons Zero 1.0 Universell (gemeinfrei)" in text
    assert "ohne die Quelle zu nennen" in text
    descriptor = json.loads(package(client).read("datapackage.json"))
    assert descriptor["licenses"] == [
        {
            "name": "cc0-1.0",
            "path": "https://creativecommons.org/publicdomain/zero/1.0/",
            "title": "Creative Commons Zero 1.0 Universell (gemeinfrei)",
        }
    ]


def test_the_licence_is_one_choice_that_cannot_be_added_twice_or_deleted(
    coordinator_client, licence
):
    assert coordinator_client.get(reverse("admin:pages_datalicence_add")).status_code == 403
    delete = reverse("admin:pages_datalicence_delete", args=[licence.pk])
    assert coordinator_client.get(delete).status_code == 403
    assert DataLicence.objects.count() == 1


def test_the_page_reads_in_english_and_arabic(client, db):
    page, zip_file = reverse("pages:daten"), reverse("pages:daten-hsds")
    for language in ["en", "ar"]:
        response = client.get(f"/{language}{page}")
        assert response.status_code == 200
        assert f'href="/{language}{zip_file}"' in response.text


# --- the HSDS tabular package --------------------------------------------------------------


def test_the_package_of_the_brochure_is_a_valid_data_package(client, brochure, tmp_path):
    archive = package(client)
    assert set(archive.namelist()) == {"datapackage.json", *TABLE_FILES}
    assert_valid(archive, tmp_path)


def test_the_package_with_every_field_filled_is_a_valid_data_package(client, network, tmp_path):
    archive = package(client)
    assert_valid(archive, tmp_path)
    for name in ["schedules.csv", "accessibility.csv", "required_documents.csv"]:
        assert table(archive, name), f"{name} is empty: the check would prove nothing"


def test_the_tables_have_hsds_columns_in_hsds_order(client, network):
    archive = package(client)
    header = archive.read("services.csv").decode("utf-8").splitlines()[0].split(",")
    assert header[:4] == ["id", "organization_id", "program_id", "name"]
    descriptor = json.loads(archive.read("datapackage.json"))
    services = next(r for r in descriptor["resources"] if r["name"] == "service")
    assert services["schema"]["primaryKey"] == ["id"]
    assert {
        "fields": "organization_id",
        "reference": {"resource": "organization", "fields": "id"},
    } in (services["schema"]["foreignKeys"])


def test_the_package_holds_the_apis_objects_under_the_same_identifiers(client, network):
    archive = package(client)
    unit, person = network["unit"], network["person"]
    organizations = {row["id"]: row for row in table(archive, "organizations.csv")}
    found = organizations[str(identifier("organization", unit.pk))]
    assert found["name"] == "Jugendmigrationsdienst"
    assert found["parent_organization_id"] == str(identifier("organization", network["carrier"].pk))
    api = client.get(reverse("hsds:organization-detail", args=[found["id"]])).json()
    assert {service["id"] for service in api["services"]} <= {
        row["id"] for row in table(archive, "services.csv")
    }
    names = {row["name"] for row in table(archive, "contacts.csv")}
    assert person.full_name in names


def test_nothing_that_is_not_public_is_in_any_file(client, network):
    archive = package(client)
    everything = "".join(archive.read(name).decode("utf-8") for name in archive.namelist())
    for secret in [
        "Verborgene",
        "0221 4710 999",
        "+492214710999",
        "Geheime Stelle",
        "Geheimer Ort",
    ]:
        assert secret not in everything


def test_the_package_costs_the_same_queries_for_any_number_of_institutions(client, network):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            package(client)
        return len(captured)

    few = queries()
    for number in range(10):
        office = factories.institution(f"Weitere Stelle {number}", serves=["loehne"])
        factories.member("Person", f"Nummer {number}", institution_obj=office, phone="05221 131234")
        factories.hour(office, location=factories.location(office))
    assert queries() <= few


def test_the_package_is_kept_in_the_page_cache_until_an_edit(
    client, network, cache_in_memory, settings
):
    settings.PAGE_CACHE_SECONDS = 600
    first = package(client)
    with CaptureQueriesContext(connection) as captured:
        again = package(client)
    assert len(captured) == 0
    assert again.read("organizations.csv") == first.read("organizations.csv")

    network["unit"].name = "Jugendmigrationsdienst Herford"
    network["unit"].save()
    names = {row["name"] for row in table(package(client), "organizations.csv")}
    assert "Jugendmigrationsdienst Herford" in names


def test_the_same_data_gives_the_same_file_byte_for_byte(client, network):
    first = client.get(reverse("pages:daten-hsds")).content
    assert client.get(reverse("pages:daten-hsds")).content == first


def test_the_package_is_german_on_every_language_page(client, network):
    german = package(client).read("services.csv")
    response = client.get(f"/en{reverse('pages:daten-hsds')}")
    assert zipfile.ZipFile(io.BytesIO(response.content)).read("services.csv") == german
