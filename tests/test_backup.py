"""A snapshot (widunetz/backup.py, `manage.py backup`) brings every record back when
restored (`manage.py restore`).

Transactional tests: pg_dump and SQLite's backup API only see committed data.
"""

import re
import stat
from io import StringIO

import pytest
import reversion
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.backends.postgresql.base import DatabaseWrapper as PostgresWrapper
from django.urls import reverse
from reversion.models import Revision, Version

from institutions.models import Institution
from members.models import Member, Membership
from pages.models import Feedback
from widunetz import backup
from widunetz.backup import BackupError, restore_snapshot, write_snapshot

pytestmark = pytest.mark.django_db(transaction=True)

NEW_FUNCTION = "Integrationsbeauftragte (geändert vor der Sicherung)"
OTHER_KIND_HEADER = {"sqlite": b"PGDMP\x01\x0e\x00", "postgresql": b"SQLite format 3\x00"}


def record_counts():
    models = [
        model
        for label in ("institutions", "members", "pages")
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    ]
    models += [Revision, Version, get_user_model()]
    return {model._meta.label: model.objects.count() for model in models}


def restore_command(path, *args):
    out = StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def wipe():
    Member.objects.all().delete()  # their memberships go with them
    # Institution.parent is PROTECT: sub-units, then units, then the Träger.
    Institution.objects.filter(parent__parent__isnull=False).delete()
    Institution.objects.filter(parent__isnull=False).delete()
    Institution.objects.all().delete()
    Version.objects.all().delete()
    Revision.objects.all().delete()
    Feedback.objects.all().delete()


def edit_with_history(member, user):
    with reversion.create_revision():
        reversion.set_user(user)
        reversion.set_comment("Funktion geändert")
        member.function = NEW_FUNCTION
        member.save()


def test_backup_wipe_restore_brings_back_every_record_with_history(
    brochure, admin_user, tmp_path, client
):
    member = Member.objects.order_by("pk").first()
    edit_with_history(member, admin_user)
    Feedback.objects.create(message="Der Kontrast im Fußbereich ist zu schwach.")
    before = record_counts()
    history = list(
        Version.objects.get_for_object(member).values_list("pk", "revision_id", "serialized_data")
    )
    assert history
    assert before["members.Membership"] and before["institutions.Institution"]

    snapshot = tmp_path / "snapshot"
    assert write_snapshot(connection, snapshot) == snapshot.resolve()

    wipe()
    assert Member.objects.count() == Membership.objects.count() == 0
    assert Institution.objects.count() == Feedback.objects.count() == 0
    assert Version.objects.count() == Revision.objects.count() == 0

    restore_snapshot(connection, snapshot)

    assert record_counts() == before
    member.refresh_from_db()
    assert member.function == NEW_FUNCTION
    assert (
        list(
            Version.objects.get_for_object(member).values_list(
                "pk", "revision_id", "serialized_data"
            )
        )
        == history
    )
    revision = Version.objects.get_for_object(member).first().revision
    assert (revision.comment, revision.user) == ("Funktion geändert", admin_user)
    assert Feedback.objects.get().message == "Der Kontrast im Fußbereich ist zu schwach."
    # The site works on the restored data, and new rows get fresh keys (sequences too).
    assert client.get(reverse("members:member-list")).status_code == 200
    Feedback.objects.create(message="Nach der Wiederherstellung.")
    assert Feedback.objects.count() == 2


def test_restore_replaces_the_pages_in_the_shared_cache(
    brochure, tmp_path, client, settings, cache_in_memory
):
    """A cache outside the database, as Redis is: the restore does not replace it."""
    settings.PAGE_CACHE_SECONDS = 600
    snapshot = tmp_path / "snapshot"
    write_snapshot(connection, snapshot)
    koehn = Member.objects.get(last_name="Köhn")
    koehn.function = NEW_FUNCTION
    koehn.save()
    members = reverse("members:member-list")
    assert NEW_FUNCTION in client.get(members, {"q": "Köhn"}).text  # and now in the cache

    restore_snapshot(connection, snapshot)

    assert NEW_FUNCTION not in client.get(members, {"q": "Köhn"}).text


def test_the_commands_write_a_snapshot_and_restore_it_after_confirmation(
    brochure, tmp_path, monkeypatch
):
    snapshot = tmp_path / "snapshot"
    out = StringIO()
    call_command("backup", output=str(snapshot), stdout=out)
    assert out.getvalue().strip() == str(snapshot.resolve())
    Member.objects.all().delete()
    prompts = []

    def answer(text):
        def input(prompt):
            prompts.append(prompt)
            return text

        return input

    monkeypatch.setattr("builtins.input", answer("no"))
    assert "Abgebrochen" in restore_command(snapshot)
    assert Member.objects.count() == 0
    assert "'yes'" in prompts[0] and str(snapshot) in prompts[0]

    monkeypatch.setattr("builtins.input", answer("yes"))
    assert "wiederhergestellt" in restore_command(snapshot)
    assert Member.objects.count() > 0


def test_the_restore_command_refuses_a_bad_file_before_asking(brochure, tmp_path, monkeypatch):
    text = tmp_path / "notes.txt"
    text.write_text("Kein Datenbankinhalt")
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked anyway"))

    with pytest.raises(CommandError, match="keine Sicherung"):
        restore_command(text)
    assert Member.objects.exists()


def test_restore_refuses_a_file_of_the_other_database_kind(brochure, tmp_path):
    other = tmp_path / "other-kind"
    other.write_bytes(OTHER_KIND_HEADER[connection.vendor] + b"\x00" * 100)
    members = Member.objects.count()

    with pytest.raises(BackupError, match="Sicherung, die Website läuft aber auf"):
        restore_snapshot(connection, other)
    assert Member.objects.count() == members


def test_restore_refuses_a_file_that_is_no_backup(brochure, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("Kein Datenbankinhalt")

    with pytest.raises(BackupError, match="keine Sicherung"):
        restore_snapshot(connection, text)
    with pytest.raises(BackupError, match="gibt es nicht"):
        restore_snapshot(connection, tmp_path / "missing")
    assert Member.objects.exists()


def test_backup_without_output_writes_a_private_timestamped_file_into_backups(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(backup, "BACKUP_DIR", tmp_path / "backups")

    first = write_snapshot(connection)
    second = write_snapshot(connection)

    assert first.parent == second.parent == tmp_path / "backups"
    assert re.fullmatch(r"widunetz-\d{4}-\d\d-\d\d_\d{6}(-\d+)?\.(sqlite3|pgdump)", first.name)
    assert first != second and first.is_file() and second.is_file()
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    assert [p.name for p in first.parent.iterdir() if p.name.startswith(".")] == []


def test_backup_never_overwrites_an_existing_file(tmp_path):
    existing = tmp_path / "existing"
    existing.write_text("bleibt")

    with pytest.raises(BackupError, match="gibt es schon"):
        write_snapshot(connection, existing)
    assert existing.read_text() == "bleibt"


def test_a_missing_pg_dump_is_named_in_the_error(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda program: None)

    with pytest.raises(BackupError, match="pg_dump wurde nicht gefunden"):
        backup.postgres_tool(connection, "pg_dump")


def test_pg_dump_gets_the_password_from_the_environment_not_the_command_line(monkeypatch):
    monkeypatch.setattr(backup.shutil, "which", lambda program: f"/usr/bin/{program}")
    settings_dict = {
        "NAME": "widunetz",
        "USER": "widunetz",
        "PASSWORD": "geheim",
        "HOST": "db.example.org",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
    }
    args, env = backup.postgres_tool(PostgresWrapper(settings_dict), "pg_dump")

    assert args == [
        "/usr/bin/pg_dump",
        "--username",
        "widunetz",
        "--host",
        "db.example.org",
        "--port",
        "5433",
    ]
    assert (env["PGPASSWORD"], env["PGSSLMODE"]) == ("geheim", "require")
