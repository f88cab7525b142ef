"""A complete snapshot of the database, to be brought back with `manage.py restore`.

SQLite is copied with SQLite's online backup API through Django's own connection: the
copy is consistent even while the site writes, and it works for an in-memory database
too. PostgreSQL is dumped with `pg_dump --format=custom`, which `pg_restore` reads.
Either way the file holds everything: the directory, the edit history (django-reversion),
accounts, lockouts (django-axes) and the cache table.
"""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

BACKUP_DIR = settings.BASE_DIR / "backups"
SQLITE_HEADER = b"SQLite format 3\x00"
PGDUMP_HEADER = b"PGDMP"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def snapshot_kind(path):
    """ "sqlite" or "postgresql" from the file's first bytes; None for anything else."""
    with open(path, "rb") as file:
        head = file.read(len(SQLITE_HEADER))
    if head.startswith(SQLITE_HEADER):
        return "sqlite"
    if head.startswith(PGDUMP_HEADER):
        return "postgresql"
    return None


def supported_vendor(connection):
    if connection.vendor not in SUFFIXES:
        raise CommandError(
            f"Sicherungen gibt es nur für SQLite und PostgreSQL, nicht für {connection.vendor}."
        )
    return connection.vendor


def postgres_tool(connection, program):
    """The command line start (program and connection arguments) and the environment.

    Host, port and user go on the command line, the password into PGPASSWORD, the SSL
    and service options into their PG* variables, all from the connection's settings.
    """
    executable = shutil.which(program)
    if executable is None:
        raise CommandError(
            f"{program} wurde nicht gefunden. Für Sicherungen einer PostgreSQL-Datenbank "
            "werden die PostgreSQL-Client-Programme in der Version des Servers gebraucht, "
            "z. B. `apt-get install postgresql-client-15`."
        )
    settings_dict = connection.settings_dict
    args = [executable]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    if settings_dict.get("HOST"):
        args += ["--host", settings_dict["HOST"]]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    # Django's dbshell knows which settings become which PG* variable.
    _, pg_env = connection.client.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(pg_env or {})}
    env.setdefault("PGCONNECT_TIMEOUT", "10")
    return args, env


def postgres_dbname(connection):
    settings_dict = connection.settings_dict
    if settings_dict.get("NAME"):
        return settings_dict["NAME"]
    service = settings_dict.get("OPTIONS", {}).get("service")
    if service:
        return f"service={service}"
    raise CommandError("In den Datenbankeinstellungen fehlt der Name der Datenbank.")


def run_tool(args, env, what):
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{what} ist fehlgeschlagen:\n{result.stderr.strip()}")
    return result


class Command(BaseCommand):
    help = (
        "Schreibt eine vollständige Sicherung der Datenbank (Verzeichnis, Änderungshistorie, "
        "Konten) nach backups/ und gibt den Pfad aus. Zurückspielen mit `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="Dateiname der Sicherung (statt backups/widunetz-<Zeitstempel>…).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Die zu sichernde Datenbank (Standard: default).",
        )

    def handle(self, *args, output=None, database=DEFAULT_DB_ALIAS, **options):
        connection = connections[database]
        kind = supported_vendor(connection)
        target = self.target_path(output, SUFFIXES[kind])

        # Written under a temporary name and moved into place when complete, so a
        # file with the final name is always a whole snapshot. Owner-only: it holds
        # personal data and password hashes.
        partial = target.with_name(f".{target.name}.partial")
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            if kind == "sqlite":
                self.backup_sqlite(connection, partial)
            else:
                self.backup_postgresql(connection, partial)
            if snapshot_kind(partial) != kind:
                raise CommandError(f"Die Sicherung {target} ist unvollständig geblieben.")
            self.move_into_place(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        self.stdout.write(str(target))

    def target_path(self, output, suffix):
        if output:
            target = Path(output).expanduser().resolve()
            if target.exists():
                raise CommandError(f"{target} gibt es schon; eine Sicherung überschreibt nichts.")
            if not target.parent.is_dir():
                raise CommandError(f"Das Verzeichnis {target.parent} gibt es nicht.")
            return target
        BACKUP_DIR.mkdir(mode=0o700, exist_ok=True)
        stamp = timezone.localtime().strftime("%Y-%m-%d_%H%M%S")
        target = BACKUP_DIR / f"widunetz-{stamp}{suffix}"
        number = 2
        while target.exists():
            target = BACKUP_DIR / f"widunetz-{stamp}-{number}{suffix}"
            number += 1
        return target

    def move_into_place(self, partial, target):
        try:
            os.link(partial, target)  # fails rather than overwrite a file that appeared
        except FileExistsError:
            raise CommandError(
                f"{target} gibt es schon; eine Sicherung überschreibt nichts."
            ) from None
        except OSError:
            os.replace(partial, target)  # a file system without hard links

    def backup_sqlite(self, connection, path):
        # Django's connection is the source, so this works for a database file (with
        # the site running: one backup step reads a consistent state) and for the
        # in-memory database of the tests alike.
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        try:
            with connection.wrap_database_errors:
                connection.connection.backup(copy)
        finally:
            copy.close()

    def backup_postgresql(self, connection, path):
        args, env = postgres_tool(connection, "pg_dump")
        args += ["--format=custom", "--no-owner", f"--file={path}", postgres_dbname(connection)]
        run_tool(args, env, "pg_dump")
