"""Trigram indexes on the patient's names, so that a search for part of a name (``icontains``, which
PostgreSQL runs as ``UPPER(name) LIKE UPPER('%...%')``) need not read every row. PostgreSQL only: on
SQLite (``make run`` without DATABASE_URL) the extension and indexes are skipped and the same search
reads the table. The indexes stay out of the model state so that SQLite's table rebuilds never try
to create them."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

NAME_INDEXES = {
    "patient_given_name_trgm_idx": "given_name",
    "patient_family_name_trgm_idx": "family_name",
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    for name, field in NAME_INDEXES.items():
        # A GIN index with the gin_trgm_ops operator class on the very expression icontains compares.
        schema_editor.execute(
            f"CREATE INDEX {quote(name)} ON {quote('patients_patient')} "
            f"USING gin ((UPPER({quote(field)}::text)) gin_trgm_ops)"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in NAME_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(name)}")


class Migration(migrations.Migration):
    dependencies = [("patients", "0006_record_numbers_and_name_search")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
