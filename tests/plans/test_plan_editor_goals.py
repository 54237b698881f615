"""The plan editor's suggested goals follow the clinic's MCIDs (plans.selectors.plan_editor)."""

from datetime import timedelta

from plans.selectors.plan_editor import editor_initial_from_suggestion
from tests.factories import EpisodeFactory
from tests.plans.test_visits import TODAY, _baseline


def _goals(assessment):
    return {g["measure"]: g["target"] for g in editor_initial_from_suggestion(assessment)["goals"]}


def test_default_thresholds_give_the_engines_goals(patient, therapist):
    assessment = _baseline(EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50)), therapist)
    engine_goals = {g["measure"]: g["target"] for g in assessment.suggestion["plan"]["goals"]}
    assert _goals(assessment) == engine_goals == {"nprs": 5, "odi": 34}  # NPRS 7, ODI 44%


def test_a_clinic_with_other_mcids_gets_goals_by_its_own(clinic, patient, therapist):
    clinic.nprs_mcid = 3
    clinic.odi_mcid = 15
    clinic.save()
    assessment = _baseline(EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50)), therapist)
    assert _goals(assessment) == {"nprs": 4, "odi": 29}
    due = {g["due_date"] for g in editor_initial_from_suggestion(assessment)["goals"]}
    assert due == {assessment.assessed_on + timedelta(days=28)}
