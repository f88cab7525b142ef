from django.contrib.auth.management import create_permissions
from django.db import migrations


def create_group(apps, schema_editor):
    from pages.permissions import sync_coordination_group

    # Permissions are normally created after the whole migrate run; create them
    # now so the group is complete the moment this migration has run.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    sync_coordination_group(apps=apps, using=schema_editor.connection.alias)


def delete_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Koordinierungsstelle").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("institutions", "0001_initial"),
        ("members", "0001_initial"),
        ("pages", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_group, delete_group)]
