"""`manage.py restore PATH`: the database's content replaced by a snapshot
(widunetz/backup.py), after the operator confirms."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from widunetz.backup import BackupError, check_snapshot, restore_snapshot


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
        path = Path(path).expanduser()
        try:
            # Refused before the question, so nobody confirms a file that cannot work.
            check_snapshot(connection, path)
            if interactive and not self.confirmed(connection, path):
                self.stdout.write("Abgebrochen; die Datenbank ist unverändert.")
                return
            restore_snapshot(connection, path)
        except BackupError as error:
            raise CommandError(str(error)) from None
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
