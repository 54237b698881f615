"""Red-flag triage against clinical-reference.md §2 (tiers EMERGENCY > URGENT > PROMPT > none).

Pure functions: no database.
"""

import itertools
import json

import pytest

from plans.clinical.triage import RedFlag, Triage, assess_red_flags
from plans.clinical.vocabulary import TRIAGE_SEVERITY, Finding, Mechanism, TriageLevel

EMERGENCY = TriageLevel.EMERGENCY
URGENT = TriageLevel.URGENT
PROMPT = TriageLevel.PROMPT
NONE = TriageLevel.NONE


def _triage(findings=(), **kwargs) -> Triage:
    return assess_red_flags(findings=list(findings), **kwargs)


def _assert_well_formed(triage: Triage) -> None:
    assert isinstance(triage, Triage)
    assert isinstance(triage.reasons, tuple)
    assert all(type(r) is str for r in triage.reasons)
    assert len(set(triage.reasons)) == len(triage.reasons)
    for flag in triage.flags:
        assert isinstance(flag, RedFlag)
        assert flag.condition
        assert flag.action
        assert flag.reasons
        assert flag.level in (EMERGENCY, URGENT, PROMPT)
        # The facts of every flag at the final level are the overall reasons.
        if flag.level == triage.level:
            assert set(map(str, flag.reasons)) <= set(triage.reasons)
    if triage.flags:
        # The level is the most severe flag; flags are listed most severe first.
        severities = [TRIAGE_SEVERITY[f.level] for f in triage.flags]
        assert severities == sorted(severities, reverse=True)
        assert triage.level == triage.flags[0].level
        assert TRIAGE_SEVERITY[triage.level] == max(severities)
    else:
        assert triage.level == NONE
        assert triage.reasons == ()
    # JSON-ready.
    json.dumps(triage.as_dict())


# (id, kwargs, expected level, expected reasons, expected condition of the top flag)
CASES = [
    # EMERGENCY: cauda equina, each finding alone.
    ("ces-saddle", {"findings": ["saddle_anesthesia"]}, EMERGENCY, ["saddle_anesthesia"], "cauda equina"),
    (
        "ces-bladder",
        {"findings": ["bladder_dysfunction"]},
        EMERGENCY,
        ["bladder_dysfunction"],
        "cauda equina",
    ),
    ("ces-bowel", {"findings": ["bowel_incontinence"]}, EMERGENCY, ["bowel_incontinence"], "cauda equina"),
    # EMERGENCY: vascular and cardiac.
    ("aorta", {"findings": ["tearing_pain"]}, EMERGENCY, ["tearing_pain"], "aortic"),
    ("cardiac", {"findings": ["cardiac_symptoms"]}, EMERGENCY, ["cardiac_symptoms"], "cardiac"),
    # EMERGENCY: a fall with neurological signs (v2 rule trauma_neuro).
    # (v2 refinement: a vehicle collision alone no longer raises any level; see "vehicle-collision-alone".)
    (
        "fall-numbness",
        {"findings": ["numbness"], "mechanism": "fall"},
        EMERGENCY,
        ["mechanism:fall", "numbness"],
        "Injury with neurological signs",
    ),
    # URGENT: progressive / bilateral deficit; myelopathy.
    ("progressive-weakness", {"findings": ["progressive_weakness"]}, URGENT, ["progressive_weakness"], None),
    ("bilateral-legs", {"findings": ["bilateral_leg_symptoms"]}, URGENT, ["bilateral_leg_symptoms"], None),
    ("hyperreflexia", {"findings": ["hyperreflexia"]}, URGENT, ["hyperreflexia"], "myelopathy"),
    ("gait", {"findings": ["gait_disturbance"]}, URGENT, ["gait_disturbance"], "myelopathy"),
    # URGENT: cancer history with neurological signs (metastatic cord compression).
    (
        "cancer-weakness",
        {"findings": ["history_of_cancer", "weakness"]},
        URGENT,
        ["history_of_cancer", "weakness"],
        "metastatic",
    ),
    # URGENT: infection.
    ("fever", {"findings": ["fever"]}, URGENT, ["fever"], "infection"),
    (
        "fever-immunosuppression",
        {"findings": ["fever", "immunosuppression"]},
        URGENT,
        ["fever", "immunosuppression"],
        "infection",
    ),
    (
        "ivdu-night-pain",
        {"findings": ["iv_drug_use", "night_pain"]},
        URGENT,
        ["iv_drug_use", "night_pain"],
        "infection",
    ),
    (
        "immunosuppression-night-pain",
        {"findings": ["immunosuppression", "night_pain"]},
        URGENT,
        ["immunosuppression", "night_pain"],
        "infection",
    ),
    # PROMPT: infection risk without fever or night pain.
    ("immunosuppression", {"findings": ["immunosuppression"]}, PROMPT, ["immunosuppression"], "infection"),
    ("ivdu", {"findings": ["iv_drug_use"]}, PROMPT, ["iv_drug_use"], "infection"),
    # PROMPT: malignancy without neurological signs.
    ("cancer", {"findings": ["history_of_cancer"]}, PROMPT, ["history_of_cancer"], "malignancy"),
    (
        "weight-loss",
        {"findings": ["unexplained_weight_loss"]},
        PROMPT,
        ["unexplained_weight_loss"],
        "malignancy",
    ),
    ("night-pain", {"findings": ["night_pain"]}, PROMPT, ["night_pain"], "malignancy"),
    (
        "night-pain-age-51",
        {"findings": ["night_pain"], "age": 51},
        PROMPT,
        ["night_pain", "age"],
        "malignancy",
    ),
    ("night-pain-age-50", {"findings": ["night_pain"], "age": 50}, PROMPT, ["night_pain"], "malignancy"),
    ("night-pain-age-20", {"findings": ["night_pain"], "age": 20}, PROMPT, ["night_pain"], "malignancy"),
    (
        "night-pain-age-19",
        {"findings": ["night_pain"], "age": 19},
        PROMPT,
        ["night_pain", "age"],
        "malignancy",
    ),
    (
        "cancer-weight-loss-age-70",
        {"findings": ["unexplained_weight_loss", "history_of_cancer"], "age": 70},
        PROMPT,
        ["history_of_cancer", "unexplained_weight_loss", "age"],
        "malignancy",
    ),
    # PROMPT: fragility fracture.
    (
        "osteoporosis-lifting",
        {"findings": ["osteoporosis"], "mechanism": "lifting"},
        PROMPT,
        ["osteoporosis", "mechanism:lifting"],
        "osteoporotic compression fracture",
    ),
    (
        "steroids-bony-tenderness",
        {"findings": ["long_term_corticosteroids", "bony_point_tenderness"]},
        PROMPT,
        ["long_term_corticosteroids", "bony_point_tenderness"],
        "osteoporotic compression fracture",
    ),
    # (v2 fragility_fracture: `age` is a reason only in the no-injury branch.)
    (
        "osteoporosis-fall-age-70",
        {"findings": ["osteoporosis"], "mechanism": "fall", "age": 70},
        PROMPT,
        ["osteoporosis", "mechanism:fall"],
        "osteoporotic compression fracture",
    ),
    # PROMPT: minor trauma in an older patient, or with fracture signs.
    (
        "fall-age-70",
        {"findings": [], "mechanism": "fall", "age": 70},
        PROMPT,
        ["mechanism:fall", "age"],
        "minor injury",
    ),
    (
        "fall-age-65",
        {"findings": [], "mechanism": "fall", "age": 65},
        PROMPT,
        ["mechanism:fall", "age"],
        "minor injury",
    ),
    # v2 fall_fracture_signs: a recent fall (unknown duration counts as recent) with fracture signs is
    # urgent (was prompt); long after the fall it is still minor trauma.
    (
        "fall-deformity-age-30",
        {"findings": ["deformity"], "mechanism": "fall", "age": 30},
        URGENT,
        ["mechanism:fall", "deformity"],
        "Fall with signs of a spinal fracture",
    ),
    (
        "fall-deformity-age-30-day-30",
        {"findings": ["deformity"], "mechanism": "fall", "age": 30, "duration_days": 30},
        PROMPT,
        ["mechanism:fall", "deformity"],
        "minor injury",
    ),
    # PROMPT: inflammatory; deformity.
    (
        "morning-stiffness",
        {"findings": ["severe_morning_stiffness"]},
        PROMPT,
        ["severe_morning_stiffness"],
        "inflammatory",
    ),
    ("deformity", {"findings": ["deformity"]}, PROMPT, ["deformity"], "deformity"),
    # None.
    (
        "mechanical-young-lifting",
        {"findings": ["muscle_spasm", "pain_with_movement"], "age": 25, "mechanism": "lifting"},
        NONE,
        [],
        None,
    ),
    (
        "fall-age-30-tenderness",
        {"findings": ["localized_tenderness"], "mechanism": "fall", "age": 30},
        NONE,
        [],
        None,
    ),
    ("fall-age-64", {"findings": [], "mechanism": "fall", "age": 64}, NONE, [], None),
    # v2 refinement: a vehicle collision by itself no longer raises any level.
    ("vehicle-collision-alone", {"findings": [], "mechanism": "vehicle_collision"}, NONE, [], None),
    ("nothing", {"findings": []}, NONE, [], None),
    ("osteoporosis-alone", {"findings": ["osteoporosis"]}, NONE, [], None),
    ("bony-tenderness-alone", {"findings": ["bony_point_tenderness"]}, NONE, [], None),
    (
        "unilateral-radicular",
        {"findings": ["numbness", "tingling", "positive_slr"], "age": 40, "mechanism": "lifting"},
        NONE,
        [],
        None,
    ),
]


@pytest.mark.parametrize(
    "kwargs, level, reasons, condition",
    [c[1:] for c in CASES],
    ids=[c[0] for c in CASES],
)
def test_red_flag_tiers(kwargs, level, reasons, condition):
    triage = assess_red_flags(**kwargs)
    _assert_well_formed(triage)
    assert triage.level == level
    assert list(triage.reasons) == reasons
    if condition is not None:
        top = [f.condition.lower() for f in triage.flags if f.level == triage.level]
        assert any(condition.lower() in c for c in top), top


def test_every_mechanism_and_finding_is_a_known_code():
    codes = set(Finding.values) | {f"mechanism:{m}" for m in Mechanism.values} | {"age"}
    for _, kwargs, _, reasons, _ in CASES:
        assert set(kwargs["findings"]) <= set(Finding.values)
        assert set(reasons) <= codes


def test_cauda_equina_stops_the_plan():
    triage = _triage(["saddle_anesthesia"])
    assert triage.blocks_plan is True
    assert triage.flags[0].as_dict() == {
        "code": "cauda_equina",
        "condition": "Suspected cauda equina syndrome",
        "level": "emergency",
        "reasons": ["saddle_anesthesia"],
        "action": triage.flags[0].action,
    }
    assert "emergency" in triage.flags[0].action.lower()


@pytest.mark.parametrize("level_findings", [["progressive_weakness"], ["history_of_cancer"], []])
def test_only_emergency_blocks_the_plan(level_findings):
    assert _triage(level_findings).blocks_plan is False


def test_cauda_equina_with_bilateral_legs_lists_both():
    triage = _triage(["bilateral_leg_symptoms", "saddle_anesthesia"])
    assert triage.level == EMERGENCY
    assert triage.reasons == ("saddle_anesthesia", "bilateral_leg_symptoms")
    assert [f.level for f in triage.flags] == [EMERGENCY, URGENT]


def test_vehicle_collision_lists_neuro_and_fracture_signs():
    triage = _triage(["numbness", "deformity", "muscle_spasm"], mechanism="vehicle_collision", age=30)
    assert triage.level == EMERGENCY
    assert triage.reasons == ("mechanism:vehicle_collision", "numbness", "deformity")


def test_sports_injury_with_neuro_signs_is_urgent():
    triage = _triage(["weakness"], mechanism="sports_injury", age=22)
    assert triage.level == URGENT
    assert triage.reasons == ("mechanism:sports_injury", "weakness")


def test_level_is_the_most_severe_and_reasons_are_what_raised_it():
    triage = _triage(
        ["night_pain", "fever", "history_of_cancer", "saddle_anesthesia", "muscle_spasm"],
        age=60,
    )
    _assert_well_formed(triage)
    assert triage.level == EMERGENCY
    assert [f.level for f in triage.flags] == [EMERGENCY, URGENT, URGENT, PROMPT]
    # The contract's reasons are what raised the level; the lower tiers keep theirs in the flags.
    assert triage.reasons == ("saddle_anesthesia",)
    assert [f.reasons for f in triage.flags[1:]] == [
        ("history_of_cancer", "saddle_anesthesia"),
        ("fever",),
        ("history_of_cancer", "night_pain", "age"),
    ]
    assert "muscle_spasm" not in str(triage.as_dict())


def test_urgent_beats_prompt():
    triage = _triage(["severe_morning_stiffness", "progressive_weakness", "deformity"])
    assert triage.level == URGENT
    assert triage.reasons == ("progressive_weakness",)
    assert [f.level for f in triage.flags] == [URGENT, PROMPT, PROMPT]


def test_findings_alone_work_as_for_a_visit():
    # A follow-up visit knows only its findings: no age, mechanism, region or duration.
    triage = assess_red_flags(findings=frozenset({"progressive_weakness"}))
    assert triage.level == URGENT
    assert triage.reasons == ("progressive_weakness",)
    assert assess_red_flags(findings=[]).level == NONE
    assert assess_red_flags(findings=iter(["fever"])).level == URGENT


def test_findings_are_keyword_only():
    with pytest.raises(TypeError):
        assess_red_flags(["fever"])  # type: ignore[misc]


def test_accepts_enum_members_and_plain_strings_alike():
    a = assess_red_flags(findings=[Finding.FEVER], mechanism=Mechanism.FALL, age=70)
    b = assess_red_flags(findings=["fever"], mechanism="fall", age=70)
    assert a.as_dict() == b.as_dict()
    assert a.level == URGENT
    assert a.reasons == ("fever",)
    assert [f.level for f in a.flags] == [URGENT, PROMPT]  # the fall at 70 is still flagged


def test_region_and_duration_do_not_change_a_clear_result():
    base = _triage(["fever"], age=40).as_dict()
    assert _triage(["fever"], age=40, region="thoracic", duration_days=200).as_dict() == base


def test_deterministic_whatever_the_order_of_findings():
    findings = ["night_pain", "iv_drug_use", "deformity", "severe_morning_stiffness", "weakness"]
    expected = _triage(findings, age=55, mechanism="lifting").as_dict()
    for order in itertools.permutations(findings):
        assert _triage(order, age=55, mechanism="lifting").as_dict() == expected
    assert _triage(findings, age=55, mechanism="lifting").as_dict() == expected
    assert expected["level"] == "urgent"
    assert expected["reasons"] == ["iv_drug_use", "night_pain"]
    assert len(expected["flags"]) == 4


def test_as_dict_shape():
    triage = _triage(["osteoporosis"], mechanism="lifting")
    assert triage.as_dict() == {
        "level": "prompt",
        "reasons": ["osteoporosis", "mechanism:lifting"],
        "flags": [
            {
                "code": "fragility_fracture",
                "condition": "Suspected osteoporotic compression fracture",
                "level": "prompt",
                "reasons": ["osteoporosis", "mechanism:lifting"],
                "action": triage.flags[0].action,
            }
        ],
    }
    assert _triage([]).as_dict() == {"level": "none", "reasons": [], "flags": []}


def test_every_finding_alone_never_errors_and_is_well_formed():
    for code in Finding.values:
        _assert_well_formed(_triage([code]))
    for mechanism in Mechanism.values:
        for age in (None, 10, 40, 80):
            _assert_well_formed(_triage([], mechanism=mechanism, age=age))


# -------------------------------------------------------------------------------------------------
# Cases the first version under-triaged relative to §2 (fixed; kept as regression tests).
# -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"findings": ["osteoporosis", "weakness"], "mechanism": "lifting", "age": 72},
        {"findings": ["long_term_corticosteroids", "bony_point_tenderness", "numbness"], "age": 60},
    ],
    ids=["osteoporosis-lifting-weakness", "steroids-tenderness-numbness"],
)
def test_fragility_fracture_with_neuro_signs_is_at_least_urgent(kwargs):
    triage = assess_red_flags(**kwargs)
    assert TRIAGE_SEVERITY[triage.level] >= TRIAGE_SEVERITY[URGENT]


def test_long_term_corticosteroids_count_as_immunosuppression_for_infection():
    steroids = _triage(["long_term_corticosteroids", "night_pain"])
    immunosuppressed = _triage(["immunosuppression", "night_pain"])
    assert immunosuppressed.level == URGENT
    assert steroids.level == URGENT


@pytest.mark.parametrize(
    ("kwargs", "level", "reasons"),
    [
        # Thin bones can break without an injury: new pain at 78 with osteoporosis. (v2
        # fragility_fracture: `age` and `onset:sudden` are reasons only in the no-injury branch, which
        # needs a sudden onset.)
        (
            {"findings": ["osteoporosis", "pain_with_movement"], "age": 78, "duration_days": 3},
            PROMPT,
            ("osteoporosis",),
        ),
        (
            {
                "findings": ["osteoporosis", "pain_with_movement"],
                "age": 78,
                "duration_days": 3,
                "onset": "sudden",
            },
            PROMPT,
            ("osteoporosis", "age", "onset:sudden"),
        ),
        # ... but long-standing pain in the same patient is not a new fracture.
        ({"findings": ["osteoporosis"], "age": 78, "duration_days": 150}, NONE, ()),
        # A crash two months ago with nothing else: v2 refinement, a vehicle collision alone raises
        # nothing (v1 said prompt); with high energy it is earlier_major_trauma.
        ({"findings": [], "mechanism": "vehicle_collision", "duration_days": 60}, NONE, ()),
        (
            {"findings": ["high_energy_trauma"], "mechanism": "vehicle_collision", "duration_days": 60},
            PROMPT,
            ("high_energy_trauma", "mechanism:vehicle_collision"),
        ),
        (
            {"findings": ["numbness"], "mechanism": "vehicle_collision", "duration_days": 60},
            URGENT,
            ("mechanism:vehicle_collision", "numbness"),
        ),
        # v2: a collision within 14 days is an emergency with high energy (major_trauma) or fracture
        # signs (collision_fracture_signs); alone it raises nothing (v1 said emergency).
        ({"findings": [], "mechanism": "vehicle_collision", "duration_days": 14}, NONE, ()),
        (
            {"findings": ["high_energy_trauma"], "mechanism": "vehicle_collision", "duration_days": 14},
            EMERGENCY,
            ("high_energy_trauma", "mechanism:vehicle_collision"),
        ),
        (
            {"findings": ["bony_point_tenderness"], "mechanism": "vehicle_collision", "duration_days": 14},
            EMERGENCY,
            ("mechanism:vehicle_collision", "bony_point_tenderness"),
        ),
        # Cord compression that is getting worse: emergency (clinical-reference §2, thoracic myelopathy).
        (
            {"findings": ["hyperreflexia", "gait_disturbance", "progressive_weakness"]},
            EMERGENCY,
            ("gait_disturbance", "hyperreflexia", "progressive_weakness"),
        ),
    ],
    ids=[
        "osteoporosis-new-pain-78",
        "osteoporosis-new-sudden-pain-78",
        "osteoporosis-old-pain",
        "crash-60-days",
        "high-energy-crash-60-days",
        "crash-60-days-neuro",
        "crash-14-days",
        "high-energy-crash-14-days",
        "crash-14-days-tender-bone",
        "progressive-myelopathy",
    ],
)
def test_review_cases(kwargs, level, reasons):
    triage = assess_red_flags(**kwargs)
    assert triage.level == level
    assert triage.reasons == reasons


@pytest.mark.parametrize(
    ("kwargs", "level"),
    [
        # Fever is often absent with a spinal abscess: a risk factor and a worrying pain pattern suffice.
        ({"findings": ["iv_drug_use", "pain_intensifying", "bony_point_tenderness"]}, URGENT),
        # With steroids alone a tender bone points to a fragility fracture, not infection.
        ({"findings": ["long_term_corticosteroids", "bony_point_tenderness"]}, PROMPT),
        # Thin bones and new pain at 58, no injury: suspect a fracture.
        ({"findings": ["osteoporosis"], "age": 58, "duration_days": 4, "mechanism": "none"}, PROMPT),
        # A fall months ago with tingling now: same-day review, not the emergency department.
        ({"findings": ["tingling"], "age": 65, "mechanism": "fall", "duration_days": 120}, URGENT),
        ({"findings": ["tingling"], "age": 65, "mechanism": "fall", "duration_days": 2}, EMERGENCY),
    ],
    ids=[
        "ivdu-no-fever",
        "steroids-tender-bone",
        "osteoporosis-58-new-pain",
        "old-fall-tingling",
        "new-fall-tingling",
    ],
)
def test_second_review_cases(kwargs, level):
    assert assess_red_flags(**kwargs).level == level
