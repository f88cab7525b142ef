"""The files and the dry run as the office reads them: what would change comes first, the
rows an import would leave alone (in an exported file nearly all) are folded away below,
and an exported workbook's sheet is named after its list."""

import re

import pytest

from members.models import Member
from members.resources import MemberResource
from tests import factories
from tests.test_import import XLSX, exported, rows_of, upload, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(db):
    awo = factories.institution("AWO Migrationsberatung", serves=["loehne"])
    return [
        factories.member(first, "Muster", institution_obj=awo)
        for first in ("Anna", "Berta", "Clara")
    ]


def dry_run_of(client, change=None):
    headers, rows = exported(MemberResource(), Member.objects.order_by("first_name"))
    rows = [dict(zip(headers, row, strict=True)) for row in rows]
    if change:
        rows[1]["Funktion"] = change
    content = workbook(headers, [list(row.values()) for row in rows])
    return upload(client, Member, content, "mitglieder.xlsx", XLSX)


def before_and_in_the_fold(page):
    shown, _, folded = page.partition('<details class="import-unchanged">')
    return shown, folded


def test_the_change_comes_first_and_the_unchanged_rows_are_folded(coordinator_client, people):
    dry_run = dry_run_of(coordinator_client, change="Migrationsberaterin")
    assert rows_of(dry_run) == [(2, "skip"), (3, "update"), (4, "skip")]
    shown, folded = before_and_in_the_fold(dry_run.content.decode())
    assert ">Migrationsberaterin</ins>" in shown
    assert "2 unveränderte Zeilen anzeigen" in folded
    assert len(re.findall(r'<tr class="skip">', folded)) == 2
    assert '<tr class="skip">' not in shown
    # Each table scrolls in its own box, named by its own heading.
    assert 'aria-labelledby="preview-heading" tabindex="0"' in shown
    assert 'aria-labelledby="unchanged-heading" tabindex="0"' in folded


def test_a_file_that_changes_nothing_says_so(coordinator_client, people):
    shown, folded = before_and_in_the_fold(dry_run_of(coordinator_client).content.decode())
    assert "Die Datei ändert nichts." in shown
    assert "3 unveränderte Zeilen anzeigen" in folded


def test_the_exported_workbooks_sheet_is_named_after_the_list(coordinator_client, people):
    import io

    import openpyxl

    from tests.test_import import export_file

    book = openpyxl.load_workbook(io.BytesIO(export_file(coordinator_client, Member, XLSX).content))
    assert book.sheetnames == ["Mitglieder"]


def test_an_unchanged_row_with_a_note_is_shown_and_not_counted_as_folded(
    coordinator_client, people
):
    headers, rows = exported(MemberResource(), Member.objects.order_by("first_name"))
    rows = [dict(zip(headers, row, strict=True)) for row in rows]
    rows[0]["uuid"] = ""  # Anna, found by her name: the dry run says so
    content = workbook(headers, [list(row.values()) for row in rows])
    dry_run = upload(coordinator_client, Member, content, "ohne-uuid.xlsx", XLSX)

    assert rows_of(dry_run) == [(2, "skip"), (3, "skip"), (4, "skip")]
    shown, folded = before_and_in_the_fold(dry_run.content.decode())
    assert "Ohne uuid über den Namen zugeordnet: Anna Muster" in shown
    assert "Die Datei ändert nichts." not in shown
    assert "2 unveränderte Zeilen anzeigen" in folded
    assert len(re.findall(r'<tr class="skip">', folded)) == 2
