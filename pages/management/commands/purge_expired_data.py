import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from members.models import ChangeRequest, ConfirmationRequest
from pages.models import Feedback

# The privacy page: feedback is deleted "spätestens ein Jahr nach dem Eingang"; a
# reader's report on an entry is feedback too, decided or not.
FEEDBACK_RETENTION = datetime.timedelta(days=365)
# Also there: a request to confirm an entry (with the address it went to) a year after
# it was made, long expired; a decided proposal a year after the decision. What was
# confirmed or accepted stays in the entry's history.
REQUEST_RETENTION = datetime.timedelta(days=365)


class Command(BaseCommand):
    help = (
        "Löscht, was die Datenschutzerklärung zu löschen verspricht: Rückmeldungen und "
        "Hinweise von Lesenden nach einem Jahr, Bitten um Bestätigung und entschiedene "
        "Änderungsvorschläge nach einem Jahr und abgelaufene Anmeldeversuche. Täglich "
        "ausführen (cron, systemd-Timer)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        feedback, _ = Feedback.objects.filter(created_at__lt=now - FEEDBACK_RETENTION).delete()
        reports, _ = ChangeRequest.objects.filter(
            source=ChangeRequest.Source.READER, created_at__lt=now - FEEDBACK_RETENTION
        ).delete()
        proposals, _ = (
            ChangeRequest.objects.exclude(status=ChangeRequest.Status.OPEN)
            .filter(decided_at__lt=now - REQUEST_RETENTION)
            .delete()
        )
        requests, _ = ConfirmationRequest.objects.filter(
            created_at__lt=now - REQUEST_RETENTION
        ).delete()
        attempts, _ = AccessAttempt.objects.filter(
            attempt_time__lt=now - settings.AXES_COOLOFF_TIME
        ).delete()
        self.stdout.write(
            f"{feedback} Rückmeldungen, {reports} Hinweise von Lesenden, "
            f"{requests} Bitten um Bestätigung, {proposals} entschiedene Vorschläge und "
            f"{attempts} Anmeldeversuche gelöscht."
        )
