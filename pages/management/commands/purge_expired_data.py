import datetime

from axes.models import AccessAttempt
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from pages.models import Feedback

FEEDBACK_RETENTION = datetime.timedelta(days=365)


class Command(BaseCommand):
    help = (
        "Löscht, was die Datenschutzerklärung zu löschen verspricht: Rückmeldungen nach "
        "einem Jahr und abgelaufene Anmeldeversuche. Täglich ausführen (cron, systemd-Timer)."
    )

    def handle(self, *args, **options):
        now = timezone.now()
        feedback, _ = Feedback.objects.filter(created_at__lt=now - FEEDBACK_RETENTION).delete()
        attempts, _ = AccessAttempt.objects.filter(
            attempt_time__lt=now - settings.AXES_COOLOFF_TIME
        ).delete()
        self.stdout.write(f"{feedback} Rückmeldungen und {attempts} Anmeldeversuche gelöscht.")
