from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Netzwerk und Seiten")

    def ready(self):
        from django.db.models.signals import post_migrate

        from pages.permissions import sync_coordination_group

        # New models get their permissions after migrate; keep the office's group
        # complete without a new data migration for every model.
        post_migrate.connect(sync_coordination_group, dispatch_uid="sync_coordination_group")
