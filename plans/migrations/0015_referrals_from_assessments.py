"""Copy each referral recorded on an assessment (referral_recorded_at/by, referral_note) into a
Referral row with its history, so nothing is lost when 0016 removes the old fields."""

from django.db import migrations

URGENCY_FOR_LEVEL = {"emergency": "emergency", "urgent": "same_day", "prompt": "within_days"}
UNNAMED = "Not recorded separately (see the note)"


def copy_referrals(apps, schema_editor):
    Assessment = apps.get_model("plans", "Assessment")
    Referral = apps.get_model("plans", "Referral")
    HistoricalReferral = apps.get_model("plans", "HistoricalReferral")
    for assessment in Assessment.objects.filter(referral_recorded_at__isnull=False).order_by("pk"):
        note = assessment.referral_note.strip()
        referral = Referral.objects.create(
            episode_id=assessment.episode_id,
            assessment=assessment,
            referred_to=(note.splitlines()[0][:200] if note else UNNAMED),
            referred_at=assessment.referral_recorded_at,
            urgency=URGENCY_FOR_LEVEL.get(assessment.triage_level, "routine"),
            note=note,
            recorded_by_id=assessment.referral_recorded_by_id,
        )
        Referral.objects.filter(pk=referral.pk).update(
            created_at=assessment.referral_recorded_at, updated_at=assessment.referral_recorded_at
        )
        HistoricalReferral.objects.create(
            id=referral.pk,
            episode_id=referral.episode_id,
            assessment_id=assessment.pk,
            prompt_id=None,
            referred_to=referral.referred_to,
            referred_at=referral.referred_at,
            urgency=referral.urgency,
            note=referral.note,
            recorded_by_id=referral.recorded_by_id,
            created_at=assessment.referral_recorded_at,
            updated_at=assessment.referral_recorded_at,
            history_date=assessment.referral_recorded_at,
            history_type="+",
            history_user_id=assessment.referral_recorded_by_id,
            history_change_reason="Moved from the assessment's referral fields.",
        )


def copy_back(apps, schema_editor):
    Referral = apps.get_model("plans", "Referral")
    Assessment = apps.get_model("plans", "Assessment")
    for referral in Referral.objects.filter(assessment__isnull=False):
        Assessment.objects.filter(pk=referral.assessment_id).update(
            referral_recorded_at=referral.referred_at,
            referral_recorded_by_id=referral.recorded_by_id,
            referral_note=(referral.note or referral.referred_to)[:1000],
        )


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0014_referrals_and_overrides"),
    ]

    operations = [migrations.RunPython(copy_referrals, copy_back)]
