"""Library v2: bring an existing library (rows from 0002) or a fresh one in line with plans/data.

Upserts exercises, education items and causes by slug or code, relinks easier and harder variants,
replaces each cause's evidence, contraindications, preferred kinds and education, and loads the
drawn pictures' poses from plans/data/poses.json when it exists. Idempotent; the reverse is a no-op.
"""

from django.db import migrations


def sync_library(apps, schema_editor):
    from plans.services.library_sync import library_sync

    library_sync(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("plans", "0020_exercise_v2_fields")]

    operations = [migrations.RunPython(sync_library, migrations.RunPython.noop)]
