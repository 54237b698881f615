"""Cause rules v2 and the JOSPT classification, written from api-contract.md "Cause rules (v2)",
"JOSPT classification (v2)" and clinical-reference.md §8.10-8.13: each gate at its boundary,
serious pathology withholding the causes, the non-specific fallback, fracture first, and every
branch of the classification's precedence."""

import pytest

from plans.clinical.catalog import load_catalog_json
from plans.clinical.engine import assessment_from_contract, suggest
from plans.clinical.engine.causes import fracture_first, with_fallback
from plans.clinical.engine.results import RankedCause
from plans.clinical.triage import RedFlag, Triage
from plans.clinical.vocabulary import TriageLevel

CATALOG = load_catalog_json()


def _run(**request):
    body = {"age": 40, "region": "lumbar", "onset": "gradual", "duration_days": 30, **request}
    return suggest(assessment_from_contract(body), CATALOG)


def _codes(**request):
    return [c.code for c in _run(**request).causes]


# Gates ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("bmi", "listed"), [(29.9, False), (30, True), (30.0, True), (38, True)])
def test_obesity_load_needs_a_recorded_bmi_of_30(bmi, listed):
    assert ("obesity_load" in _codes(bmi=bmi, findings=["sedentary"])) is listed


def test_obesity_load_never_without_bmi_nor_in_pregnancy():
    assert "obesity_load" not in _codes(findings=["sedentary"])
    assert "obesity_load" not in _codes(age=8, findings=["sedentary"])
    pregnant = _codes(age=31, sex="female", bmi=34, findings=["pregnant", "sedentary", "pelvic_girdle_pain"])
    assert "obesity_load" not in pregnant
    assert "obesity_load" in _codes(age=31, sex="female", bmi=34, findings=["postpartum", "sedentary"])


@pytest.mark.parametrize(("age", "listed"), [(43, False), (49, False), (50, True), (70, True)])
def test_age_related_degeneration_only_from_50(age, listed):
    codes = _codes(age=age, duration_days=200, findings=["osteoarthritis", "previous_episodes"])
    assert ("age_related_degeneration" in codes) is listed


SPONDYLOLYSIS_FINDINGS = [
    "repetitive_extension_sport",
    "worse_with_extension_or_standing",
    "localized_tenderness",
]


@pytest.mark.parametrize(("age", "listed"), [(15, True), (29, True), (30, False), (45, False)])
def test_spondylolysis_only_under_30(age, listed):
    assert ("spondylolysis" in _codes(age=age, findings=SPONDYLOLYSIS_FINDINGS)) is listed


def test_spondylolysis_needs_pain_worse_in_extension_or_standing():
    findings = ["repetitive_extension_sport", "localized_tenderness"]
    assert "spondylolysis" not in _codes(age=16, mechanism="sports_injury", findings=findings)


def test_adolescent_extension_sport_ranks_spondylolysis_first():
    # V2-TR-08 (review CR-30).
    result = _run(
        age=15,
        sex="male",
        duration_days=45,
        mechanism="sports_injury",
        findings=["worse_with_extension_or_standing", "localized_tenderness", "pain_with_movement"],
    )
    assert [f.code for f in result.triage.flags] == ["spondylolysis"]
    assert result.causes[0].code == "spondylolysis"
    rule = CATALOG.cause("spondylolysis")
    assert {"spinal_extension", "high_impact"} <= rule.contraindicated


@pytest.mark.parametrize(
    ("findings", "listed"),
    [
        (["pregnant"], False),
        (["postpartum", "localized_tenderness"], False),
        (["pregnant", "pelvic_girdle_pain"], True),
        (["sij_provocation_positive"], True),
    ],
)
def test_sacroiliac_pelvic_girdle_needs_pelvic_girdle_pain_or_provocation(findings, listed):
    assert ("sacroiliac_pelvic_girdle" in _codes(age=32, sex="female", findings=findings)) is listed


def test_pregnancy_pelvic_girdle_pain_ranks_first():
    result = _run(
        age=31,
        sex="female",
        duration_days=21,
        pregnancy_weeks=28,
        pain_distribution="buttock_thigh",
        findings=["pregnant", "pelvic_girdle_pain", "sij_provocation_positive", "pain_with_movement"],
    )
    assert result.causes[0].code == "sacroiliac_pelvic_girdle"


BERLIN = ["better_with_exercise_not_rest", "night_waking_second_half", "alternating_buttock_pain"]


@pytest.mark.parametrize(
    ("age", "duration_days", "listed"),
    [
        (45, 365, True),  # onset at 44
        (46, 365, False),  # onset at 45
        (44, 729, True),  # 44 - 1 whole year = 43
        (30, 91, True),
        (30, 90, False),
    ],
)
def test_inflammatory_back_pain_needs_onset_before_45_and_more_than_90_days(age, duration_days, listed):
    codes = _codes(age=age, duration_days=duration_days, findings=BERLIN)
    assert ("inflammatory_back_pain" in codes) is listed


def test_inflammatory_pattern_ranks_first():
    # V2-TR-10.
    result = _run(age=26, sex="male", duration_days=180, mechanism="none", findings=BERLIN)
    assert result.triage.level == "prompt"
    assert result.causes[0].code == "inflammatory_back_pain"


def test_vertebral_fracture_never_once_excluded():
    findings = ["osteoporosis", "bony_point_tenderness", "pain_with_movement"]
    request = dict(age=80, sex="female", onset="sudden", duration_days=3, mechanism="fall")
    assert _codes(**request, findings=findings)[0] == "vertebral_fracture"
    assert "vertebral_fracture" not in _codes(**request, findings=[*findings, "fracture_excluded"])


# Serious pathology ------------------------------------------------------------------------------


def test_aortic_pain_withholds_causes():
    # V2-TR-11 (review CR-40).
    result = _run(
        age=72, sex="male", onset="sudden", duration_days=0, mechanism="none", findings=["tearing_pain"]
    )
    body = result.as_dict()
    assert body["triage"]["level"] == "emergency"
    assert [f["code"] for f in body["triage"]["flags"]] == ["aortic", "fragility_fracture"]
    assert body["causes_withheld"] is True
    assert body["serious_pathology_suspected"] == ["vascular"]
    assert body["causes"] == []
    assert body["cpg_category"] is None and body["cpg_matches"] == []
    assert body["plan"] is None


@pytest.mark.parametrize(
    ("request_", "suspected"),
    [
        (
            {"region": "thoracic", "onset": "sudden", "duration_days": 1, "findings": ["cardiac_symptoms"]},
            ["cardiac"],
        ),
        ({"findings": ["fever", "pain_with_movement"]}, ["infection"]),
        ({"age": 62, "findings": ["history_of_cancer", "weakness", "numbness"]}, ["malignancy"]),
        ({"age": 58, "findings": ["history_of_cancer", "night_pain"]}, ["malignancy"]),
        ({"age": 55, "findings": ["unexplained_weight_loss", "night_pain"]}, ["malignancy"]),
        (
            {"age": 55, "findings": ["history_of_cancer", "unexplained_weight_loss", "fever"]},
            ["malignancy", "infection"],
        ),
    ],
)
def test_serious_pathology_suspected_withholds_causes(request_, suspected):
    result = _run(**request_)
    assert list(result.serious_pathology_suspected) == suspected
    assert result.causes_withheld is True
    assert result.causes == ()
    assert result.cpg_category is None and result.cpg_matches == ()


@pytest.mark.parametrize("sign", ["history_of_cancer", "unexplained_weight_loss", "night_pain"])
def test_one_malignancy_sign_keeps_the_ranking_with_a_prompt_referral(sign):
    # Review CR-37: one sign alone is not "suspected".
    result = _run(age=58, findings=[sign, "pain_with_movement", "localized_tenderness"])
    assert result.triage.level == "prompt"
    assert result.serious_pathology_suspected == ()
    assert result.causes_withheld is False
    assert result.causes
    assert result.cpg_category is not None
    assert result.plan is not None and result.plan.referral


def test_infection_risk_alone_is_not_suspected_infection():
    result = _run(findings=["immunosuppression", "pain_with_movement"])
    assert result.triage.level == "prompt"
    assert result.causes_withheld is False


# Fallback ---------------------------------------------------------------------------------------


def test_nonspecific_mechanical_fills_in_when_no_cause_reaches_half():
    result = _run(age=35, findings=["pain_with_movement"])
    top = result.as_dict()["causes"][0]
    assert top["code"] == "nonspecific_mechanical"
    assert top["score"] == 0.5
    assert top["supporting"] == ["no_specific_cause"]
    assert top["against"] == []
    assert top["name"] == CATALOG.cause("nonspecific_mechanical").name
    assert all(c.score < 0.5 for c in result.causes[1:])


def test_no_fallback_when_a_cause_scores_half_or_more():
    # Two Berlin features give inflammatory back pain exactly 0.5.
    result = _run(age=30, duration_days=120, findings=BERLIN[:2])
    assert result.causes[0].code == "inflammatory_back_pain" and result.causes[0].score == 0.5
    assert "nonspecific_mechanical" not in [c.code for c in result.causes]
    strain = _run(age=34, onset="sudden", duration_days=5, mechanism="lifting", findings=["muscle_spasm"])
    assert "nonspecific_mechanical" not in [c.code for c in strain.causes]


def test_nonspecific_mechanical_is_never_ranked_on_evidence():
    for request in ({"findings": ["muscle_spasm"], "mechanism": "lifting"}, {"findings": ["osteoarthritis"]}):
        codes = _codes(**request)
        assert codes.count("nonspecific_mechanical") <= 1


def test_fallback_without_the_cause_in_the_catalogue_still_has_words():
    catalog = type(CATALOG)(
        causes=tuple(c for c in CATALOG.causes if c.code != "nonspecific_mechanical"),
        exercises=CATALOG.exercises,
        education=CATALOG.education,
    )
    (cause,) = with_fallback((), catalog)
    assert cause.code == "nonspecific_mechanical" and cause.name and cause.description


# Fracture first ---------------------------------------------------------------------------------


def _cause(code, score):
    return RankedCause(code, code, "", score, ("x",), ())


def _triage(*codes):
    flags = tuple(RedFlag(code, "", TriageLevel.PROMPT, (), "") for code in codes)
    return Triage(level=TriageLevel.PROMPT if flags else TriageLevel.NONE, reasons=(), flags=flags)


RANKED = (
    _cause("traumatic_injury", 0.6),
    _cause("muscle_strain_sprain", 0.5),
    _cause("vertebral_fracture", 0.4),
)


@pytest.mark.parametrize(
    "flag",
    [
        "major_trauma",
        "earlier_major_trauma",
        "collision_fracture_signs",
        "fall_fracture_signs",
        "trauma_neuro",
        "minor_trauma",
        "fragility_fracture",
    ],
)
def test_fracture_first_with_a_trauma_or_fragility_flag_and_a_fracture_sign(flag):
    for sign in ("bony_point_tenderness", "deformity"):
        ordered = fracture_first(RANKED, _triage(flag), frozenset({sign}))
        assert [c.code for c in ordered] == ["vertebral_fracture", "traumatic_injury", "muscle_strain_sprain"]


def test_no_fracture_first_without_the_flag_or_the_sign():
    assert fracture_first(RANKED, _triage("fragility_fracture"), frozenset({"osteoporosis"})) == RANKED
    assert fracture_first(RANKED, _triage("malignancy"), frozenset({"bony_point_tenderness"})) == RANKED
    assert fracture_first(RANKED[:2], _triage("minor_trauma"), frozenset({"deformity"})) == RANKED[:2]


def test_fracture_first_through_the_engine():
    result = _run(
        age=40,
        sex="male",
        onset="sudden",
        duration_days=3,
        mechanism="fall",
        findings=["bony_point_tenderness", "muscle_spasm", "localized_tenderness", "pain_with_movement"],
    )
    assert "fall_fracture_signs" in [f.code for f in result.triage.flags]
    assert result.causes[0].code == "vertebral_fracture"
    rest = [(-c.score, c.code) for c in result.causes[1:]]
    assert rest == sorted(rest)


# JOSPT classification ---------------------------------------------------------------------------

SB_HIGH = {"items": [1, 0, 1, 1, 1, 1, 1, 0], "bothersomeness": "very_much"}
SB_LOW = {"items": [0, 0, 0, 0, 1, 0, 0, 0], "bothersomeness": "slightly"}


def _fabq(pa, w):
    """16 items with the physical-activity items (2-5) summing to ``pa`` and work items to ``w``."""
    items = [0] * 16
    for index in (1, 2, 3, 4):
        items[index] = min(6, pa)
        pa -= items[index]
    for index in (5, 6, 8, 9, 10, 11, 14):
        items[index] = min(6, w)
        w -= items[index]
    return {"items": items}


def _cpg(**request):
    result = _run(**request)
    return result.cpg_category, list(result.cpg_matches)


def test_stenosis_claudication_is_radiating_pain():
    # V2-TR-05 (review CR-11).
    result = _run(
        age=72,
        sex="female",
        duration_days=365,
        mechanism="none",
        pain_distribution="buttock_thigh",
        findings=[
            "bilateral_leg_symptoms",
            "walking_intolerance",
            "relief_with_sitting_or_flexion",
            "worse_with_extension_or_standing",
            "osteoarthritis",
        ],
    )
    assert result.triage.level == "none" and result.triage.flags == ()
    assert result.cpg_category == "radiating_pain"
    assert result.cpg_matches == ("radiating_pain",)


def test_generalized_pain_needs_widespread_pain_and_chronic_stage():
    assert _cpg(duration_days=100, findings=["widespread_pain"]) == (
        "generalized_pain",
        ["generalized_pain", "mobility_deficits"],
    )
    assert _cpg(duration_days=60, findings=["widespread_pain"])[1] == ["mobility_deficits"]


def test_cognitive_affective_from_startback_high_or_fabq_high():
    assert _cpg(startback=SB_HIGH)[1] == ["cognitive_affective_tendencies", "mobility_deficits"]
    assert _cpg(startback=SB_LOW)[1] == ["mobility_deficits"]
    assert _cpg(fabq=_fabq(15, 0))[0] == "cognitive_affective_tendencies"
    assert _cpg(fabq=_fabq(0, 35))[0] == "cognitive_affective_tendencies"
    assert _cpg(fabq=_fabq(14, 34))[1] == ["mobility_deficits"]
    unanswered = _fabq(24, 42)
    unanswered["items"][1] = None
    unanswered["items"][5] = None
    assert _cpg(fabq=unanswered)[1] == ["mobility_deficits"]


def test_all_three_kinds_in_order():
    assert _cpg(duration_days=200, startback=SB_HIGH, findings=["widespread_pain", "aberrant_movement"])[
        1
    ] == [
        "generalized_pain",
        "cognitive_affective_tendencies",
        "movement_coordination_impairments",
    ]


@pytest.mark.parametrize(
    ("request_", "category"),
    [
        # Leg pain that centralises comes before nerve-root signs.
        (
            {"pain_distribution": "below_knee", "findings": ["centralizes_with_extension", "positive_slr"]},
            "related_lower_extremity_pain",
        ),
        (
            {"pain_distribution": "buttock_thigh", "findings": ["centralizes_with_flexion"]},
            "related_lower_extremity_pain",
        ),
        (
            {
                "findings": [
                    "bilateral_leg_symptoms",
                    "centralizes_with_lateral_shift_correction",
                    "lateral_shift",
                ]
            },
            "related_lower_extremity_pain",
        ),
        ({"pain_distribution": "below_knee", "findings": ["positive_slr"]}, "radiating_pain"),
        ({"pain_distribution": "buttock_thigh", "findings": ["numbness"]}, "radiating_pain"),
        (
            {
                "pain_distribution": "buttock_thigh",
                "findings": ["walking_intolerance", "relief_with_sitting_or_flexion"],
            },
            "radiating_pain",
        ),
        # Half the claudication pattern is not enough.
        ({"pain_distribution": "buttock_thigh", "findings": ["walking_intolerance"]}, "mobility_deficits"),
        ({"pain_distribution": "below_knee"}, "related_lower_extremity_pain"),
        (
            {"pain_distribution": "buttock_thigh", "findings": ["worse_with_flexion_or_sitting"]},
            "related_lower_extremity_pain",
        ),
        # Without leg pain, neither centralisation nor nerve-root signs make a leg category.
        (
            {"pain_distribution": "back_only", "findings": ["centralizes_with_extension", "tingling"]},
            "mobility_deficits",
        ),
        (
            {"pain_distribution": "back_only", "findings": ["worse_with_flexion_or_sitting"]},
            "mobility_deficits",
        ),
        ({"findings": ["aberrant_movement"]}, "movement_coordination_impairments"),
        ({"recurrent": True}, "movement_coordination_impairments"),
        ({"findings": ["previous_episodes"]}, "movement_coordination_impairments"),
        (
            {"pain_distribution": "buttock_thigh", "findings": ["previous_episodes"]},
            "movement_coordination_impairments",
        ),
        ({"findings": ["pain_with_movement"]}, "mobility_deficits"),
    ],
)
def test_physical_category_precedence(request_, category):
    assert _cpg(**request_) == (category, [category])


def test_no_category_for_thoracic_pain():
    assert _cpg(region="thoracic", startback=SB_HIGH, findings=["widespread_pain"]) == (None, [])


def test_contract_example_classification():
    from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST

    result = suggest(assessment_from_contract(CONTRACT_EXAMPLE_REQUEST), CATALOG)
    assert result.cpg_category == "cognitive_affective_tendencies"
    assert result.cpg_matches == ("cognitive_affective_tendencies", "mobility_deficits")
