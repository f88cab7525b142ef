"""Migrations that move or rename keep every row and its history."""

import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

BEFORE_THE_MOVE = [("pages", "0005_translation"), ("widunetz", None)]


@pytest.mark.django_db(transaction=True)
def test_translations_of_the_landed_schema_are_shown_after_migrating():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    # The schema as it now is: unapplying widunetz took back what depends on it too.
    executor.loader.build_graph()
    old = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    content_types = old.get_model("contenttypes", "ContentType").objects
    institution_type = content_types.get_or_create(app_label="institutions", model="institution")[0]
    # Permissions and the history of translations point at this row.
    translation_type = content_types.get_or_create(app_label="pages", model="translation")[0]
    # The other apps are at their newest schema: the row as save() stores it there.
    institution = old.get_model("institutions", "Institution").objects.create(
        name="Stadt Löhne",
        slug="stadt-loehne",
        kind="kommune",
        description="Rathaus Löhne",
        listed=True,
    )
    old.get_model("pages", "Translation").objects.create(
        content_type_id=institution_type.pk,
        object_id=institution.pk,
        field="description",
        language="en",
        text="Town hall of Löhne",
    )

    call_command("migrate", verbosity=0)

    from django.contrib.contenttypes.models import ContentType

    from widunetz.models import Translation

    ContentType.objects.clear_cache()
    assert ContentType.objects.get_for_model(Translation).pk == translation_type.pk
    moved = Translation.objects.get(field="description")
    assert moved.content_object.slug == "stadt-loehne"
    page = Client().get("/en/institutionen/stadt-loehne/")
    assert page.status_code == 200
    assert "Town hall of Löhne" in page.text


@pytest.mark.django_db(transaction=True)
def test_renaming_the_partner_editors_keeps_them_in_the_history(django_user_model):
    import reversion
    from reversion.models import Version

    from institutions.models import Institution

    editor = django_user_model.objects.create_user("loehne")
    institution = Institution.objects.create(
        name="Stadt Löhne", slug="stadt-loehne", kind="kommune"
    )
    institution.partner_editors.add(editor)
    with reversion.create_revision():
        institution.save()

    call_command("migrate", "institutions", "0004", verbosity=0)
    assert '"editors"' in Version.objects.get().serialized_data
    call_command("migrate", verbosity=0)

    version = Version.objects.get()
    assert version.field_dict["partner_editors"] == [editor.pk]
    institution.partner_editors.clear()
    version.revert()
    assert list(institution.partner_editors.all()) == [editor]


@pytest.mark.django_db(transaction=True)
def test_migrating_to_the_listed_flag_shows_exactly_the_public_rows():
    executor = MigrationExecutor(connection)
    before = [
        ("members", "0005_public_institution_index"),
        ("institutions", "0005_rename_editors_partner_editors"),
    ]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    institutions = old.get_model("institutions", "Institution").objects
    members = old.get_model("members", "Member").objects
    hidden = institutions.create(name="Träger", slug="traeger", kind="wohlfahrt", is_public=False)
    unit = institutions.create(
        name="Fachdienst", slug="fachdienst", kind="wohlfahrt", parent=hidden
    )
    town = institutions.create(name="Stadt Löhne", slug="stadt-loehne", kind="kommune")
    public = {"is_public": True, "publication_basis": "amt"}
    members.create(first_name="A", last_name="Sichtbar", institution=town, **public)
    members.create(first_name="B", last_name="Verborgen", institution=town)
    members.create(first_name="C", last_name="Fachdienst", institution=unit, **public)

    call_command("migrate", verbosity=0)

    from institutions.models import Institution
    from members.models import Member

    assert set(Institution.objects.public().values_list("slug", flat=True)) == {"stadt-loehne"}
    assert set(Member.objects.public().values_list("last_name", flat=True)) == {"Sichtbar"}


def an_institution_as_it_was_before_issue_13():
    """Back to the schema before the move: an institution with topics by slug, an
    address, a phone, a person with a phone, and a version as the admin stored it."""
    call_command("migrate", "members", "0006", verbosity=0)
    call_command("migrate", "institutions", "0007", verbosity=0)
    executor = MigrationExecutor(connection)
    old = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    Institution = old.get_model("institutions", "Institution")
    loehne = old.get_model("institutions", "Municipality").objects.create(
        name="Löhne", slug="loehne", kind="stadt"
    )
    jmd = Institution.objects.create(
        name="Jugendmigrationsdienst",
        slug="jmd",
        kind="wohlfahrt",
        seat=loehne,
        street="Marktstraße 1",
        postal_code="32584",
        city="Löhne",
        phone="05732 10-0",
    )
    # Migrating back recreated the old topic table empty: its rows as they were.
    for order, slug in enumerate(["mbe", "jmd", "fluechtlingsberatung"], 1):
        old.get_model("institutions", "Service").objects.create(slug=slug, order=order)
    jmd.services.set(["jmd", "fluechtlingsberatung"])
    old.get_model("members", "Member").objects.create(
        first_name="Erika", last_name="Muster", institution=jmd, phone="(05732) 100 200"
    )
    # A version as the admin stored it before the move: topics named by slug.
    content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="institutions", model="institution"
    )[0]
    revision = old.get_model("reversion", "Revision").objects.create(
        date_created="2026-01-01T00:00:00Z", comment=""
    )
    serialized = json.dumps(
        [
            {
                "model": "institutions.institution",
                "pk": jmd.pk,
                "fields": {
                    "name": "Jugendmigrationsdienst",
                    "slug": "jmd",
                    "kind": "wohlfahrt",
                    "services": ["jmd"],
                    "street": "Marktstraße 1",
                },
            }
        ]
    )
    old.get_model("reversion", "Version").objects.create(
        revision=revision,
        object_id=str(jmd.pk),
        content_type=content_type,
        db="default",
        format="json",
        serialized_data=serialized,
        object_repr="Jugendmigrationsdienst",
    )
    return jmd.pk


@pytest.mark.django_db(transaction=True)
def test_topics_addresses_and_phones_move_into_their_tables_with_history():
    """Issue 13's migrations: topics become rows with new keys, an address a location,
    a phone a row in E.164, and an old version still restores its topics."""
    from reversion.models import Version

    jmd_pk = an_institution_as_it_was_before_issue_13()
    call_command("migrate", verbosity=0)

    from institutions.models import Institution, Location, Phone, Service
    from members.models import Member

    jmd = Institution.objects.get(pk=jmd_pk)
    assert {s.slug for s in jmd.services.all()} == {"jmd", "fluechtlingsberatung"}
    assert Service.objects.get(slug="jmd").minimum_age == 12
    place = Location.objects.get(institution=jmd)
    assert (place.street, place.postal_code, place.municipality.slug) == (
        "Marktstraße 1",
        "32584",
        "loehne",
    )
    assert [p.number for p in jmd.phones.all()] == ["+49573210" + "0"]
    person = Member.objects.get()
    assert person.slug == "erika-muster"
    assert [p.number for p in person.phones.all()] == ["+495732100200"]
    assert Phone.objects.count() == 2
    version = Version.objects.get_for_object(jmd).get()
    assert version.field_dict["services"] == [Service.objects.get(slug="jmd").pk]
    version.revert()
    assert {s.slug for s in jmd.services.all()} == {"jmd"}


@pytest.mark.django_db(transaction=True)
def test_the_ticks_kostenlos_had_by_default_are_taken_back():
    executor = MigrationExecutor(connection)
    before = [("institutions", "0012_editor_review")]
    executor.migrate(before)
    old = executor.loader.project_state(before).apps.get_model("institutions", "Institution")
    old.objects.create(name="Stadt Löhne", slug="stadt-loehne", kind="kommune")
    assert old.objects.get().free_of_charge  # the old default

    call_command("migrate", verbosity=0)

    from institutions.models import Institution

    assert not Institution.objects.get(slug="stadt-loehne").free_of_charge
