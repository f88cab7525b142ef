from django.db import migrations

from pages.migrations import _groups


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("institutions", "0001_initial"),
        ("members", "0001_initial"),
        ("pages", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_groups.create_groups, _groups.delete_coordination_group)
    ]
