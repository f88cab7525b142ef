"""Replace the database's content with a snapshot written by `manage.py backup`."""

import re
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from widunetz.pagecache import bump_content_version

from .backup import (
    KIND_NAMES,
    postgres_dbname,
    postgres_tool,
    run_tool,
    snapshot_kind,
    supported_vendor,
)


class Command(BaseCommand):
    help = (
        "Ersetzt den gesamten Inhalt der Datenbank durch eine Sicherung von `manage.py backup`. "
        "Alles, was seit der Sicherung geändert wurde, geht verloren."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH", help="Die Sicherungsdatei.")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Nicht nachfragen (für Skripte).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Die Datenbank, die ersetzt wird (Standard: default).",
        )

    def handle(self, *args, path, interactive=True, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        vendor = supported_vendor(connection)
        path = Path(path).expanduser()
        if not path.is_file():
            raise CommandError(f"Die Sicherung {path} gibt es nicht.")

        kind = snapshot_kind(path)
        if kind is None:
            raise CommandError(
                f"{path} ist keine Sicherung von `manage.py backup`: weder eine "
                "SQLite-Datenbank noch ein PostgreSQL-Dump (pg_dump --format=custom)."
            )
        if kind != vendor:
            raise CommandError(
                f"{path} ist eine {KIND_NAMES[kind]}-Sicherung, die Website läuft aber auf "
                f"{KIND_NAMES[vendor]}. Eine Sicherung lässt sich nur in dieselbe Art von "
                "Datenbank zurückspielen."
            )
        if connection.in_atomic_block:
            raise CommandError("Eine Wiederherstellung kann nicht in einer Transaktion laufen.")

        if vendor == "sqlite":
            self.check_sqlite(path)
        else:
            self.check_postgresql(connection, path)

        if interactive and not self.confirmed(connection, path):
            self.stdout.write("Abgebrochen; die Datenbank ist unverändert.")
            return

        if vendor == "sqlite":
            self.restore_sqlite(connection, path)
        else:
            self.restore_postgresql(connection, path)
        # The restore writes past every signal: without a new content version the
        # shared cache would go on serving pages of the data it replaced.
        bump_content_version()
        self.stdout.write(self.style.SUCCESS(f"Datenbank aus {path} wiederhergestellt."))

    def confirmed(self, connection, path):
        name = connection.settings_dict["NAME"]
        try:
            answer = input(
                f"Der gesamte Inhalt der Datenbank {name} wird durch die Sicherung {path} "
                "ersetzt. Alles, was seitdem geändert wurde, geht verloren.\n"
                "Zum Fortfahren 'yes' eingeben: "
            )
        except EOFError:
            raise CommandError(
                "Keine Bestätigung möglich (keine Eingabe); ohne Nachfrage mit --no-input."
            ) from None
        return answer.strip() == "yes"

    @staticmethod
    def open_snapshot(path):
        return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)

    def check_sqlite(self, path):
        """Refuse a damaged file, or an SQLite database that is not a Django one."""
        snapshot = self.open_snapshot(path)
        try:
            (status,) = snapshot.execute("PRAGMA quick_check").fetchone()
            django = snapshot.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
            ).fetchone()
        except sqlite3.DatabaseError as error:
            raise CommandError(f"{path} lässt sich nicht lesen: {error}") from None
        finally:
            snapshot.close()
        if status != "ok":
            raise CommandError(f"{path} ist beschädigt: {status}")
        if not django:
            raise CommandError(
                f"{path} enthält keine Django-Datenbank (die Tabelle django_migrations fehlt)."
            )

    def check_postgresql(self, connection, path):
        args, env = postgres_tool(connection, "pg_restore")
        listing = run_tool([*args[:1], "--list", str(path)], env, "Lesen der Sicherung")
        if not re.search(r"\bTABLE \S+ django_migrations\b", listing.stdout):
            raise CommandError(
                f"{path} enthält keine Django-Datenbank (die Tabelle django_migrations fehlt)."
            )

    def restore_sqlite(self, connection, path):
        # A fresh connection, so nothing this process cached or left open gets in the
        # way; an in-memory database (the tests') stays open, Django never closes it.
        # The backup API then writes every page of the live database under SQLite's
        # locks, so other processes (gunicorn workers) see the restored content.
        connection.close()
        connection.ensure_connection()
        snapshot = self.open_snapshot(path)
        try:
            with connection.wrap_database_errors:
                snapshot.backup(connection.connection)
        finally:
            snapshot.close()

    def restore_postgresql(self, connection, path):
        # Idle, so it holds no lock pg_restore's DROPs would wait for.
        connection.close()
        args, env = postgres_tool(connection, "pg_restore")
        args += [
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",  # all or nothing: a failure leaves the data as it was
            f"--dbname={postgres_dbname(connection)}",
            str(path),
        ]
        run_tool(args, env, "pg_restore")
