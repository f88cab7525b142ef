"""The Translation model now lives in widunetz (its table stays): pages forgets it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("pages", "0005_translation"),
        ("widunetz", "0001_translation_from_pages"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Translation")],
            database_operations=[],
        ),
    ]
