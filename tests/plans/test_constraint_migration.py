"""Migration 0019 adds the NPRS-order and BMI-range constraints. An old record that breaks one stops it
with a message naming the record, before any constraint is added, and nothing is changed."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import EpisodeFactory, PatientFactory, UserFactory

BEFORE = [("plans", "0018_attention_inbox")]
AFTER = [("plans", "0019_nprs_order_bmi_range_and_review_date_constraints")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_record_breaking_a_new_rule_is_named_and_left_as_it_was():
    therapist = UserFactory(username="tessa-constraints")
    episode = EpisodeFactory(patient=PatientFactory(), onset_date=date.today() - timedelta(days=10))
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    OldAssessment = executor.loader.project_state(BEFORE).apps.get_model("plans", "Assessment")
    odd = OldAssessment.objects.create(
        episode_id=episode.pk,
        assessed_on=date.today() - timedelta(days=3),
        assessed_by_id=therapist.pk,
        age=40,
        region="lumbar",
        onset="sudden",
        duration_days=7,
        mechanism="lifting",
        pain_distribution="back_only",
        nprs_current=6,
        height_cm=250,
        weight_kg=20,
        bmi="3.2",
        stage="acute",
        suggestion={},
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    with pytest.raises(RuntimeError, match=f"BMI outside 10 to 90: assessments {odd.code}"):
        executor.migrate(AFTER)

    odd.refresh_from_db()
    assert str(odd.bmi) == "3.2"
    OldAssessment.objects.filter(pk=odd.pk).delete()
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
