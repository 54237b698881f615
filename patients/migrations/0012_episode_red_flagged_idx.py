"""A partial index of the episodes with an unreferred red flag, for the inbox's red-flag count."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("patients", "0011_caseload_state")]

    operations = [
        migrations.AddIndex(
            model_name="episode",
            index=models.Index(
                condition=models.Q(
                    ("unreferred_assessment_flags__gt", 0), ("unreferred_visit_flags__gt", 0), _connector="OR"
                ),
                fields=["patient"],
                name="episode_red_flagged_idx",
            ),
        ),
    ]
