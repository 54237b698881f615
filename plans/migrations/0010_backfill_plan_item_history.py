"""A creation row in the new history tables for every plan item, goal and education row approved
before those tables existed, dated and attributed like the plan version it belongs to."""

from django.db import migrations

CHILD_MODELS = ("PlanExercise", "PlanGoal", "PlanEducation")


def backfill(apps, schema_editor):
    for name in CHILD_MODELS:
        model = apps.get_model("plans", name)
        history = apps.get_model("plans", f"Historical{name}")
        recorded = set(history.objects.values_list("id", flat=True))
        fields = [f.attname for f in model._meta.concrete_fields]
        rows = [
            history(
                **{field: getattr(row, field) for field in fields},
                history_type="+",
                history_date=row.version.approved_at,
                history_user_id=row.version.approved_by_id,
                history_change_reason="Approved before history was kept",
            )
            for row in model.objects.select_related("version").iterator(chunk_size=2000)
            if row.pk not in recorded
        ]
        history.objects.bulk_create(rows, batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0009_free_text_length_limits"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
