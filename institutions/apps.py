from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "institutions"
    verbose_name = _("Institutionen und Gemeinden")

    def ready(self):
        from . import signals

        signals.connect()
