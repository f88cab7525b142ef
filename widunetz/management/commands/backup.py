"""`manage.py backup`: a complete snapshot of the database (widunetz/backup.py)."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from widunetz.backup import BackupError, write_snapshot


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
        try:
            target = write_snapshot(connections[database], output)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(target))
