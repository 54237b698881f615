"""The inbox finds due re-evaluations in SQL (``Assessment.objects.reevaluation_due``); the caseload and
the episode page ask ``plans.clinical.reevaluation``. Both must say the same on each side of the day."""

from datetime import date, timedelta

import pytest

from plans.clinical.reevaluation import ReevaluationState, reevaluation
from plans.models import Assessment
from tests.factories import AssessmentFactory, ClinicFactory, EpisodeFactory

TODAY = date(2026, 12, 2)


@pytest.mark.django_db
@pytest.mark.parametrize("reevaluation_days", [14, 30])
@pytest.mark.parametrize("days_since_baseline", [-1, 0, 1])
def test_the_sql_and_the_rule_agree_at_the_boundary(reevaluation_days, days_since_baseline):
    clinic = ClinicFactory(reevaluation_days=reevaluation_days, reevaluation_visit_count=99)
    baseline_on = TODAY - timedelta(days=reevaluation_days + days_since_baseline)
    episode = EpisodeFactory(patient__clinic=clinic, onset_date=baseline_on - timedelta(days=5))
    baseline = AssessmentFactory(episode=episode, assessed_on=baseline_on)

    due_in_sql = Assessment.objects.reevaluation_due(TODAY).filter(pk=baseline.pk).exists()
    rule = reevaluation(
        baseline_on=baseline_on,
        today=TODAY,
        reevaluation_days=reevaluation_days,
        reevaluation_visit_count=99,
        visits_since_baseline=0,
    )

    assert due_in_sql is (rule.state == ReevaluationState.DUE)
    assert due_in_sql is (days_since_baseline >= 0)
