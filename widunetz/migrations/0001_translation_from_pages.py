"""Translation moved here from pages: the same table and rows, only the model's home changes.

The content type moves with it, so the permissions of the groups and the
history of every translation (django-reversion refers to the content type)
stay attached.
"""

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(apps, schema_editor, source="pages", target="widunetz"):
    content_types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    if content_types.filter(app_label=target, model="translation").exists():
        return
    for content_type in content_types.filter(app_label=source, model="translation"):
        content_type.app_label = target
        content_type.save()


def move_content_type_back(apps, schema_editor):
    move_content_type(apps, schema_editor, source="widunetz", target="pages")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("pages", "0005_translation"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Translation",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("object_id", models.PositiveBigIntegerField()),
                        ("field", models.CharField(max_length=40, verbose_name="Feld")),
                        (
                            "language",
                            models.CharField(
                                choices=[
                                    ("en", "Englisch"),
                                    ("tr", "Türkisch"),
                                    ("ar", "Arabisch"),
                                    ("ru", "Russisch"),
                                    ("uk", "Ukrainisch"),
                                ],
                                max_length=5,
                                verbose_name="Sprache",
                            ),
                        ),
                        ("text", models.TextField(verbose_name="Übersetzung")),
                        (
                            "content_type",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                to="contenttypes.contenttype",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "Übersetzung",
                        "verbose_name_plural": "Übersetzungen",
                        "db_table": "pages_translation",
                        "ordering": ["content_type", "object_id", "field", "language"],
                        "indexes": [
                            models.Index(
                                fields=["content_type", "object_id", "language"],
                                name="pages_trans_content_7b9233_idx",
                            )
                        ],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("content_type", "object_id", "field", "language"),
                                name="one_translation_per_field_and_language",
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
