"""Shared by the migrations that create the editors' groups."""

from django.contrib.auth.management import create_permissions


def create_groups(apps, schema_editor):
    from widunetz.roles import sync_groups

    # Permissions are normally created after the whole migrate run; create them
    # now so the groups are complete the moment the migration has run.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_groups(apps=apps, using=schema_editor.connection.alias)


def delete_coordination_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Koordinierungsstelle").delete()


def delete_editor_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Redaktion").delete()
