"""`manage.py send_confirmation_requests`: ask people and institutions to confirm their entries.

For a timer: each run sends new requests, sends again what a mail server refused
last time, and reminds after 14 days (twice at most); an entry with an open
request is not asked twice.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from institutions.models import Institution, Municipality
from members.mails import recipients, request_confirmations
from members.models import Member


class Command(BaseCommand):
    help = (
        "Versendet Bitten um Bestätigung der Angaben an öffentliche Personen und "
        "Institutionen mit E-Mail-Adresse, erinnert nach 14 Tagen (höchstens zweimal) "
        "und versendet erneut, was ein Mailserver abgelehnt hat."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=int,
            metavar="DAYS",
            help="Nur Einträge, die seit mindestens DAYS Tagen (oder nie) geprüft wurden.",
        )
        parser.add_argument("--municipality", metavar="SLUG", help="Nur für diese Stadt/Gemeinde.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Nur anzeigen, nichts versenden."
        )

    def targets(self, older_than, municipality):
        members = Member.objects.filter(is_public=True).exclude(email="").for_confirmation()
        # An institution without an address of its own is asked through its Redaktion.
        institutions = Institution.objects.public().reachable_by_mail().for_confirmation()
        if municipality:
            try:
                town = Municipality.objects.get(slug=municipality)
            except Municipality.DoesNotExist:
                raise CommandError(f"Keine Stadt oder Gemeinde „{municipality}“.") from None
            members = members.for_municipality(town)
            institutions = institutions.for_municipality(town)
        if older_than is not None:
            since = timezone.localdate() - datetime.timedelta(days=older_than)
            stale = Q(verified_on__isnull=True) | Q(verified_on__lte=since)
            members, institutions = members.filter(stale), institutions.filter(stale)
        return [*institutions.order_by("pk"), *members.order_by("pk")]

    def handle(self, *args, older_than=None, municipality=None, dry_run=False, **options):
        counts = {"sent": 0, "failed": 0, "skipped": 0}
        results = request_confirmations(self.targets(older_than, municipality), dry_run)
        for target, (action, sent) in results.items():
            if action is None:
                counts["skipped"] += 1
                continue
            if dry_run:
                self.stdout.write(f"{action}: {target} <{', '.join(recipients(target))}>")
                continue
            counts["sent" if sent else "failed"] += 1
            if not sent:
                self.stderr.write(f"nicht versandt (wird erneut versucht): {target}")
        self.stdout.write(
            "{sent} versandt, {failed} fehlgeschlagen, {skipped} mit offener Anfrage.".format(
                **counts
            )
        )
