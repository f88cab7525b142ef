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

        from django.apps import apps
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from widunetz.pagecache import (
            bump_content_version,
            forget_version_after_request,
            remember_version_during_request,
        )

        request_started.connect(remember_version_during_request, dispatch_uid="version-start")
        request_finished.connect(forget_version_after_request, dispatch_uid="version-end")

        # Any change to what the public pages show invalidates every cached page.
        for label in ("institutions", "members", "pages"):
            for model in apps.get_app_config(label).get_models():
                if model.__name__ == "Feedback":
                    continue
                for name, signal in (("save", post_save), ("delete", post_delete)):
                    signal.connect(
                        bump_content_version,
                        sender=model,
                        dispatch_uid=f"page-cache-{name}-{model._meta.label}",
                    )
                for field in model._meta.local_many_to_many:
                    m2m_changed.connect(
                        bump_content_version,
                        sender=field.remote_field.through,
                        dispatch_uid=f"page-cache-m2m-{model._meta.label}-{field.name}",
                    )
