"""'kostenlos' is no longer ticked by default, and the ticks the default set are taken back.

Since 0008 every institution said "Kosten: kostenlos" on its page and in the open data,
though no source says what any counselling costs: the box came ticked, and an edit
saved it as it stood, so a tick an editor meant cannot be told from one left alone.
All are taken back; the office ticks it where it knows. The earlier versions keep each
institution's former value in the history.
"""

from django.db import migrations, models


def untick(apps, schema_editor):
    apps.get_model("institutions", "Institution").objects.update(free_of_charge=False)


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0012_editor_review"),
    ]

    operations = [
        migrations.AlterField(
            model_name="institution",
            name="free_of_charge",
            field=models.BooleanField(
                default=False,
                help_text="Nur ankreuzen, wenn sicher ist, dass die Beratung nichts kostet.",
                verbose_name="kostenlos",
            ),
        ),
        # Back to True is no way back: which institutions were meant to be free is unknown.
        migrations.RunPython(untick, migrations.RunPython.noop),
    ]
