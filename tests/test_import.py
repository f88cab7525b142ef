"""The office imports institutions, people and hours from CSV or Excel: a dry run
first, then all or nothing, versioned; the same file exported and imported again
changes nothing."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from reversion.models import Revision, Version

from institutions.models import ConsultationHour, Institution, Phone
from institutions.resources import InstitutionResource
from members.models import Member
from members.resources import HourResource, MemberResource
from tests import factories
from widunetz.identifiers import identifier

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # the formats' places in the import form


def workbook(headers, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def exported(resource, queryset):
    dataset = resource.export(queryset=queryset)
    return dataset.headers, [list(row) for row in dataset]


def upload(client, model, content, name, file_format):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_import")
    data = {"resource": "0", "format": file_format}
    data["import_file"] = SimpleUploadedFile(name, content)
    return client.post(url, data)


def confirm(client, model, dry_run):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_process_import")
    return client.post(url, dry_run.context["confirm_form"].initial)


def export_file(client, model, file_format):
    """The admin's export of every row, with every column ticked (as the form starts)."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export")
    form = client.get(url).context["form"]
    data = {name: "on" for name, field in form.fields.items() if field.initial is True}
    response = client.post(url, data | {"format": file_format, "resource": "0"})
    name = str(model._meta.verbose_name_plural).lower()  # "mitglieder-2026-12-04.xlsx"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{name}-20')
    return response


def rows_of(dry_run):
    return [(row.line, row.import_type) for row in dry_run.context["result"].valid_rows()]


def errors_of(dry_run):
    """{line in the file: [messages]} of the rows the dry run refused."""
    result = dry_run.context["result"]
    refused = {
        row.number + 1: [m for messages in row.error_dict.values() for m in messages]
        for row in result.invalid_rows
    }
    failed = {line + 1: [str(e.error) for e in errors] for line, errors in result.row_errors()}
    return refused | failed


def snapshot():
    """Every row the import could touch, as stored."""
    models = (Institution, Member, Phone, ConsultationHour)
    return {
        model.__name__: sorted(model.objects.values_list(), key=lambda row: row[0])
        for model in models
    } | {"languages": sorted(Member.languages.through.objects.values_list("member", "language"))}


@pytest.fixture
def awo(db):
    institution = factories.institution("AWO Migrationsberatung", serves=["loehne"])
    factories.location(institution, name="AWO Büro Löhne")
    return institution


@pytest.fixture
def person(awo):
    return factories.member("Erika", "Muster", institution_obj=awo, phone="05732 100200")


def test_imports_a_changed_excel_file_of_people_after_checking_its_dry_run(
    coordinator_client, person
):
    headers, rows = exported(MemberResource(), Member.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    assert row["uuid"] == str(identifier("contact", person.pk))
    row["Funktion"] = "Migrationsberaterin"
    row["Telefon"] = "05732 100201, 0152 28817386 (Mobil)"
    content = workbook(headers, [list(row.values())])

    dry_run = upload(coordinator_client, Member, content, "mitglieder.xlsx", XLSX)

    assert rows_of(dry_run) == [(2, "update")]
    page = dry_run.content.decode()
    assert "Import bestätigen" in page
    assert ">Migrationsberaterin</ins>" in page  # the change, column by column
    assert "(Mobil)</ins>" in page
    # The wide preview scrolls in a box of its own that the keyboard can reach.
    assert 'role="region" aria-labelledby="preview-heading" tabindex="0"' in page
    assert f'<td class="identifier"><span>{row["uuid"]}</span></td>' in page
    person.refresh_from_db()
    assert person.function == ""  # nothing is written before the editor confirms
    response = confirm(coordinator_client, Member, dry_run)
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.function == "Migrationsberaterin"
    assert [(p.number, p.kind) for p in person.phones.all()] == [
        ("+495732100201", "festnetz"),
        ("+4915228817386", "mobil"),
    ]
    revision = Version.objects.get_for_object(person).first().revision
    assert revision.user.username == "koordination"
    assert "mitglieder.xlsx" in revision.comment
    public = Client().get(person.get_absolute_url()).content.decode()
    assert "Migrationsberaterin" in public
    assert "01522 8817386" in public and "05732 100201" in public


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_a_file_exported_and_imported_again_changes_nothing(
    coordinator_client, person, awo, file_format
):
    factories.add_phone(awo, "+31 20 5551234")  # exported as "'+31 …" against formulas
    factories.hour(person, location=awo.locations.get(), note="=nicht rechnen")
    person.languages.set(["ar", "tr"])
    before, versions = snapshot(), Version.objects.count()
    for model in (Institution, Member, ConsultationHour):
        response = export_file(coordinator_client, model, file_format)
        dry_run = upload(coordinator_client, model, response.content, "export", file_format)
        assert {kind for _line, kind in rows_of(dry_run)} == {"skip"}, errors_of(dry_run)
        assert confirm(coordinator_client, model, dry_run).status_code == 302
    assert snapshot() == before
    assert Version.objects.count() == versions


def test_every_bad_row_is_reported_with_its_line_and_nothing_is_offered_for_import(
    coordinator_client, person
):
    headers, rows = exported(MemberResource(), Member.objects.all())
    good = dict(zip(headers, rows[0], strict=True))
    bad_phone = {**good, "Telefon": "12345"}
    unknown_place = {**good, "uuid": "", "Vorname": "Neu", "Institution": "Gibt es nicht"}
    nul = {**good, "Funktion": "Beraterin"}  # Excel keeps no NUL; the CSV test below has one
    empty = {**good, "Nachname": ""}
    unknown_uuid = {**good, "uuid": str(identifier("contact", 999999))}
    lines = [bad_phone, good, unknown_place, nul, empty, unknown_uuid]
    content = workbook(headers, [list(row.values()) for row in lines])

    dry_run = upload(coordinator_client, Member, content, "fehler.xlsx", XLSX)

    errors = errors_of(dry_run)
    assert sorted(errors) == [2, 4, 6, 7]
    assert "„12345“ ist keine gültige Telefonnummer" in errors[2][0]
    assert errors[4] == ["Unbekannte Institution „Gibt es nicht“."]
    assert 5 not in errors
    assert errors[6] == ["Dieses Feld darf nicht leer sein."]
    assert "Unbekannte uuid" in errors[7][0]
    page = dry_run.content.decode()
    assert "Fehlerhafte Zeilen" in page and "Import bestätigen" not in page
    assert "confirm_form" not in dry_run.context


def test_bad_hours_are_reported_with_their_line(coordinator_client, person, awo):
    headers = [column.column_name for column in HourResource().fields.values()]
    good = dict.fromkeys(headers, "")
    good |= {"Institution": awo.name, "Art": "vor Ort", "Standort": "AWO Büro Löhne"}
    good |= {"Wochentag": "Dienstag", "von": "9:00", "bis": "12:00"}
    backwards = {**good, "von": "14:00", "bis": "12:00"}
    unknown_town = {**good, "Ort": "Atlantis"}
    not_a_time = {**good, "Wochentag": "Mi", "von": "neun"}
    rows = [good, backwards, unknown_town, not_a_time]
    content = workbook(headers, [list(row.values()) for row in rows])

    dry_run = upload(coordinator_client, ConsultationHour, content, "zeiten.xlsx", XLSX)

    errors = errors_of(dry_run)
    assert sorted(errors) == [3, 4, 5]
    assert "Die Sprechzeit muss enden, nachdem sie beginnt." in errors[3]
    assert errors[4] == ["Unbekannter Ort „Atlantis“."]
    assert errors[5] == ["„neun“ ist keine Uhrzeit wie 9:00."]
    assert not ConsultationHour.objects.exists()


def test_a_row_matched_by_name_is_pointed_out_in_the_dry_run(coordinator_client, person, awo):
    headers, rows = exported(MemberResource(), Member.objects.all())
    row = dict(zip(headers, rows[0], strict=True)) | {"uuid": "", "Funktion": "Leitung"}
    new = row | {"Vorname": "Max", "Nachname": "Neu", "Telefon": ""}
    content = workbook(headers, [list(row.values()), list(new.values())])

    dry_run = upload(coordinator_client, Member, content, "ohne-uuid.xlsx", XLSX)

    assert rows_of(dry_run) == [(2, "update"), (3, "new")]
    first = dry_run.context["result"].valid_rows()[0]
    assert first.warnings == ["Ohne uuid über den Namen zugeordnet: Erika Muster"]
    assert "Ohne uuid über den Namen zugeordnet" in dry_run.content.decode()
    confirm(coordinator_client, Member, dry_run)
    added = Member.objects.get(last_name="Neu")
    assert added.institution == awo and not added.is_public  # public once the office says so


def test_a_row_gone_bad_since_the_dry_run_leaves_everything_as_it_was(
    coordinator_client, person, awo
):
    headers, rows = exported(MemberResource(), Member.objects.all())
    row = dict(zip(headers, rows[0], strict=True)) | {"Funktion": "Leitung"}
    new = row | {"uuid": "", "Vorname": "Max", "Nachname": "Neu", "Telefon": ""}
    content = workbook(headers, [list(row.values()), list(new.values())])
    dry_run = upload(coordinator_client, Member, content, "zwei.xlsx", XLSX)
    assert rows_of(dry_run) == [(2, "update"), (3, "new")]
    before, revisions = snapshot(), Revision.objects.count()
    Institution.objects.filter(pk=awo.pk).update(name="AWO umbenannt")  # meanwhile

    response = confirm(coordinator_client, Member, dry_run)

    assert response.status_code == 302
    before["Institution"] = snapshot()["Institution"]
    assert snapshot() == before
    assert Revision.objects.count() == revisions
    page = coordinator_client.get(response.url).content.decode()
    assert "Nichts wurde importiert" in page


@pytest.mark.parametrize(
    ("name", "content", "file_format", "message"),
    [
        ("gross.csv", b"Nachname;Vorname\n" + b"x" * (10 * 1024 * 1024), CSV, "zu groß"),
        ("bild.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, XLSX, "keine Excel-Arbeitsmappe"),
        ("alt.xls", b"\xd0\xcf\x11\xe0" + b"\x00" * 100, XLSX, "ältere Excel-Datei"),
        ("kaputt.xlsx", b"PK\x03\x04kaputt", XLSX, "konnte nicht gelesen werden"),
        ("mappe.csv", workbook(["Name"], [["A"]]), CSV, "bitte als Format „xlsx“"),
        ("leer.csv", b"Vorname;Funktion\r\nErika;x\r\n", CSV, "fehlen die Spalten"),
        ("lang.csv", b"Nachname;Vorname;Institution\r\n" + b"A;B;C\r\n" * 501, CSV, "501 Zeilen"),
    ],
)
def test_a_file_that_cannot_be_read_gets_a_clear_message(
    coordinator_client, person, name, content, file_format, message
):
    response = upload(coordinator_client, Member, content, name, file_format)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Import bestätigen" not in response.content.decode()


def test_a_nul_byte_in_a_csv_row_is_reported_with_its_line(coordinator_client, person):
    content = "Nachname;Vorname;Institution;Funktion\r\nMuster;Erika;AWO Migrationsberatung;B\x00"
    dry_run = upload(coordinator_client, Member, content.encode(), "nul.csv", CSV)
    assert errors_of(dry_run) == {2: ["Die Zeile enthält ein unzulässiges Steuerzeichen (NUL)."]}


def test_a_german_excel_csv_in_windows_1252_is_read(coordinator_client, person):
    content = "Nachname;Vorname;Institution;Funktion\r\nMuster;Erika;AWO Migrationsberatung;Büro"
    dry_run = upload(coordinator_client, Member, content.encode("cp1252"), "alt.csv", CSV)
    assert rows_of(dry_run) == [(2, "update")]
    assert confirm(coordinator_client, Member, dry_run).status_code == 302
    assert Member.objects.get().function == "Büro"


def test_institutions_are_imported_with_their_towns_topics_and_phones(coordinator_client, awo):
    headers, rows = exported(InstitutionResource(), Institution.objects.all())
    row = dict(zip(headers, rows[0], strict=True))
    row |= {"Zuständig für": "Löhne, Vlotho", "Themen": "Migrationsberatung für Erwachsene (MBE)"}
    factories.municipality("vlotho")
    new = dict.fromkeys(headers, "") | {"Name": "Neue Stelle", "Art": "Sonstige"}
    new |= {"Zuständig für": "Bünde", "Telefon": "05223 1234"}
    content = workbook(headers, [list(row.values()), list(new.values())])

    dry_run = upload(coordinator_client, Institution, content, "inst.xlsx", XLSX)

    assert errors_of(dry_run) == {3: ["Unbekannte Stadt oder Gemeinde: Bünde."]}
    del new["Zuständig für"]
    content = workbook(headers, [list(row.values()), [new.get(h, "") for h in headers]])
    dry_run = upload(coordinator_client, Institution, content, "inst.xlsx", XLSX)
    assert rows_of(dry_run) == [(2, "update"), (3, "new")], errors_of(dry_run)
    confirm(coordinator_client, Institution, dry_run)
    assert {m.slug for m in awo.service_area.all()} == {"loehne", "vlotho"}
    revision = Version.objects.get_for_object(awo).first().revision
    assert revision.comment == "Import aus der Datei „inst.xlsx“"
    assert revision.user.username == "koordination"
    added = Institution.objects.get(name="Neue Stelle")
    assert added.slug == "neue-stelle" and added.phones.get().number == "+4952231234"


# --- only the office ---------------------------------------------------------------------


@pytest.fixture
def editor_client(awo, django_user_model):
    user = django_user_model.objects.create_user("redaktion", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Redaktion"))
    awo.partner_editors.add(user)
    client = Client()
    client.force_login(user)
    return client


def test_the_export_form_names_each_column_as_the_file_does(coordinator_client, db):
    page = coordinator_client.get(reverse("admin:members_member_export")).content.decode()
    assert '<label for="id_memberresource_uuid">uuid</label>' in page  # not "Uuid"
    assert '<label for="id_memberresource_Nachname">Nachname</label>' in page
    assert "Alle auswählen" in page and "Select all" not in page
    assert '<ol class="breadcrumbs">' in page and '<li aria-current="page">\nExportieren' in page


@pytest.mark.parametrize("model", [Institution, Member, ConsultationHour])
def test_a_partner_editor_can_neither_see_nor_use_the_import_and_export(
    editor_client, coordinator_client, person, model
):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    changelist = editor_client.get(reverse(f"{name}_changelist"))
    assert changelist.status_code == 200
    assert "/import/" not in changelist.content.decode()
    assert "/export/" not in changelist.content.decode()
    assert "/import/" in coordinator_client.get(reverse(f"{name}_changelist")).content.decode()
    headers, rows = exported(MemberResource(), Member.objects.all())
    content = workbook(headers, [[*rows[0][:3], "Übernommen", *rows[0][4:]]])
    before = snapshot()
    for url in (reverse(f"{name}_import"), reverse(f"{name}_export")):
        assert editor_client.get(url).status_code == 403
        data = {"resource": "0", "format": XLSX}
        data["import_file"] = SimpleUploadedFile("m.xlsx", content)
        assert editor_client.post(url, data).status_code == 403
    # A confirmation crafted from the office's own dry run is refused too.
    dry_run = upload(coordinator_client, Member, content, "m.xlsx", XLSX)
    crafted = dry_run.context["confirm_form"].initial
    assert editor_client.post(reverse(f"{name}_process_import"), crafted).status_code == 403
    assert snapshot() == before


def test_confirming_twice_or_a_crafted_confirmation_gets_a_message_not_an_error(
    coordinator_client, person
):
    headers, rows = exported(MemberResource(), Member.objects.all())
    content = workbook(headers, [[*rows[0][:3], "Leitung", *rows[0][4:]]])
    dry_run = upload(coordinator_client, Member, content, "zweimal.xlsx", XLSX)
    confirmation = dry_run.context["confirm_form"].initial
    url = reverse("admin:members_member_process_import")
    assert coordinator_client.post(url, confirmation).status_code == 302
    again = coordinator_client.post(url, confirmation, follow=True)
    assert "nicht mehr vorhanden" in again.content.decode()
    for crafted in (
        {"import_file_name": "../../etc/passwd"},
        {"format": "9"},
        {"format": "x"},
        {"original_file_name": "a\x00b"},
    ):
        response = coordinator_client.post(url, confirmation | crafted)
        assert response.status_code in (200, 302)
    assert Member.objects.get().function == "Leitung"


def test_the_public_people_csv_imported_again_changes_nothing(coordinator_client, person, awo):
    """The people's own export has no uuid: each row is found by its name, and says so."""
    person.languages.set(["ar"])
    awo.booking_url = "https://termine.example/awo"  # the export shows it for the person
    awo.save()
    before, versions = snapshot(), Version.objects.count()
    content = Client().get(reverse("members:member-export-csv")).content

    dry_run = upload(coordinator_client, Member, content, "mitglieder.csv", CSV)

    assert rows_of(dry_run) == [(2, "skip")], errors_of(dry_run)
    assert dry_run.context["result"].valid_rows()[0].warnings
    confirm(coordinator_client, Member, dry_run)
    assert snapshot() == before
    assert Version.objects.count() == versions


def test_a_name_shared_by_two_people_is_matched_at_the_rows_institution(coordinator_client, person):
    caritas = factories.institution("Caritas Beratung")
    namesake = factories.member("Erika", "Muster", institution_obj=caritas)
    headers = ["Nachname", "Vorname", "Institution", "Funktion"]
    content = workbook(headers, [["Muster", "Erika", "Caritas Beratung", "Leitung"]])

    dry_run = upload(coordinator_client, Member, content, "namen.xlsx", XLSX)
    confirm(coordinator_client, Member, dry_run)

    namesake.refresh_from_db()
    person.refresh_from_db()
    assert (namesake.function, person.function) == ("Leitung", "")
