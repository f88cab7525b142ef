from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Records of the directory's apps that no public page shows: their saves leave the
# cached pages as they are.
NOT_SHOWN = {"pages.Feedback", "members.ConfirmationRequest", "members.ChangeRequest"}


class WidunetzConfig(AppConfig):
    """The project's core: what every app uses (roles, history, translation, caching)."""

    name = "widunetz"
    verbose_name = _("Übersetzungen")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from .pagecache import bump_content_version
        from .roles import DIRECTORY_APPS, sync_groups

        # New models get their permissions after migrate; keep the groups complete
        # without a new data migration for every model. Once, after the last app's
        # permissions are made: migrate and flush send the signal once per app, and
        # the groups' forty queries thirteen times over were most of a test's flush.
        last = [config for config in apps.get_app_configs() if config.models_module][-1]
        post_migrate.connect(sync_groups, sender=last, dispatch_uid="sync_groups")

        # Any change to what the public pages show invalidates every cached page.
        for label in DIRECTORY_APPS:
            for model in apps.get_app_config(label).get_models():
                if model._meta.label in NOT_SHOWN:
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
