"""Institutions sort by their folded name, as people do: "Agentur für Arbeit" before "AWO".

The existing rows get the key save() would give them; the index on the raw name
gives way to one on the key, which every list now orders by.
"""

from django.db import migrations, models

from widunetz.search import fold


def fold_names(apps, schema_editor):
    institutions = apps.get_model("institutions", "Institution").objects.using(
        schema_editor.connection.alias
    )
    rows = list(institutions.only("pk", "name"))
    for row in rows:
        row.sort_name = fold(row.name)[:200]
    institutions.bulk_update(rows, ["sort_name"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0006_listed"),
    ]

    operations = [
        migrations.AddField(
            model_name="institution",
            name="sort_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=200),
        ),
        migrations.RunPython(fold_names, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="institution", name="institution_name"),
        migrations.AddIndex(
            model_name="institution",
            index=models.Index(fields=["sort_name", "id"], name="institution_sort_name"),
        ),
        migrations.AlterModelOptions(
            name="institution",
            options={
                "ordering": ["sort_name", "pk"],
                "verbose_name": "Institution",
                "verbose_name_plural": "Institutionen",
            },
        ),
    ]
