from django.db import migrations

from pages.migrations import _groups


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0002_institution_editors"),
        ("pages", "0002_coordination_group"),
    ]

    operations = [migrations.RunPython(_groups.create_groups, _groups.delete_editor_group)]
