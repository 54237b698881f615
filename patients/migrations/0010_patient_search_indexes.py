"""Indexes for the rest of the patient search (``PatientQuerySet.search``), so that no part of its OR
reads every row: trigram indexes on the record number and on the phone's digits (the very
expressions ``icontains`` and the digits' ``contains`` compare), and b-trees for the date of birth
and the e-mail (``iexact`` compares ``UPPER(email)``). As in 0007, the trigram indexes are
PostgreSQL only and stay out of the model state, so SQLite (``make run`` without DATABASE_URL)
skips them; the b-trees are in ``Patient.Meta.indexes``."""

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import migrations, models
from django.db.models import F, Value
from django.db.models.functions import Replace, Upper

# patients.models._digits_of("phone") as at this migration: the search's expression, frozen here.
phone_digits = F("phone")
for mark in (" ", "+", "-", "(", ")", "."):
    phone_digits = Replace(phone_digits, Value(mark), Value(""))

TRIGRAM_INDEXES = [
    GinIndex(OpClass(Upper("record_number"), name="gin_trgm_ops"), name="patient_record_number_trgm_idx"),
    GinIndex(OpClass(phone_digits, name="gin_trgm_ops"), name="patient_phone_digits_trgm_idx"),
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in TRIGRAM_INDEXES:
        schema_editor.add_index(apps.get_model("patients", "Patient"), index)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for index in TRIGRAM_INDEXES:
        schema_editor.remove_index(apps.get_model("patients", "Patient"), index)


class Migration(migrations.Migration):
    dependencies = [("patients", "0009_scale_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(fields=["date_of_birth"], name="patient_born_idx"),
        ),
        migrations.AddIndex(
            model_name="patient",
            index=models.Index(Upper("email"), name="patient_email_upper_idx"),
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
