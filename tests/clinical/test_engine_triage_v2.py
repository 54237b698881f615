"""The suggestion engine's use of triage v2: plan hold, safety net, fracture gate, spondylolysis
exclusions (api-contract.md "Triage rules (v2)", "Plan hold (v2)", "Plan rules (v2)" rule 1)."""

import pytest

from plans.clinical.catalog import load_catalog_json
from plans.clinical.engine import assessment_from_contract, forbidden_properties, suggest

CATALOG = load_catalog_json()
EXERCISES = {e.slug: e for e in CATALOG.exercises}


def _run(**request):
    return suggest(assessment_from_contract({"region": "lumbar", **request}), CATALOG)


@pytest.mark.parametrize("duration_days", [45, 120, 400])
def test_spondylolysis_flag_excludes_extension_and_high_impact(duration_days):
    result = _run(
        age=16,
        sex="female",
        onset="gradual",
        duration_days=duration_days,
        mechanism="none",
        findings=["worse_with_extension_or_standing", "repetitive_extension_sport", "pain_with_movement"],
    )
    assert [f.code for f in result.triage.flags] == ["spondylolysis"]
    assert result.plan is not None and result.plan.exercises
    for item in result.plan.exercises:
        assert not EXERCISES[item.slug].properties & {"spinal_extension", "high_impact"}, item.slug
    assert "sports-medicine" in result.plan.referral.lower()
    assert "stop the provoking sport" in result.plan.referral.lower()


def test_axial_spa_refers_to_rheumatology():
    result = _run(
        age=26,
        sex="male",
        onset="gradual",
        duration_days=180,
        findings=["better_with_exercise_not_rest", "night_waking_second_half"],
    )
    assert result.triage.level == "prompt"
    assert "rheumatology" in result.plan.referral.lower()


def test_stable_claudication_has_no_flag_but_the_safety_net():
    result = _run(
        age=72,
        sex="female",
        onset="gradual",
        duration_days=365,
        mechanism="none",
        pain_distribution="buttock_thigh",
        findings=["bilateral_leg_symptoms", "walking_intolerance", "relief_with_sitting_or_flexion"],
    )
    assert result.triage.level == "none"
    assert result.plan.referral is None
    assert "when-to-seek-help" in [e.slug for e in result.plan.education]
    assert result.as_dict()["plan_hold"] is None


def test_urgent_plan_is_suggested_but_held():
    body = _run(
        age=60, onset="gradual", duration_days=30, findings=["history_of_cancer", "weakness"]
    ).as_dict()
    assert body["triage"]["level"] == "urgent"
    assert body["plan"] is not None
    assert body["plan_hold"]["release"] == ["referral_recorded", "override"]
    assert set(body["plan_hold"]["reasons"]) == {"history_of_cancer", "weakness"}


def test_emergency_has_no_plan_and_no_override():
    body = _run(
        age=40, onset="sudden", duration_days=1, mechanism="fall", findings=["high_energy_trauma"]
    ).as_dict()
    assert body["plan"] is None
    assert body["plan_hold"] == {
        "level": "emergency",
        "reasons": body["triage"]["reasons"],
        "release": ["referral_recorded"],
    }


YOUNG_ATHLETE = {
    "age": 16,
    "region": "lumbar",
    "onset": "gradual",
    "duration_days": 120,
    "mechanism": "sports_injury",
    "findings": ["worse_with_extension_or_standing"],
}


def test_spondylolysis_flag_forbids_extension_and_high_impact_properties():
    assessment = assessment_from_contract(YOUNG_ATHLETE)
    triage = suggest(assessment, CATALOG).triage
    assert [f.code for f in triage.flags] == ["spondylolysis"]
    # No causes, so only the findings and the flag rule properties out.
    assert "high_impact" not in forbidden_properties(assessment, (), CATALOG)
    assert {"spinal_extension", "high_impact"} <= forbidden_properties(assessment, (), CATALOG, triage=triage)
