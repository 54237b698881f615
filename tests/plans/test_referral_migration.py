"""Migration 0015 moves each referral recorded on an assessment (the old referral_* fields) into a
Referral row with its history, so nothing is lost when 0016 drops the fields."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.factories import EpisodeFactory, PatientFactory, UserFactory

BEFORE = [("plans", "0014_referrals_and_overrides")]
AFTER = [("plans", "0017_role_permissions_referrals")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_assessment_referrals_become_referral_rows_with_history():
    therapist = UserFactory(username="tessa-migration")
    episode = EpisodeFactory(patient=PatientFactory(), onset_date=date.today() - timedelta(days=10))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old_apps = executor.loader.project_state(BEFORE).apps
    OldAssessment = old_apps.get_model("plans", "Assessment")
    recorded_at = timezone.now() - timedelta(days=2)
    common = {
        "episode_id": episode.pk,
        "assessed_on": date.today() - timedelta(days=3),
        "assessed_by_id": therapist.pk,
        "age": 40,
        "region": "lumbar",
        "onset": "sudden",
        "duration_days": 7,
        "mechanism": "lifting",
        "pain_distribution": "back_only",
        "nprs_current": 6,
        "stage": "acute",
        "suggestion": {},
    }
    referred = OldAssessment.objects.create(
        **common,
        triage_level="emergency",
        referral_recorded_at=recorded_at,
        referral_recorded_by_id=therapist.pk,
        referral_note="Sent to A&E at St Mary's by phone.\nAmbulance called.",
    )
    OldAssessment.objects.create(**common, triage_level="urgent")  # no referral: nothing to move

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    from plans.models import Referral

    referral = Referral.objects.get()
    assert referral.assessment_id == referred.pk and referral.episode_id == episode.pk
    assert referral.referred_at == recorded_at and referral.created_at == recorded_at
    assert referral.recorded_by_id == therapist.pk and referral.urgency == "emergency"
    assert referral.referred_to == "Sent to A&E at St Mary's by phone."
    assert referral.note == "Sent to A&E at St Mary's by phone.\nAmbulance called."
    history = referral.history.get()
    assert history.history_user_id == therapist.pk and history.history_date == recorded_at

    # Leave the schema as the rest of the suite expects it: every later migration applied.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
