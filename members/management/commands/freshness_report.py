"""`manage.py freshness_report`: the office's desk as plain text, for a timer's mail.

The same lines and numbers as the admin's start page and its CSV (institutions.desk).
"""

from django.core.management.base import BaseCommand
from django.utils.formats import date_format

from institutions.desk import desk_lines
from institutions.freshness import today


class Command(BaseCommand):
    help = (
        "Zeigt, was die Koordinierungsstelle prüfen sollte (nie geprüfte Einträge, "
        "Prüfungen älter als 12 Monate, alte Einwilligungen …), mit denselben Zahlen "
        "wie die Startseite der Verwaltung."
    )

    def handle(self, *args, **options):
        day = date_format(today(), "DATE_FORMAT")
        self.stdout.write(f"widunetz – Stand der Prüfungen am {day}")
        self.stdout.write("")
        for item, count, _url in desk_lines():
            self.stdout.write(f"{count:>6}  {item.label}")
