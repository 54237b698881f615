# The referral of an assessment now lives in Referral (0015 copied every recorded one there).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0015_referrals_from_assessments"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="assessment",
            name="plans_assessment_referral_has_recorder",
        ),
        migrations.RemoveConstraint(
            model_name="assessment",
            name="plans_assessment_referral_note_length",
        ),
        migrations.RemoveField(
            model_name="assessment",
            name="referral_note",
        ),
        migrations.RemoveField(
            model_name="assessment",
            name="referral_recorded_at",
        ),
        migrations.RemoveField(
            model_name="assessment",
            name="referral_recorded_by",
        ),
        migrations.RemoveField(
            model_name="historicalassessment",
            name="referral_note",
        ),
        migrations.RemoveField(
            model_name="historicalassessment",
            name="referral_recorded_at",
        ),
        migrations.RemoveField(
            model_name="historicalassessment",
            name="referral_recorded_by",
        ),
    ]
