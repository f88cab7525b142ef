"""Institution.editors is now partner_editors: one name per concept in code.

The history keeps up: every stored version of an institution names the field
the new way, so a revert still restores the partner editors.
"""

import json

from django.db import migrations


def rename_in_history(apps, schema_editor, old="editors", new="partner_editors"):
    content_types = apps.get_model("contenttypes", "ContentType").objects
    versions = apps.get_model("reversion", "Version").objects.using(schema_editor.connection.alias)
    institution = content_types.filter(app_label="institutions", model="institution").first()
    if institution is None:
        return
    for version in versions.filter(content_type=institution, format="json"):
        data = json.loads(version.serialized_data)
        fields = data[0]["fields"]
        if old not in fields:
            continue
        fields[new] = fields.pop(old)
        version.serialized_data = json.dumps(data)
        version.save(update_fields=["serialized_data"])


def rename_back_in_history(apps, schema_editor):
    rename_in_history(apps, schema_editor, old="partner_editors", new="editors")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("institutions", "0004_institution_name"),
        ("reversion", "0002_add_index_on_version_for_content_type_and_db"),
    ]

    operations = [
        migrations.RenameField("institution", "editors", "partner_editors"),
        migrations.RunPython(rename_in_history, rename_back_in_history),
    ]
