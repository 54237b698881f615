"""Plans a physical therapist signs unchanged (issue 12, December 2026 review): each defect the
review found, as a rule over the whole engine (suggest) and the library in plans/data."""

from __future__ import annotations

import pytest

from plans.clinical.catalog import load_catalog_json
from plans.clinical.engine import assessment_from_contract, suggest
from plans.clinical.engine.stratified import LOW_RISK_NOTE
from tests.clinical.review_vignettes import SB_HIGH, SB_LOW, SB_MED

CATALOG = load_catalog_json()
SPECS = {e.slug: e for e in CATALOG.exercises}
FABQ_WORK_HIGH = {"items": [4, 5, 5, 4, 5, 6, 6, 3, 5, 5, 5, 5, 2, 1, 5, 2]}  # PA 19, W 37
NARROW_CANAL = "walking-with-narrow-canal"
LEG_TIRE_ADVICE = "If your legs tire when you walk"
HAMSTRING_STRETCHES = {"seated-hamstring-stretch", "hamstring-stretch-strap"}


def request(age=45, region="lumbar", days=10, findings=(), **extra):
    body = {
        "age": age,
        "region": region,
        "onset": extra.pop("onset", "gradual"),
        "duration_days": days,
        "findings": sorted(findings),
        "pain_distribution": extra.pop("pain_distribution", "back_only"),
        "startback": extra.pop("startback", SB_MED),
    }
    body.update(extra)
    return body


def suggested(**kw):
    return suggest(assessment_from_contract(request(**kw)), CATALOG)


def plan_of(**kw):
    result = suggested(**kw)
    assert result.plan is not None
    return result.plan


def slugs(plan) -> list[str]:
    return [e.slug for e in plan.exercises]


def by_rule(plan, rule: str) -> list[str]:
    return [e.slug for e in plan.exercises if e.rule == rule]


def filled(plan):
    return [e for e in plan.exercises if e.rule == "cause"]


def education(plan) -> list[str]:
    return [e.slug for e in plan.education]


# --- Narrow-canal advice and leaflet only for its pattern -------------------------------------------


def test_back_only_pain_gets_no_narrow_canal_advice_even_with_a_stenosis_in_the_top_three():
    result = suggested(age=66, days=300, findings={"osteoarthritis", "worse_with_extension_or_standing"})
    assert "central_canal_stenosis" in [c.code for c in result.causes[:3]]
    plan = result.plan
    assert NARROW_CANAL not in education(plan)
    assert not any(LEG_TIRE_ADVICE in a for a in plan.activity_advice)


def test_sciatica_from_a_disc_gets_no_narrow_canal_advice_from_a_stenosis_ranked_behind_it():
    result = suggested(
        age=47,
        days=65,
        findings={"numbness", "positive_slr", "reflex_loss", "worse_with_flexion_or_sitting"},
        pain_distribution="below_knee",
    )
    assert result.causes[0].code == "herniated_disc"
    assert NARROW_CANAL not in education(result.plan)
    assert not any(LEG_TIRE_ADVICE in a for a in result.plan.activity_advice)


def test_claudication_gets_the_narrow_canal_advice_and_short_walk_wording():
    plan = plan_of(
        age=72,
        days=1100,
        findings={
            "bilateral_leg_symptoms",
            "relief_with_sitting_or_flexion",
            "walking_intolerance",
            "worse_with_extension_or_standing",
        },
        pain_distribution="buttock_thigh",
        walking_tolerance_minutes=5,
    )
    assert NARROW_CANAL in education(plan)
    assert any(LEG_TIRE_ADVICE in a for a in plan.activity_advice)
    assert not any("10 minutes or more" in a for a in plan.activity_advice)
    assert any("Short walks with a rest" in a for a in plan.activity_advice)
    # The kneeling hip-flexor stretch extends the low back, which claudication excludes.
    assert "spinal_extension" in SPECS["hip-flexor-stretch"].properties
    assert "hip-flexor-stretch" not in slugs(plan)


# --- Nerve glides match the nerve ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"),
    [(12, "supine-nerve-glide"), (65, "sciatic-nerve-slider")],
    ids=["acute", "subacute"],
)
def test_a_positive_straight_leg_raise_gets_a_sciatic_slider(days, expected):
    plan = plan_of(
        age=38,
        days=days,
        findings={"positive_slr", "tingling", "peripheralizes_with_flexion"},
        pain_distribution="below_knee",
    )
    assert by_rule(plan, "nerve_root") == [expected]
    assert any("chosen for the sciatic nerve" in n for n in plan.notes)


def test_thigh_pain_with_root_signs_and_no_straight_leg_raise_gets_the_femoral_slider():
    plan = plan_of(
        age=55, days=20, findings={"numbness", "reflex_loss", "weakness"}, pain_distribution="buttock_thigh"
    )
    assert by_rule(plan, "nerve_root") == ["femoral-nerve-slider"]
    assert any("prone knee bend" in n for n in plan.notes)


def test_an_irritated_nerve_gets_no_hamstring_stretch_to_fill_the_plan():
    plan = plan_of(
        age=41,
        days=10,
        findings={"numbness", "positive_slr", "reflex_loss", "worse_with_flexion_or_sitting"},
        pain_distribution="below_knee",
    )
    assert not HAMSTRING_STRETCHES & set(slugs(plan))


# --- Filling: only what fits the person ------------------------------------------------------------


@pytest.mark.parametrize(("days", "most"), [(5, 4), (60, 5), (200, 6)], ids=["acute", "subacute", "chronic"])
def test_a_physiotherapy_plan_holds_no_more_than_its_stage_allows(days, most):
    plan = plan_of(days=days, findings={"pain_with_movement", "localized_tenderness", "muscle_spasm"})
    assert plan.care_pathway == "pt_exercise"
    assert 1 <= len(plan.exercises) <= most


@pytest.mark.parametrize("age", [29, 45, 58])
def test_no_balance_work_fills_a_plan_under_60_without_a_reason(age):
    for days in (5, 60, 200):
        plan = plan_of(age=age, days=days, findings={"pain_with_movement", "sedentary"})
        assert not [e for e in plan.exercises if e.kind == "balance"], (age, days, slugs(plan))


@pytest.mark.parametrize("age", [62, 72, 80])
def test_older_adults_get_supported_balance_never_unsupported(age):
    plan = plan_of(age=age, days=200, findings={"pain_with_movement", "osteoarthritis", "sedentary"})
    balance = [e for e in plan.exercises if e.kind == "balance"]
    assert balance
    assert not [e for e in plan.exercises if "unsupported_balance" in e.properties]


def test_older_adults_get_functional_strength_and_labourers_a_lifting_pattern():
    older = plan_of(age=78, days=200, findings={"pain_with_movement", "osteoarthritis"})
    strength = [e.slug for e in older.exercises if e.kind == "strengthening"]
    assert strength and strength[0] in {"sit-to-stand", "heel-raise", "wall-push-up", "step-up"}
    labourer = plan_of(
        age=40, days=200, findings={"pain_with_movement", "strenuous_job"}, mechanism="lifting"
    )
    strength = [e.slug for e in labourer.exercises if e.kind == "strengthening"]
    assert strength and strength[0] in {"hip-hinge-dowel", "goblet-squat", "neutral-spine-deadlift"}


def test_every_plan_that_can_hold_an_aerobic_item_has_one():
    cases = [
        {"findings": {"centralizes_with_extension", "desk_work"}, "pain_distribution": "buttock_thigh"},
        {"findings": {"pain_with_movement"}, "days": 200},
        {"findings": {"osteoporosis", "bony_point_tenderness"}, "age": 78, "mechanism": "fall", "days": 18},
    ]
    for case in cases:
        plan = plan_of(**case)
        assert [e for e in plan.exercises if e.kind == "aerobic"], (case, slugs(plan))


@pytest.mark.parametrize(
    "extra",
    [
        {"findings": {"widespread_pain", "pain_with_movement"}},
        {"findings": {"pain_with_movement"}, "bmi": "38"},
    ],
    ids=["widespread", "bmi-38"],
)
def test_widespread_chronic_pain_and_a_bmi_of_35_start_at_level_1(extra):
    plan = plan_of(age=48, days=400, **extra)
    assert {SPECS[slug].level for slug in slugs(plan)} == {1}


def test_a_tested_extension_keeps_flexion_and_twisting_out_of_the_acute_plan():
    plan = plan_of(
        age=35,
        days=6,
        findings={"centralizes_with_extension", "worse_with_flexion_or_sitting"},
        pain_distribution="buttock_thigh",
    )
    assert plan.exercises[0].rule == "direction_tested"
    for item in plan.exercises:
        assert not {"spinal_flexion", "rotation"} & set(item.properties), item.slug


def test_a_tested_flexion_keeps_extension_out_of_the_plan():
    plan = plan_of(
        age=58,
        days=60,
        findings={"centralizes_with_flexion", "osteoarthritis"},
        pain_distribution="buttock_thigh",
    )
    assert plan.exercises[0].rule == "direction_tested"
    assert not [e.slug for e in plan.exercises if "spinal_extension" in e.properties]


# --- Causes, patterns and education ----------------------------------------------------------------


def test_a_lateral_shift_supports_a_disc():
    base = {"age": 31, "days": 4, "findings": {"muscle_spasm", "worse_with_flexion_or_sitting"}}
    without = {c.code: c.score for c in suggested(**base).causes}
    base["findings"] = base["findings"] | {"lateral_shift"}
    with_shift = {c.code: c.score for c in suggested(**base).causes}
    assert with_shift["herniated_disc"] > without.get("herniated_disc", 0)


def test_thoracic_band_pain_is_led_by_thoracic_radiculopathy_and_gets_thoracic_mobility_first():
    result = suggested(
        age=57,
        region="thoracic",
        days=35,
        findings={"numbness", "tingling"},
        pain_distribution="chest_abdomen_band",
    )
    assert result.causes[0].code == "thoracic_radiculopathy"
    foraminal = next(c for c in result.causes if c.code == "foraminal_stenosis")
    assert "region:thoracic" in foraminal.against
    thoracic = by_rule(result.plan, "thoracic")
    assert "rib-glide-breathing" in thoracic
    assert SPECS[thoracic[0]].kind == "mobility"


def test_inflammatory_back_pain_keeps_the_spine_extending_and_rotating():
    plan = plan_of(
        age=30,
        days=730,
        findings={
            "alternating_buttock_pain",
            "better_with_exercise_not_rest",
            "night_waking_second_half",
            "severe_morning_stiffness",
        },
        pain_distribution="buttock_thigh",
    )
    properties = [set(e.properties) for e in plan.exercises if e.kind != "aerobic"]
    assert any("spinal_extension" in p for p in properties)
    assert any("rotation" in p for p in properties)
    assert "morning-stiffness" in education(plan)


def test_a_suspected_vertebral_fracture_gets_back_extensor_holds_and_a_cautious_plan():
    result = suggested(
        age=78,
        days=18,
        findings={"osteoporosis", "bony_point_tenderness", "pain_with_movement"},
        mechanism="fall",
    )
    assert result.causes[0].code == "vertebral_fracture"
    plan = result.plan
    assert "back-extensor-isometrics" in slugs(plan)
    for item in plan.exercises:
        assert SPECS[item.slug].level == 1
        assert not {"spinal_flexion", "rotation", "high_impact", "unsupported_balance"} & set(item.properties)


def test_a_prompt_fracture_screen_makes_the_plan_cautious_without_a_fracture_cause_first():
    result = suggested(age=68, days=10, findings={"pain_with_movement"}, onset="sudden", sex="female")
    assert result.triage.level == "prompt"
    for item in result.plan.exercises:
        assert SPECS[item.slug].level == 1
        assert not {"spinal_flexion", "rotation", "high_impact", "unsupported_balance"} & set(item.properties)
    assert any("Bend at your hips and knees" in a for a in result.plan.activity_advice)


def test_a_child_gets_no_return_to_work_leaflet_and_an_athlete_the_sport_leaflet():
    plan = plan_of(
        age=15,
        days=50,
        findings={"localized_tenderness", "repetitive_extension_sport", "worse_with_extension_or_standing"},
    )
    assert "returning-to-work" not in education(plan)
    assert "sport-and-a-sore-back" in education(plan)


def test_high_work_fear_avoidance_gets_the_return_to_work_leaflet():
    plan = plan_of(
        days=120,
        findings={"strenuous_job", "pain_with_movement"},
        mechanism="lifting",
        startback=None,
        fabq=FABQ_WORK_HIGH,
    )
    assert plan.care_pathway == "psychologically_informed"
    assert "returning-to-work" in education(plan)


def test_the_low_risk_note_gives_the_review_the_plan_sets():
    note = LOW_RISK_NOTE.split(";")[0]
    routine = plan_of(findings={"pain_with_movement"}, startback=SB_LOW)
    assert routine.review_in_days == 28
    assert any(n.startswith(note) and n.endswith("first review in 4 weeks.") for n in routine.notes)
    prompt = suggested(
        age=30,
        days=730,
        findings={"severe_morning_stiffness", "better_with_exercise_not_rest", "night_waking_second_half"},
        startback=SB_LOW,
    )
    assert prompt.triage.level == "prompt"
    assert prompt.plan.review_in_days == 7
    assert any(n.startswith(note) and n.endswith("first review in 1 week.") for n in prompt.plan.notes)


def test_weak_causes_do_not_shape_the_plan():
    """A cause below 0.3 adds no kinds, leaflets or advice, even in the top three."""
    result = suggested(
        age=40, days=240, findings={"desk_work", "sustained_posture_aggravates"}, startback=SB_HIGH
    )
    weak = [c for c in result.causes[:3] if c.score < 0.3]
    assert weak
    leaflets = set(education(result.plan))
    for ranked in weak:
        own = set(CATALOG.cause(ranked.code).education) - {"pacing", "flare-up-plan", "understanding-pain"}
        assert not own & leaflets, (ranked.code, own & leaflets)


# --- Second round of the review -----------------------------------------------------------------


def test_while_causes_are_withheld_the_patient_is_told_to_keep_gently_active_not_to_build_up():
    result = suggested(age=64, days=30, findings={"history_of_cancer", "night_pain", "pain_with_movement"})
    assert result.causes_withheld
    plan = result.plan
    assert plan.activity_advice[0].startswith("Keep gently active within comfort until a doctor")
    assert not any("even if your back is still a bit sore" in a for a in plan.activity_advice)
    assert not any(n.startswith("STarT Back medium risk") for n in plan.notes)


def test_a_held_plan_keeps_the_patient_gently_active_until_the_referral():
    result = suggested(age=85, days=120, findings={"gait_disturbance", "osteoarthritis", "sedentary"})
    assert result.triage.holds_plan
    assert result.plan.activity_advice[0].startswith("Keep gently active within comfort")


def test_a_directional_item_is_not_repeated_by_a_mobility_item_in_the_same_direction():
    cases = [
        {
            "age": 58,
            "days": 60,
            "findings": {"centralizes_with_flexion"},
            "pain_distribution": "buttock_thigh",
        },
        {
            "age": 45,
            "days": 50,
            "findings": {"worse_with_extension_or_standing", "sustained_posture_aggravates"},
        },
        {
            "age": 72,
            "days": 1100,
            "findings": {"bilateral_leg_symptoms", "relief_with_sitting_or_flexion", "walking_intolerance"},
            "pain_distribution": "buttock_thigh",
        },
    ]
    for case in cases:
        plan = plan_of(**case)
        directional = [e for e in plan.exercises if e.kind == "directional_preference"]
        assert directional, case
        mobility = [e for e in plan.exercises if e.kind == "mobility"]
        for item in mobility:
            assert "spinal_flexion" not in item.properties, (case, item.slug)


@pytest.mark.parametrize(
    "extra", [{"age": 82}, {"age": 66, "findings": {"gait_disturbance", "osteoarthritis"}}]
)
def test_the_very_old_and_the_unsteady_get_no_kneeling_or_face_down_work(extra):
    findings = extra.pop("findings", {"osteoarthritis", "pain_with_movement"})
    plan = plan_of(days=200, findings=findings, **extra)
    kneeling = {"bird-dog", "cat-camel", "four-point-arm-lift", "quadruped-rock-back", "hip-flexor-stretch"}
    for item in plan.exercises:
        assert item.slug not in kneeling and "prone" not in item.properties, item.slug


def test_the_rib_glide_is_only_for_pain_around_the_chest():
    lumbar = plan_of(
        age=16, days=21, findings={"slouched_posture", "worse_with_flexion_or_sitting"}, startback=SB_LOW
    )
    assert "rib-glide-breathing" not in slugs(lumbar)
    band = plan_of(
        age=57, region="thoracic", days=35, findings={"tingling"}, pain_distribution="chest_abdomen_band"
    )
    assert "rib-glide-breathing" in slugs(band)


def test_pelvic_floor_training_comes_only_from_the_pregnancy_rule():
    plan = plan_of(age=85, days=120, findings={"gait_disturbance", "osteoarthritis", "sedentary"})
    assert "pelvic-floor-transversus" not in slugs(plan)
    pregnant = plan_of(age=31, days=30, findings={"pregnant", "pelvic_girdle_pain"}, pregnancy_weeks=24)
    assert by_rule(pregnant, "pregnancy")[0] == "pelvic-floor-transversus"


def test_a_positive_sacroiliac_cluster_leads_a_sudden_buttock_pain():
    result = suggested(
        age=44,
        days=25,
        findings={"sij_provocation_positive", "pain_with_movement"},
        onset="sudden",
        mechanism="awkward_movement",
        pain_distribution="buttock_thigh",
    )
    assert result.causes[0].code == "sacroiliac_pelvic_girdle"


def test_a_guessed_direction_a_cause_rules_out_still_asks_for_the_movement_test():
    result = suggested(
        age=60,
        days=65,
        findings={"worse_with_flexion_or_sitting", "osteoarthritis"},
        pain_distribution="buttock_thigh",
    )
    codes = [c.code for c in result.causes[:3]]
    assert "foraminal_stenosis" in codes or "central_canal_stenosis" in codes
    plan = result.plan
    assert plan.dp_basis is None
    assert any("there is no trial item: test repeated movements" in n for n in plan.notes)


def test_no_cause_below_0_3_adds_notes_and_an_excluded_fracture_is_not_asked_about_again():
    result = suggested(
        age=42,
        days=10,
        findings={"fracture_excluded", "localized_tenderness", "muscle_spasm"},
        mechanism="vehicle_collision",
    )
    named = {c.name for c in result.causes[1:3] if c.score < 0.3}
    for note in result.plan.notes:
        assert not any(note.startswith(name) for name in named), note
    assert not any("make sure a fracture has been ruled out" in n for n in result.plan.notes)


def test_a_chronic_heavy_worker_is_told_to_build_back_up_not_to_take_lighter_duties():
    chronic = plan_of(days=120, findings={"strenuous_job", "pain_with_movement"})
    assert not any("a day or two of lighter duties" in a for a in chronic.activity_advice)
    assert any("build up to your full duties step by step" in a for a in chronic.activity_advice)
    acute = plan_of(days=5, findings={"strenuous_job", "pain_with_movement"})
    assert any("a day or two of lighter duties" in a for a in acute.activity_advice)


def test_an_inactive_person_starts_on_the_ten_minute_walk():
    plan = plan_of(age=50, days=300, findings={"sedentary", "pain_with_movement"})
    aerobic = [e.slug for e in plan.exercises if e.kind == "aerobic"]
    assert aerobic and aerobic[0] in {"walking-program", "stationary-cycling", "water-walking"}


# --- Third round of the review ------------------------------------------------------------------


def test_sitting_that_hurts_gets_the_lying_nerve_glide_and_sitting_advice():
    plan = plan_of(
        age=47,
        days=65,
        findings={"numbness", "positive_slr", "reflex_loss", "worse_with_flexion_or_sitting"},
        pain_distribution="below_knee",
    )
    assert by_rule(plan, "nerve_root") == ["supine-nerve-glide"]
    assert any(a.startswith("Break up sitting") for a in plan.activity_advice)
    assert "sitting-and-desk-work" in education(plan)


@pytest.mark.parametrize(
    "case",
    [
        {"age": 78, "days": 18, "findings": {"osteoporosis", "bony_point_tenderness"}, "mechanism": "fall"},
        {
            "age": 45,
            "days": 50,
            "findings": {"worse_with_extension_or_standing", "sustained_posture_aggravates"},
        },
    ],
    ids=["fracture-suspected", "standing-worker"],
)
def test_the_desk_break_is_for_people_who_sit_and_never_while_a_fracture_is_suspected(case):
    assert "desk-movement-break" not in slugs(plan_of(**case))


def test_the_desk_break_suits_a_desk_worker():
    assert "desk-movement-break" in slugs(
        plan_of(days=60, findings={"desk_work", "sustained_posture_aggravates"})
    )


@pytest.mark.parametrize(
    "case",
    [
        {"age": 64, "days": 30, "findings": {"history_of_cancer", "night_pain"}},
        {"age": 78, "days": 18, "findings": {"osteoporosis", "bony_point_tenderness"}, "mechanism": "fall"},
    ],
    ids=["withheld", "fracture-suspected"],
)
def test_no_reassurance_that_pain_is_not_damage_before_cancer_or_a_fracture_is_ruled_out(case):
    assert "understanding-pain" not in education(plan_of(**case))


def test_the_high_risk_pathway_keeps_its_pain_leaflet():
    plan = plan_of(
        age=78,
        days=18,
        findings={"osteoporosis", "bony_point_tenderness"},
        mechanism="fall",
        startback=SB_HIGH,
    )
    assert "understanding-pain" in education(plan)


def test_a_pars_injury_trial_asks_for_flexion_testing_only():
    plan = plan_of(
        age=15,
        days=50,
        findings={"localized_tenderness", "repetitive_extension_sport", "worse_with_extension_or_standing"},
    )
    assert plan.dp_basis == "trial"
    assert any("do not test extension until sports medicine has cleared" in n for n in plan.notes)


@pytest.mark.parametrize(
    "extra",
    [{"bmi": "38"}, {"startback": SB_HIGH}, {"walking_tolerance_minutes": 5}],
    ids=["bmi-38", "high-risk", "short-tolerance"],
)
def test_short_bouts_count_when_ten_minute_walks_do_not_fit(extra):
    plan = plan_of(age=48, days=400, findings={"pain_with_movement", "sedentary"}, **extra)
    assert not any("10 minutes or more" in a for a in plan.activity_advice)
    assert any("Short walks with a rest in between all count" in a for a in plan.activity_advice)


def test_widespread_pain_gets_a_small_first_plan_off_the_floor_and_the_sleep_leaflet():
    plan = plan_of(age=52, days=900, findings={"widespread_pain", "sedentary"}, startback=SB_HIGH)
    assert len(plan.exercises) <= 4
    kneeling = {"bird-dog", "cat-camel", "four-point-arm-lift", "quadruped-rock-back", "hip-flexor-stretch"}
    assert not kneeling & set(slugs(plan))
    assert "stress-and-sleep" in education(plan)


def test_the_wall_angel_extends_the_upper_back():
    assert "spinal_extension" in SPECS["wall-angel"].properties
    plan = plan_of(
        age=70, region="thoracic", days=200, findings={"worse_with_extension_or_standing", "osteoarthritis"}
    )
    assert "wall-angel" not in slugs(plan)


def test_the_bone_strength_leaflet_is_for_thin_bones_known_or_likely():
    young = plan_of(
        age=47, days=5, findings={"localized_tenderness", "bony_point_tenderness"}, mechanism="fall"
    )
    assert "strength-for-bones" not in education(young)
    man = plan_of(age=70, days=200, findings={"osteoarthritis", "pain_with_movement"}, sex="male")
    assert "strength-for-bones" not in education(man)
    woman = plan_of(age=70, days=200, findings={"osteoarthritis", "pain_with_movement"}, sex="female")
    assert "strength-for-bones" in education(woman)
    thin = plan_of(age=55, days=200, findings={"osteoporosis", "pain_with_movement"}, sex="male")
    assert "strength-for-bones" in education(thin)


def test_relaxation_does_not_pad_a_plan_without_a_reason_for_it():
    plan = plan_of(age=40, days=200, findings={"pain_with_movement", "localized_tenderness"})
    assert plan.care_pathway == "pt_exercise"
    assert not [e for e in plan.exercises if e.kind == "relaxation"]


@pytest.mark.parametrize(
    "findings",
    [
        {"centralizes_with_extension", "desk_work", "worse_with_flexion_or_sitting"},
        {"centralizes_with_lateral_shift_correction", "lateral_shift", "muscle_spasm"},
    ],
    ids=["extension", "lateral-shift"],
)
def test_leg_pain_that_centralises_points_to_a_disc_before_a_strain(findings):
    result = suggested(age=33, days=5, findings=findings, onset="sudden", pain_distribution="buttock_thigh")
    assert result.causes[0].code == "herniated_disc", [(c.code, c.score) for c in result.causes[:3]]


# --- Fourth round of the review -----------------------------------------------------------------

FRACTURE_FALL = {
    "age": 78,
    "days": 18,
    "findings": {"osteoporosis", "bony_point_tenderness"},
    "mechanism": "fall",
}


def test_while_a_fracture_is_suspected_the_leaflets_spare_the_spine_and_promise_nothing_about_lifting():
    plan = plan_of(**{**FRACTURE_FALL, "findings": FRACTURE_FALL["findings"] | {"strenuous_job"}})
    leaflets = education(plan)
    assert "spine-sparing-daily-tasks" in leaflets
    assert not {"lifting-and-carrying", "understanding-pain", "flare-up-plan"} & set(leaflets)
    kneeling = {"bird-dog", "cat-camel", "four-point-arm-lift", "quadruped-rock-back", "hip-flexor-stretch"}
    assert not kneeling & set(slugs(plan))


def test_a_fracture_screen_in_a_68_year_old_keeps_her_off_the_floor():
    plan = plan_of(age=68, days=10, findings={"pain_with_movement"}, onset="sudden", sex="female")
    kneeling = {"bird-dog", "cat-camel", "four-point-arm-lift", "quadruped-rock-back", "hip-flexor-stretch"}
    assert not kneeling & set(slugs(plan))
    assert "spine-sparing-daily-tasks" in education(plan)


def test_an_urgent_held_plan_gives_only_the_leaflets_the_pathway_needs_and_the_safety_net():
    result = suggested(
        age=50,
        days=20,
        findings={"progressive_weakness", "positive_slr", "strenuous_job"},
        pain_distribution="below_knee",
    )
    assert result.triage.level == "urgent"
    assert set(education(result.plan)) <= {"stay-active", "when-to-seek-help", "understanding-pain"}
    assert "when-to-seek-help" in education(result.plan)


def test_the_nerve_leaflet_is_for_leg_or_chest_pain_or_root_signs():
    back_only = plan_of(age=66, days=300, findings={"osteoarthritis", "worse_with_extension_or_standing"})
    assert "nerve-pain-explained" not in education(back_only)
    sciatica = plan_of(age=40, days=20, findings={"positive_slr", "tingling"}, pain_distribution="below_knee")
    assert "nerve-pain-explained" in education(sciatica)


def test_no_forward_bending_or_twisting_fills_a_plan_for_someone_over_75():
    plan = plan_of(age=85, days=120, findings={"osteoarthritis", "pain_with_movement", "sedentary"})
    for item in filled(plan):
        assert not {"spinal_flexion", "rotation"} & set(item.properties), item.slug


def test_the_pelvic_girdle_precaution_matches_the_supine_rule():
    precautions = CATALOG.cause("sacroiliac_pelvic_girdle").precautions
    assert "from about 20 weeks" in precautions and "16 weeks" not in precautions


# --- Held-out review ------------------------------------------------------------------------------


def test_nerve_root_signs_or_pain_below_the_knee_get_the_safety_net_leaflet():
    for case in (
        {
            "findings": {"weakness", "reflex_loss", "numbness"},
            "pain_distribution": "buttock_thigh",
            "age": 55,
        },
        {"findings": {"positive_slr"}, "pain_distribution": "below_knee", "age": 33},
    ):
        assert "when-to-seek-help" in education(plan_of(days=10, **case)), case


def test_an_urgent_referral_names_only_its_own_actions_and_notes_the_lesser_ones():
    result = suggested(age=34, days=14, findings={"fever", "iv_drug_use", "night_pain", "history_of_cancer"})
    assert result.triage.level == "urgent"
    prompt_actions = {f.action.rstrip(".") for f in result.triage.flags if f.level == "prompt"}
    urgent_actions = {f.action.rstrip(".") for f in result.triage.flags if f.level == "urgent"}
    lesser = prompt_actions - urgent_actions
    assert lesser
    for action in lesser:
        assert action not in result.plan.referral
        assert any(n.startswith("Also, within days:") and action in n for n in result.plan.notes)


def test_a_leading_pars_injury_gets_its_care_without_the_teenage_flag():
    result = suggested(
        age=24,
        days=60,
        findings={"repetitive_extension_sport", "worse_with_extension_or_standing", "localized_tenderness"},
        mechanism="sports_injury",
    )
    assert result.causes[0].code == "spondylolysis"
    plan = result.plan
    rules = by_rule(plan, "spondylolysis")
    assert any(SPECS[s].kind == "stabilization" for s in rules)
    assert any("hamstring" in s for s in rules)
    assert any(a.startswith("Stop the sport") for a in plan.activity_advice)
    for item in plan.exercises:
        assert not {"rotation", "spinal_extension", "high_impact"} & set(item.properties), item.slug
    if plan.dp_basis == "trial":
        assert any("do not test extension" in n for n in plan.notes)


def test_thin_bones_alone_with_slow_long_standing_pain_keep_a_fracture_weak():
    result = suggested(age=67, days=300, findings={"osteoporosis", "pain_with_movement"}, sex="female")
    fracture = [c for c in result.causes if c.code == "vertebral_fracture"]
    assert not fracture or fracture[0].score < 0.3
    assert not any(n.startswith("Vertebral fracture") for n in result.plan.notes)


def test_an_older_adult_after_a_fall_gets_balance_work():
    plan = plan_of(age=80, days=20, findings={"pain_with_movement", "fracture_excluded"}, mechanism="fall")
    assert [e for e in plan.exercises if e.kind == "balance"]


def test_a_low_risk_inflammatory_plan_keeps_its_aerobic_item():
    plan = plan_of(
        age=29,
        days=730,
        findings={"severe_morning_stiffness", "better_with_exercise_not_rest", "night_waking_second_half"},
        startback=SB_LOW,
    )
    assert len(plan.exercises) <= 3
    assert [e for e in plan.exercises if e.kind == "aerobic"]


def test_pregnancy_gets_its_precaution_note():
    plan = plan_of(age=30, days=20, findings={"pregnant", "pain_with_movement"}, pregnancy_weeks=10)
    assert any(n.startswith("Pregnancy: stop exercise and seek care") for n in plan.notes)


# --- Final held-out review ------------------------------------------------------------------------


def test_the_narrow_canal_leaflet_needs_a_walking_limit():
    plan = plan_of(
        age=58,
        days=200,
        findings={"osteoarthritis", "worse_with_extension_or_standing"},
        pain_distribution="buttock_thigh",
    )
    assert "walking-with-narrow-canal" not in education(plan)
    limited = plan_of(
        age=58,
        days=200,
        findings={"osteoarthritis", "worse_with_extension_or_standing", "walking_intolerance"},
        pain_distribution="buttock_thigh",
    )
    assert "walking-with-narrow-canal" in education(limited)


def test_sitting_advice_is_given_once():
    plan = plan_of(days=20, findings={"desk_work", "worse_with_flexion_or_sitting"})
    sitting = [a for a in plan.activity_advice if "30" in a and ("sit" in a or "position" in a)]
    assert len(sitting) == 1, sitting


def test_a_young_players_sports_injury_needs_no_fracture_reminder():
    plan = plan_of(
        age=16, days=3, findings={"muscle_spasm", "localized_tenderness"}, mechanism="sports_injury"
    )
    assert not any("make sure a fracture has been ruled out" in n for n in plan.notes)
    fall = plan_of(age=40, days=3, findings={"muscle_spasm"}, mechanism="fall")
    assert any("make sure a fracture has been ruled out" in n for n in fall.notes)
