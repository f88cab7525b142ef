"""`manage.py erase_member ID`: a person erased for good (DSGVO Art. 17).

What is erased and how is members/erasure.py; this command names the person,
asks for their last name as confirmation and reports what it did.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from members.erasure import Erasure, UnknownMember, erase_member


def count(number, singular, plural):
    return f"{number} {singular if number == 1 else plural}"


class Command(BaseCommand):
    help = (
        "Löscht eine Person endgültig (DSGVO Art. 17): den Eintrag, ihre Mitgliedschaften, "
        "alle Versionen in der Änderungshistorie und ihre Einträge im Admin-Protokoll. "
        "Danach wird die ganze Datenbank nach dem Namen durchsucht; Fundstellen werden "
        "gemeldet, nicht gelöscht."
    )

    def add_arguments(self, parser):
        parser.add_argument("member_id", type=int, help="Nummer (ID) des Mitglieds")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Ohne Rückfrage löschen (der Nachname wird nicht abgefragt).",
        )

    def handle(self, *args, member_id, interactive=True, **options):
        try:
            erasure = Erasure(member_id)
            self.describe(erasure)
            if interactive:
                self.confirm(erasure)
            outcome = erase_member(member_id)
        except UnknownMember as error:
            raise CommandError(str(error)) from None
        self.report_caches(outcome)
        self.report_leftovers(outcome)
        erasure = outcome.erasure
        details = ", ".join(count(rows, *labels) for labels, rows in outcome.counts.items())
        message = (
            f"{erasure.first_name} {erasure.last_name} gelöscht: "
            f"{count(outcome.rows, 'Zeile', 'Zeilen')} entfernt ({details})"
        )
        if outcome.redacted:
            comments = count(outcome.redacted, "Revisionskommentar", "Revisionskommentaren")
            message += f"; Name in {comments} geschwärzt"
        self.stdout.write(self.style.SUCCESS(message + "."))

    def describe(self, erasure):
        state = "" if erasure.member else " (bereits gelöscht, aber noch in der Historie)"
        self.stdout.write(
            f"Zu löschen: {erasure.first_name} {erasure.last_name}, "
            f"{erasure.institution_label} (Nr. {erasure.member_id}){state}"
        )
        if len(erasure.names) > 1:
            earlier = ", ".join(f"{first} {last}" for first, last in erasure.names[1:])
            self.stdout.write(f"Frühere Namen in der Historie: {earlier}")
        memberships = count(len(erasure.membership_ids), "Mitgliedschaft", "Mitgliedschaften")
        versions = count(erasure.versions().count(), "Version", "Versionen")
        entries = count(erasure.log_entries().count(), "Eintrag", "Einträge")
        self.stdout.write(
            f"Dazu: {memberships}, {versions} in der Änderungshistorie, "
            f"{entries} im Admin-Protokoll."
        )

    def confirm(self, erasure):
        try:
            answer = input(
                f"Zur Bestätigung den Nachnamen eingeben ({erasure.last_name}), "
                "sonst wird abgebrochen: "
            )
        except (EOFError, KeyboardInterrupt) as error:
            raise CommandError("Abgebrochen, nichts gelöscht.") from error
        if answer.strip().casefold() != erasure.last_name.casefold():
            raise CommandError(
                f"Die Eingabe „{answer.strip()}“ stimmt nicht mit dem Nachnamen überein. "
                "Abgebrochen, nichts gelöscht."
            )

    def report_caches(self, outcome):
        if outcome.cleared_caches:
            self.stdout.write(f"Zwischenspeicher geleert: {', '.join(outcome.cleared_caches)}.")
        if outcome.other_caches:
            seconds = settings.PAGE_CACHE_SECONDS
            expiry = (
                f"; zwischengespeicherte Seiten verfallen nach {seconds} Sekunden"
                if seconds
                else ""
            )
            self.stdout.write(
                f"Hinweis: Zwischenspeicher {', '.join(outcome.other_caches)} nicht geleert "
                f"(er kann mit anderen Anwendungen geteilt sein){expiry}."
            )

    def report_leftovers(self, outcome):
        if not outcome.leftovers:
            self.stdout.write(
                f"Suche in allen Tabellen nach {outcome.needles}: keine Fundstellen mehr."
            )
            return
        self.stderr.write(
            self.style.WARNING(
                f"Warnung: {count(len(outcome.leftovers), 'Zeile enthält', 'Zeilen enthalten')} "
                f"noch {outcome.needles}. Sie wurden nicht gelöscht; bitte prüfen und von Hand "
                "bereinigen:"
            )
        )
        for table, pk, fields in outcome.leftovers:
            self.stderr.write(self.style.WARNING(f"  {table}, pk {pk}: {', '.join(fields)}"))
