from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

# Search is a substring match on the folded search_text column (same on every
# database). On PostgreSQL a trigram GIN index turns LIKE '%term%' into an index
# scan; SQLite has no such index and scans, which is fine at the brochure's size.
INDEXES = [
    ("members_member_search_trgm", "members_member"),
    ("institutions_institution_search_trgm", "institutions_institution"),
]


def create_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_text gin_trgm_ops)"
        )


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("institutions", "0002_institution_editors"),
        ("members", "0001_initial"),
    ]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_trigram_indexes, drop_trigram_indexes),
    ]
