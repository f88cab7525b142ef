"""Institutions are listed the German way, case and umlauts aside, on every database."""

import pytest
import reversion
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse
from reversion.models import Version

from institutions.models import Institution
from tests import factories
from tests.admin_forms import change_form_data

pytestmark = pytest.mark.django_db

GERMAN_ORDER = [
    "Agentur für Arbeit Herford",
    "Ärztekammer Westfalen-Lippe",
    "AWO Kreisverband Herford",
    "Caritasverband für den Kreis Herford",
    "CVJM Herford",
    "Zentrum für Integration",
]


@pytest.fixture
def institutions(db):
    # Created in code-point order ("AWO" first, "Ärztekammer" last): neither the
    # order of the rows nor their ids gives the German one.
    return [factories.institution(name) for name in sorted(GERMAN_ORDER)]


def names(objects):
    return [str(obj) for obj in objects]


def test_the_institutions_page_lists_them_the_german_way(client, institutions):
    page = client.get(reverse("institutions:institution-list"))
    assert names(page.context["object_list"]) == GERMAN_ORDER
    positions = [page.text.index(name) for name in GERMAN_ORDER]
    assert positions == sorted(positions)


def test_the_members_filter_offers_institutions_the_german_way(client, institutions):
    page = client.get(reverse("members:member-list"))
    choices = page.context["filter"].form.fields["institution"].widget.choices
    assert [label for value, label in choices if value] == GERMAN_ORDER


def test_the_admin_lists_them_the_german_way(coordinator_client, institutions):
    page = coordinator_client.get(reverse("admin:institutions_institution_changelist"))
    assert names(page.context["cl"].result_list) == GERMAN_ORDER


def test_a_renamed_institution_moves_to_its_new_place(institutions):
    zentrum = Institution.objects.get(name="Zentrum für Integration")
    zentrum.name = "Bürgerzentrum"
    zentrum.save(update_fields=["name"])
    assert names(Institution.objects.all()) == [
        *GERMAN_ORDER[:3],
        "Bürgerzentrum",
        *GERMAN_ORDER[3:5],
    ]


def test_a_name_reverted_in_the_admin_takes_its_place_again(coordinator_client, institutions):
    zentrum = Institution.objects.get(name="Zentrum für Integration")
    with reversion.create_revision():
        zentrum.save()
    url = reverse("admin:institutions_institution_change", args=[zentrum.pk])
    form = change_form_data(coordinator_client.get(url), name="Bürgerzentrum")
    assert coordinator_client.post(url, form).status_code == 302
    first = Version.objects.get_for_object(zentrum).order_by("pk").first()
    revert_url = reverse("admin:institutions_institution_revision", args=[zentrum.pk, first.pk])
    response = coordinator_client.post(
        revert_url, change_form_data(coordinator_client.get(revert_url))
    )
    assert response.status_code == 302
    assert names(Institution.objects.all()) == GERMAN_ORDER


@pytest.mark.django_db(transaction=True)
def test_institutions_of_the_landed_schema_are_sorted_after_migrating(client):
    landed = [("institutions", "0006_listed")]
    executor = MigrationExecutor(connection)
    executor.migrate(landed)
    old = executor.loader.project_state(landed).apps.get_model("institutions", "Institution")
    for n, name in enumerate(sorted(GERMAN_ORDER)):
        old.objects.create(name=name, slug=f"einrichtung-{n}", kind="sonstige", listed=True)

    call_command("migrate", verbosity=0)

    page = client.get(reverse("institutions:institution-list"))
    assert names(page.context["object_list"]) == GERMAN_ORDER
