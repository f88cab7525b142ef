from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from institutions.models import Institution, Language, Municipality, Service
from institutions.services import create_controlled_lists
from widunetz.pagecache import one_invalidation
from widunetz.search import SearchableModel

FIXTURE = settings.BASE_DIR / "fixtures" / "brochure.json"


class Command(BaseCommand):
    help = (
        "Lädt die Daten der Broschüre widunetz 2005–2015 in eine leere Datenbank. "
        "Enthält die Datenbank schon Daten, bleibt sie unverändert (Änderungen der "
        "Redaktion gehen nicht verloren); --force lädt trotzdem neu."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Broschürendaten auch in eine nicht leere Datenbank laden (überschreibt sie).",
        )
        parser.add_argument(
            "--without-history",
            action="store_true",
            help="Keine erste Version in der Änderungshistorie anlegen (schneller, für Tests).",
        )

    def handle(self, *args, force=False, without_history=False, verbosity=1, **options):
        if Municipality.objects.exists() and not force:
            if verbosity:
                self.stdout.write("Die Datenbank enthält bereits Daten; nichts geladen.")
            return
        with transaction.atomic(), one_invalidation():
            # The fixture tags institutions with services; a flushed database
            # has lost the rows the migration created.
            create_controlled_lists(Service, Language)
            call_command("loaddata", FIXTURE, verbosity=0)
            refresh_search_text()
            if not without_history:
                # A first version of every record, so even one never edited since
                # the import can be recovered after a deletion.
                call_command(
                    "createinitialrevisions", comment="Import aus der Broschüre", verbosity=0
                )
        if verbosity:
            self.stdout.write(self.style.SUCCESS("Broschürendaten geladen."))


def refresh_search_text():
    """loaddata saves raw and skips save(): fill every model's folded search column."""
    searchable = [m for m in apps.get_models() if issubclass(m, SearchableModel)]
    # Institutions first: people are found by their institution's name too.
    for model in sorted(searchable, key=lambda m: m is not Institution):
        related = [f.name for f in model._meta.concrete_fields if f.is_relation]
        queryset = model.objects.select_related(*related) if related else model.objects.all()
        for obj in queryset:
            obj.save()
