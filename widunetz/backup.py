"""Complete snapshots of the database, and bringing one back (`make backup`, `make restore`).

SQLite is copied with SQLite's online backup API through Django's own connection: the
copy is consistent even while the site writes, and it works for an in-memory database
too. PostgreSQL is dumped with `pg_dump --format=custom`, which `pg_restore` reads.
Either way the file holds everything: the directory, the edit history (django-reversion),
accounts, lockouts (django-axes) and the cache table.

A restore replaces the database's whole content, and only with a snapshot of the same
kind of database that is intact and a Django database.
"""

import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from widunetz.pagecache import bump_content_version

BACKUP_DIR = settings.BASE_DIR / "backups"
SQLITE_HEADER = b"SQLite format 3\x00"
PGDUMP_HEADER = b"PGDMP"
SUFFIXES = {"sqlite": ".sqlite3", "postgresql": ".pgdump"}
KIND_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


class BackupError(Exception):
    """A snapshot cannot be written or brought back; the database is unchanged."""


def write_snapshot(connection, output=None):
    """A complete snapshot of ``connection``'s database; returns its path.

    Into ``output`` (never over an existing file) or a new timestamped file in backups/.
    """
    kind = supported_vendor(connection)
    target = target_path(output, SUFFIXES[kind])
    # Written under a temporary name and moved into place when complete, so a
    # file with the final name is always a whole snapshot. Owner-only: it holds
    # personal data and password hashes.
    partial = target.with_name(f".{target.name}.partial")
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if kind == "sqlite":
            backup_sqlite(connection, partial)
        else:
            backup_postgresql(connection, partial)
        if snapshot_kind(partial) != kind:
            raise BackupError(f"Die Sicherung {target} ist unvollständig geblieben.")
        move_into_place(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def check_snapshot(connection, path):
    """Refuse, before anything changes, a file that cannot replace this database."""
    vendor = supported_vendor(connection)
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"Die Sicherung {path} gibt es nicht.")
    kind = snapshot_kind(path)
    if kind is None:
        raise BackupError(
            f"{path} ist keine Sicherung von `manage.py backup`: weder eine "
            "SQLite-Datenbank noch ein PostgreSQL-Dump (pg_dump --format=custom)."
        )
    if kind != vendor:
        raise BackupError(
            f"{path} ist eine {KIND_NAMES[kind]}-Sicherung, die Website läuft aber auf "
            f"{KIND_NAMES[vendor]}. Eine Sicherung lässt sich nur in dieselbe Art von "
            "Datenbank zurückspielen."
        )
    if connection.in_atomic_block:
        raise BackupError("Eine Wiederherstellung kann nicht in einer Transaktion laufen.")
    if vendor == "sqlite":
        check_sqlite(path)
    else:
        check_postgresql(connection, path)


def restore_snapshot(connection, path):
    """Replace the whole content of ``connection``'s database with the snapshot at ``path``.

    Checked again here, not only before a confirmation: the file may have changed
    while the operator read the question.
    """
    path = Path(path)
    check_snapshot(connection, path)
    if connection.vendor == "sqlite":
        restore_sqlite(connection, path)
    else:
        restore_postgresql(connection, path)
    # The restore writes past every signal: without a new content version the
    # shared cache would go on serving pages of the data it replaced.
    bump_content_version()


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
        raise BackupError(
            f"Sicherungen gibt es nur für SQLite und PostgreSQL, nicht für {connection.vendor}."
        )
    return connection.vendor


def target_path(output, suffix):
    if output:
        target = Path(output).expanduser().resolve()
        if target.exists():
            raise BackupError(f"{target} gibt es schon; eine Sicherung überschreibt nichts.")
        if not target.parent.is_dir():
            raise BackupError(f"Das Verzeichnis {target.parent} gibt es nicht.")
        return target
    BACKUP_DIR.mkdir(mode=0o700, exist_ok=True)
    stamp = timezone.localtime().strftime("%Y-%m-%d_%H%M%S")
    target = BACKUP_DIR / f"widunetz-{stamp}{suffix}"
    number = 2
    while target.exists():
        target = BACKUP_DIR / f"widunetz-{stamp}-{number}{suffix}"
        number += 1
    return target


def move_into_place(partial, target):
    try:
        os.link(partial, target)  # fails rather than overwrite a file that appeared
    except FileExistsError:
        raise BackupError(f"{target} gibt es schon; eine Sicherung überschreibt nichts.") from None
    except OSError:
        os.replace(partial, target)  # a file system without hard links


def postgres_tool(connection, program):
    """The command line start (program and connection arguments) and the environment.

    Host, port and user go on the command line, the password into PGPASSWORD, the SSL
    and service options into their PG* variables, all from the connection's settings.
    """
    executable = shutil.which(program)
    if executable is None:
        raise BackupError(
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
    raise BackupError("In den Datenbankeinstellungen fehlt der Name der Datenbank.")


def run_tool(args, env, what):
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise BackupError(f"{what} ist fehlgeschlagen:\n{result.stderr.strip()}")
    return result


def backup_sqlite(connection, path):
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


def backup_postgresql(connection, path):
    args, env = postgres_tool(connection, "pg_dump")
    args += ["--format=custom", "--no-owner", f"--file={path}", postgres_dbname(connection)]
    run_tool(args, env, "pg_dump")


def open_snapshot(path):
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def check_sqlite(path):
    """Refuse a damaged file, or an SQLite database that is not a Django one."""
    snapshot = open_snapshot(path)
    try:
        (status,) = snapshot.execute("PRAGMA quick_check").fetchone()
        django = snapshot.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} lässt sich nicht lesen: {error}") from None
    finally:
        snapshot.close()
    if status != "ok":
        raise BackupError(f"{path} ist beschädigt: {status}")
    if not django:
        raise BackupError(
            f"{path} enthält keine Django-Datenbank (die Tabelle django_migrations fehlt)."
        )


def check_postgresql(connection, path):
    args, env = postgres_tool(connection, "pg_restore")
    listing = run_tool([*args[:1], "--list", str(path)], env, "Lesen der Sicherung")
    if not re.search(r"\bTABLE \S+ django_migrations\b", listing.stdout):
        raise BackupError(
            f"{path} enthält keine Django-Datenbank (die Tabelle django_migrations fehlt)."
        )


def restore_sqlite(connection, path):
    # A fresh connection, so nothing this process cached or left open gets in the
    # way; an in-memory database (the tests') stays open, Django never closes it.
    # The backup API then writes every page of the live database under SQLite's
    # locks, so other processes (gunicorn workers) see the restored content.
    connection.close()
    connection.ensure_connection()
    snapshot = open_snapshot(path)
    try:
        with connection.wrap_database_errors:
            snapshot.backup(connection.connection)
    finally:
        snapshot.close()


def restore_postgresql(connection, path):
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
