"""Trigram indexes for the admin searches' own words on the records that grow with every visit: a
home log's comment, a prompt's message and dismissal reason. Each is a GIN index with gin_trgm_ops on
``UPPER(column)``, the very expression ``icontains`` compares. (A visit's own search fields are its
recorder's name, in the small user table; referrals and hold overrides are few.) PostgreSQL only, and
out of the model state, as in patients 0007 and 0010."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations
from django.db.models.functions import Upper

TRIGRAM_INDEXES = {
    "HomeLog": [GinIndex(OpClass(Upper("comment"), name="gin_trgm_ops"), name="homelog_comment_trgm_idx")],
    "Prompt": [
        GinIndex(OpClass(Upper("message"), name="gin_trgm_ops"), name="prompt_message_trgm_idx"),
        GinIndex(OpClass(Upper("dismissal_reason"), name="gin_trgm_ops"), name="prompt_dismissal_trgm_idx"),
    ],
}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, indexes in TRIGRAM_INDEXES.items():
        for index in indexes:
            schema_editor.add_index(apps.get_model("plans", model), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for model, indexes in TRIGRAM_INDEXES.items():
        for index in indexes:
            schema_editor.remove_index(apps.get_model("plans", model), index)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0037_unsigned_note_flags"),
        ("patients", "0007_name_trigram_indexes"),  # creates the pg_trgm extension
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
