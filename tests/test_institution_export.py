"""The public institutions as CSV for Excel: public ones only, in the columns the
office's import reads, cached like the pages."""

import csv
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from institutions.models import Institution
from institutions.resources import InstitutionResource
from tests import factories
from tests.test_import import CSV, confirm, snapshot, upload
from widunetz.identifiers import identifier

pytestmark = pytest.mark.django_db

URL = reverse("institutions:institution-csv")


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


@pytest.fixture
def directory(db):
    awo = factories.institution(
        "AWO Kreisverband", county_wide=True, phone="05221 599990", email="info@awo.example"
    )
    unit = factories.institution("Migrationsberatung", parent=awo, serves=["loehne", "vlotho"])
    unit.languages.set(["ar", "tr"])
    hidden = factories.institution("Noch nicht öffentlich", is_public=False)
    factories.institution("Unter verborgenem Träger", parent=hidden)
    return awo, unit


def test_only_public_institutions_in_the_importers_columns(client, directory):
    awo, unit = directory
    response = client.get(URL)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="widunetz-inst')
    header, *rows = read_csv(response)
    assert header == list(InstitutionResource().fields)
    by_name = {row[1]: dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_name) == {"AWO Kreisverband", "Migrationsberatung"}
    assert by_name["AWO Kreisverband"]["uuid"] == str(identifier("organization", awo.pk))
    assert by_name["AWO Kreisverband"]["Zuständig für"] == "kreisweit"
    assert by_name["Migrationsberatung"]["Zuständig für"] == "Löhne, Vlotho"
    assert by_name["Migrationsberatung"]["Träger"] == "AWO Kreisverband"
    assert by_name["Migrationsberatung"]["Beratungssprachen"] == "العربية, Türkçe"
    assert by_name["AWO Kreisverband"]["Telefon"] == "05221 599990"
    # Nothing only the office sees: who edits, whether changes are reviewed, who is public.
    assert not {"Redaktion", "öffentlich sichtbar", "partner_editors"} & set(header)


def test_spreadsheet_formulas_are_neutralised(client, db):
    factories.institution('=HYPERLINK("http://example.com")')
    rows = read_csv(client.get(URL))
    assert rows[1][1] == '\'=HYPERLINK("http://example.com")'


def test_the_file_takes_the_same_queries_for_two_or_twenty_institutions(client, db):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL).status_code == 200
        return len(captured)

    for _ in range(2):
        factories.institution(serves=["loehne"], phone="05221 1234")
    two = queries()
    for _ in range(18):
        factories.institution(serves=["vlotho"], phone="05221 1234")
    assert queries() == two


def test_the_file_is_served_from_the_page_cache_until_an_edit(
    client, directory, settings, cache_in_memory
):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    first = client.get(URL)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(URL)
    assert again.content == first.content
    assert not any("institutions_institution" in q["sql"] for q in captured)
    awo, _unit = directory
    awo.name = "AWO Kreisverband Herford"
    awo.save()
    assert "AWO Kreisverband Herford" in client.get(URL).content.decode()


def test_the_public_file_imported_by_the_office_changes_nothing(
    coordinator_client, client, directory
):
    before = snapshot()
    content = client.get(URL).content
    dry_run = upload(coordinator_client, Institution, content, "institutionen.csv", CSV)
    assert [row.import_type for row in dry_run.context["result"].valid_rows()] == ["skip"] * 2
    assert confirm(coordinator_client, Institution, dry_run).status_code == 302
    assert snapshot() == before
