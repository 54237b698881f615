"""Triage v2 (shared/api-contract.md "Triage rules (v2)"; clinical-reference.md §2 and §8.1-8.6,
§8.13): one worked case per rule and per boundary, written from the reference before the code.

Pure functions: no database. Reasons are compared as sets (their order carries no meaning); flags are
compared as ordered code lists (most severe first, then the table's order).
"""

import pytest

from plans.clinical.triage import Triage, assess_red_flags, screen_visit
from plans.clinical.vocabulary import Finding, TriageFlag, TriageLevel

EMERGENCY = TriageLevel.EMERGENCY
URGENT = TriageLevel.URGENT
PROMPT = TriageLevel.PROMPT
NONE = TriageLevel.NONE

TABLE_ORDER = [
    "cauda_equina",
    "aortic",
    "cardiac",
    "major_trauma",
    "earlier_major_trauma",
    "trauma_neuro",
    "collision_fracture_signs",
    "fall_fracture_signs",
    "sports_neuro",
    "myelopathy_progressing",
    "myelopathy",
    "progressive_deficit",
    "bilateral_leg",
    "bilateral_stable",
    "mscc",
    "infection",
    "infection_risk",
    "malignancy",
    "fragility_fracture",
    "minor_trauma",
    "deformity",
    "axial_spa",
    "spondylolysis",
]
SEVERITY = {EMERGENCY: 3, URGENT: 2, PROMPT: 1}
# The fields that matter for a trauma case; the rest are absent.
ADULT = {"age": 40, "sex": "male", "onset": "sudden"}


def _t(findings=(), **kwargs) -> Triage:
    return assess_red_flags(findings=list(findings), **kwargs)


def _codes(triage: Triage) -> list[str]:
    return [f.code for f in triage.flags]


def _flag(triage: Triage, code: str):
    matches = [f for f in triage.flags if f.code == code]
    assert len(matches) == 1, _codes(triage)
    return matches[0]


def _check_order(triage: Triage) -> None:
    keys = [(-SEVERITY[f.level], TABLE_ORDER.index(f.code)) for f in triage.flags]
    assert keys == sorted(keys), _codes(triage)


def test_flag_codes_are_the_contracts_table():
    assert list(TriageFlag.values) == TABLE_ORDER


# Trauma energy (§8.1) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "findings", "codes", "level", "reasons"),
    [
        # major_trauma: high energy within 14 days is an emergency whatever the signs.
        (
            {"mechanism": "fall", "duration_days": 14},
            ["high_energy_trauma"],
            ["major_trauma"],
            EMERGENCY,
            {"high_energy_trauma", "mechanism:fall"},
        ),
        (
            {"mechanism": "fall", "duration_days": 2},
            ["high_energy_trauma", "bony_point_tenderness", "numbness"],
            ["major_trauma", "trauma_neuro"],
            EMERGENCY,
            {"high_energy_trauma", "mechanism:fall", "numbness", "bony_point_tenderness"},
        ),
        # earlier_major_trauma: the same injury on day 15 is a prompt referral.
        (
            {"mechanism": "fall", "duration_days": 15},
            ["high_energy_trauma", "deformity"],
            ["earlier_major_trauma"],
            PROMPT,
            {"high_energy_trauma", "mechanism:fall", "deformity"},
        ),
        # Energy yes/no for a vehicle collision with fracture signs, day 14 and day 15.
        (
            {"mechanism": "vehicle_collision", "duration_days": 14},
            ["bony_point_tenderness"],
            ["collision_fracture_signs"],
            EMERGENCY,
            {"mechanism:vehicle_collision", "bony_point_tenderness"},
        ),
        (
            {"mechanism": "vehicle_collision", "duration_days": 14},
            ["high_energy_trauma", "bony_point_tenderness"],
            ["major_trauma"],
            EMERGENCY,
            {"high_energy_trauma", "mechanism:vehicle_collision", "bony_point_tenderness"},
        ),
        (
            {"mechanism": "vehicle_collision", "duration_days": 15},
            ["bony_point_tenderness"],
            ["minor_trauma"],
            PROMPT,
            {"mechanism:vehicle_collision", "bony_point_tenderness"},
        ),
        (
            {"mechanism": "vehicle_collision", "duration_days": 15},
            ["high_energy_trauma", "bony_point_tenderness"],
            ["earlier_major_trauma"],
            PROMPT,
            {"high_energy_trauma", "mechanism:vehicle_collision", "bony_point_tenderness"},
        ),
        # Energy yes/no for a fall with fracture signs.
        (
            {"mechanism": "fall", "duration_days": 14},
            ["bony_point_tenderness"],
            ["fall_fracture_signs"],
            URGENT,
            {"mechanism:fall", "bony_point_tenderness"},
        ),
        (
            {"mechanism": "fall", "duration_days": 14},
            ["high_energy_trauma", "bony_point_tenderness"],
            ["major_trauma"],
            EMERGENCY,
            {"high_energy_trauma", "mechanism:fall", "bony_point_tenderness"},
        ),
        (
            {"mechanism": "fall", "duration_days": 15},
            ["bony_point_tenderness"],
            ["minor_trauma"],
            PROMPT,
            {"mechanism:fall", "bony_point_tenderness"},
        ),
        # fall_fracture_signs names the age when older (65) and not at 64.
        (
            {"mechanism": "fall", "duration_days": 3, "age": 65},
            ["deformity"],
            ["fall_fracture_signs"],
            URGENT,
            {"mechanism:fall", "deformity", "age"},
        ),
        (
            {"mechanism": "fall", "duration_days": 3, "age": 64},
            ["deformity"],
            ["fall_fracture_signs"],
            URGENT,
            {"mechanism:fall", "deformity"},
        ),
        # trauma_neuro: fall, vehicle collision, or high energy with any mechanism, and neuro signs.
        (
            {"mechanism": "fall", "duration_days": 14},
            ["tingling"],
            ["trauma_neuro"],
            EMERGENCY,
            {"mechanism:fall", "tingling"},
        ),
        (
            {"mechanism": "fall", "duration_days": 15},
            ["tingling"],
            ["trauma_neuro"],
            URGENT,
            {"mechanism:fall", "tingling"},
        ),
        (
            {"mechanism": "vehicle_collision", "duration_days": 14},
            ["weakness"],
            ["trauma_neuro"],
            EMERGENCY,
            {"mechanism:vehicle_collision", "weakness"},
        ),
        (
            {"mechanism": "vehicle_collision", "duration_days": 15},
            ["weakness"],
            ["trauma_neuro"],
            URGENT,
            {"mechanism:vehicle_collision", "weakness"},
        ),
        (
            {"mechanism": "sports_injury", "duration_days": 15},
            ["high_energy_trauma", "numbness"],
            ["trauma_neuro", "sports_neuro", "earlier_major_trauma"],
            URGENT,
            {"mechanism:sports_injury", "high_energy_trauma", "numbness"},
        ),
        # A fall with fracture signs and neuro signs is the neuro rule, not the fracture-signs one.
        (
            {"mechanism": "fall", "duration_days": 3},
            ["bony_point_tenderness", "numbness"],
            ["trauma_neuro"],
            EMERGENCY,
            {"mechanism:fall", "numbness"},
        ),
        # sports_neuro (v1).
        (
            {"mechanism": "sports_injury", "duration_days": 3},
            ["weakness"],
            ["sports_neuro"],
            URGENT,
            {"mechanism:sports_injury", "weakness"},
        ),
        # minor_trauma: injury, no high energy, older (65) or fracture signs.
        (
            {"mechanism": "vehicle_collision", "duration_days": 3, "age": 65},
            ["muscle_spasm"],
            ["minor_trauma"],
            PROMPT,
            {"mechanism:vehicle_collision", "age"},
        ),
        (
            {"mechanism": "vehicle_collision", "duration_days": 3, "age": 64},
            ["muscle_spasm"],
            [],
            NONE,
            set(),
        ),
        (
            {"mechanism": "sports_injury", "duration_days": 30, "age": 70},
            [],
            ["minor_trauma"],
            PROMPT,
            {"mechanism:sports_injury", "age"},
        ),
    ],
)
def test_trauma_rows(kwargs, findings, codes, level, reasons):
    triage = _t(findings, **{**ADULT, **kwargs})
    assert _codes(triage) == codes
    assert triage.level == level
    assert set(triage.reasons) == reasons
    _check_order(triage)


@pytest.mark.parametrize("duration_days", [0, 5, 14, 15, 60, 400])
def test_vehicle_collision_alone_raises_nothing(duration_days):
    # (v2) Refinement: a collision needs high energy, neuro signs, fracture signs or older age.
    triage = _t(
        ["muscle_spasm", "pain_with_movement"],
        mechanism="vehicle_collision",
        age=40,
        duration_days=duration_days,
    )
    assert triage.level == NONE
    assert triage.flags == ()


@pytest.mark.parametrize(
    ("mechanism", "findings", "duration_days", "age", "kept"),
    [
        ("fall", ["high_energy_trauma"], 2, 40, []),
        ("fall", ["high_energy_trauma", "bony_point_tenderness"], 30, 40, []),
        ("vehicle_collision", ["bony_point_tenderness"], 2, 40, []),
        ("fall", ["bony_point_tenderness"], 2, 40, []),
        ("fall", ["deformity"], 30, 80, []),
        ("lifting", ["osteoporosis", "deformity"], 10, 80, []),
        ("none", ["pain_with_movement"], 7, 78, []),
        (None, ["deformity"], 200, 40, []),
        # The neurological flags still fire.
        ("fall", ["high_energy_trauma", "bony_point_tenderness", "numbness"], 2, 40, ["trauma_neuro"]),
        ("vehicle_collision", ["high_energy_trauma", "weakness"], 30, 40, ["trauma_neuro"]),
        ("sports_injury", ["tingling", "bony_point_tenderness"], 5, 30, ["sports_neuro"]),
        ("none", ["progressive_weakness", "osteoporosis"], 10, 75, ["progressive_deficit"]),
        ("none", ["history_of_cancer", "numbness", "deformity"], 10, 75, ["mscc", "malignancy"]),
    ],
)
def test_fracture_excluded_stops_exactly_the_fracture_flags(mechanism, findings, duration_days, age, kept):
    kwargs = {
        "mechanism": mechanism,
        "duration_days": duration_days,
        "age": age,
        "sex": "female",
        "onset": "sudden",
    }
    before = _codes(_t(findings, **kwargs))
    after = _t([*findings, "fracture_excluded"], **kwargs)
    stopped = {
        "major_trauma",
        "earlier_major_trauma",
        "collision_fracture_signs",
        "fall_fracture_signs",
        "minor_trauma",
        "fragility_fracture",
        "deformity",
    }
    assert set(before) & stopped, before  # the case is a real test: something was there to stop
    assert _codes(after) == kept
    assert [c for c in before if c not in stopped] == kept


# Bilateral leg symptoms in context (§8.6) ----------------------------------------------------------

CLAUDICATION = ["bilateral_leg_symptoms", "walking_intolerance", "relief_with_sitting_or_flexion"]


@pytest.mark.parametrize(
    ("findings", "duration_days", "codes", "level", "reasons"),
    [
        (["bilateral_leg_symptoms", "tingling"], 84, ["bilateral_leg"], URGENT, {"bilateral_leg_symptoms"}),
        (
            ["bilateral_leg_symptoms", "tingling"],
            85,
            ["bilateral_stable"],
            PROMPT,
            {"bilateral_leg_symptoms"},
        ),
        (
            ["bilateral_leg_symptoms", "symptoms_progressing"],
            365,
            ["bilateral_leg"],
            URGENT,
            {"bilateral_leg_symptoms", "symptoms_progressing"},
        ),
        (
            ["bilateral_leg_symptoms", "progressive_weakness"],
            365,
            ["progressive_deficit", "bilateral_leg"],
            URGENT,
            {"bilateral_leg_symptoms", "progressive_weakness"},
        ),
        (CLAUDICATION, 84, ["bilateral_leg"], URGENT, {"bilateral_leg_symptoms"}),
        (CLAUDICATION, 85, [], NONE, set()),
        (
            [*CLAUDICATION, "symptoms_progressing"],
            365,
            ["bilateral_leg"],
            URGENT,
            {"bilateral_leg_symptoms", "symptoms_progressing"},
        ),
        # Half the claudication pattern is not the pattern.
        (
            ["bilateral_leg_symptoms", "walking_intolerance"],
            365,
            ["bilateral_stable"],
            PROMPT,
            {"bilateral_leg_symptoms"},
        ),
        # A CES sign is an emergency whatever the history.
        (
            [*CLAUDICATION, "saddle_anesthesia"],
            365,
            ["cauda_equina"],
            EMERGENCY,
            {"saddle_anesthesia", "bilateral_leg_symptoms"},
        ),
    ],
)
def test_bilateral_rows(findings, duration_days, codes, level, reasons):
    triage = _t(findings, age=70, sex="male", onset="gradual", mechanism="none", duration_days=duration_days)
    assert _codes(triage) == codes
    assert triage.level == level
    assert set(triage.reasons) == reasons


def test_bilateral_with_unknown_duration_is_not_stable():
    assert _codes(_t(CLAUDICATION)) == ["bilateral_leg"]


# Adolescent spondylolysis and older-adult fragility fracture (§8.5) ------------------------------


@pytest.mark.parametrize(
    ("age", "findings", "mechanism", "codes", "reasons"),
    [
        (
            19,
            ["worse_with_extension_or_standing", "repetitive_extension_sport"],
            "none",
            ["spondylolysis"],
            {"worse_with_extension_or_standing", "repetitive_extension_sport", "age"},
        ),
        (
            19,
            ["worse_with_extension_or_standing", "repetitive_extension_sport"],
            None,
            ["spondylolysis"],
            None,
        ),
        (20, ["worse_with_extension_or_standing", "repetitive_extension_sport"], "none", [], set()),
        (
            15,
            ["worse_with_extension_or_standing"],
            "sports_injury",
            ["spondylolysis"],
            {"worse_with_extension_or_standing", "age", "mechanism:sports_injury"},
        ),
        (15, ["worse_with_extension_or_standing"], "lifting", [], set()),
        (15, ["repetitive_extension_sport"], "sports_injury", [], set()),
    ],
)
def test_spondylolysis(age, findings, mechanism, codes, reasons):
    triage = _t(findings, age=age, sex="female", onset="gradual", duration_days=45, mechanism=mechanism)
    assert _codes(triage) == codes
    if reasons is not None:
        assert set(triage.reasons) == reasons
    if codes:
        action = triage.flags[0].action.lower()
        assert "sports-medicine" in action and "within days" in action
        assert "stop" in action and "sport" in action


@pytest.mark.parametrize(
    ("age", "sex", "fires"),
    [
        (70, "male", True),
        (69, "male", False),
        (65, "female", True),
        (64, "female", False),
        (65, "other", True),
        (65, "unknown", True),
        (65, None, True),  # §8.5 default: sex not recorded, the 65 threshold applies
        (64, None, False),
        (69, "other", True),
    ],
)
def test_fragility_without_injury_age_and_sex(age, sex, fires):
    triage = _t(["pain_with_movement"], age=age, sex=sex, onset="sudden", duration_days=7, mechanism="none")
    if fires:
        assert _codes(triage) == ["fragility_fracture"]
        assert triage.level == PROMPT
        assert set(triage.reasons) == {"age", "onset:sudden"}
    else:
        assert triage.flags == ()


@pytest.mark.parametrize(
    ("changes", "fires"),
    [
        ({"duration_days": 41}, True),
        ({"duration_days": 42}, False),
        ({"onset": "gradual"}, False),
        ({"mechanism": None}, True),
        ({"mechanism": "lifting"}, True),  # lifting is not an injury
        ({"mechanism": "fall"}, False),  # an injury: the minor-trauma row handles it
        ({"mechanism": "vehicle_collision"}, False),
        ({"mechanism": "sports_injury"}, False),
    ],
)
def test_fragility_without_injury_window_onset_and_injury(changes, fires):
    kwargs = {
        "age": 78,
        "sex": "female",
        "onset": "sudden",
        "duration_days": 7,
        "mechanism": "none",
        **changes,
    }
    codes = _codes(_t(["pain_with_movement"], **kwargs))
    assert ("fragility_fracture" in codes) is fires, codes


def test_fragility_without_injury_not_with_high_energy():
    triage = _t(
        ["high_energy_trauma"], age=78, sex="female", onset="sudden", duration_days=7, mechanism="none"
    )
    assert _codes(triage) == ["major_trauma"]


def test_fragility_bone_branch_at_the_42_day_window():
    kwargs = {"age": 50, "sex": "female", "onset": "gradual", "mechanism": "none"}
    assert _codes(_t(["osteoporosis"], duration_days=41, **kwargs)) == ["fragility_fracture"]
    assert _codes(_t(["osteoporosis"], duration_days=42, **kwargs)) == []


def test_fragility_reasons_by_branch():
    # Injury branch: the mechanism, never the age.
    lifting = _t(
        ["osteoporosis"], age=70, sex="male", onset="gradual", duration_days=100, mechanism="lifting"
    )
    assert set(lifting.reasons) == {"osteoporosis", "mechanism:lifting"}
    # Both branches: the mechanism (injury branch) and the age and onset (no-injury branch).
    both = _t(["osteoporosis"], age=78, sex="female", onset="sudden", duration_days=7, mechanism="lifting")
    assert set(both.reasons) == {"osteoporosis", "mechanism:lifting", "age", "onset:sudden"}
    # Neuro signs make it urgent and are reasons.
    neuro = _t(["long_term_corticosteroids", "bony_point_tenderness", "numbness"], age=60, duration_days=100)
    assert _flag(neuro, "fragility_fracture").level == URGENT
    assert set(_flag(neuro, "fragility_fracture").reasons) == {
        "long_term_corticosteroids",
        "bony_point_tenderness",
        "numbness",
    }
    older_neuro = _t(["numbness"], age=80, sex="female", onset="sudden", duration_days=3, mechanism="none")
    assert _flag(older_neuro, "fragility_fracture").level == URGENT
    assert set(older_neuro.reasons) == {"age", "onset:sudden", "numbness"}


def test_minor_trauma_waits_for_the_fragility_flag():
    triage = _t(["osteoporosis"], age=70, sex="male", onset="sudden", duration_days=20, mechanism="fall")
    assert _codes(triage) == ["fragility_fracture"]
    assert set(triage.reasons) == {"osteoporosis", "mechanism:fall"}


def test_deformity_only_without_a_trauma_or_fragility_flag():
    assert _codes(_t(["deformity"], age=40, duration_days=100, mechanism="none")) == ["deformity"]
    assert _codes(_t(["deformity"], age=40, duration_days=100, mechanism="fall")) == ["minor_trauma"]


# Inflammatory pattern (axial_spa) ------------------------------------------------------------------

BERLIN_TWO = ["better_with_exercise_not_rest", "night_waking_second_half"]


@pytest.mark.parametrize(
    ("age", "duration_days", "findings", "fires"),
    [
        (26, 91, BERLIN_TWO, True),
        (26, 90, BERLIN_TWO, False),
        (44, 91, BERLIN_TWO, True),  # onset at 44
        (45, 91, BERLIN_TWO, False),  # onset at 45
        (45, 365, BERLIN_TWO, True),  # 45 - floor(365 / 365) = 44
        (45, 364, BERLIN_TWO, False),  # 45 - floor(364 / 365) = 45
        (50, 6 * 365 - 1, BERLIN_TWO, False),  # onset 45
        (50, 6 * 365, BERLIN_TWO, True),  # onset 44
        (26, 180, ["better_with_exercise_not_rest"], False),
        (26, 180, ["alternating_buttock_pain", "night_waking_second_half"], True),
        (60, 30, ["severe_morning_stiffness"], True),  # the v1 branch needs nothing else
    ],
)
def test_axial_spa(age, duration_days, findings, fires):
    triage = _t(findings, age=age, sex="male", onset="gradual", duration_days=duration_days, mechanism="none")
    if fires:
        assert _codes(triage) == ["axial_spa"]
        assert set(triage.reasons) == set(findings)
        assert "rheumatology" in triage.flags[0].action.lower()
    else:
        assert triage.flags == ()


# Progressing deficit ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("findings", "codes", "reasons"),
    [
        (["progressive_weakness"], ["progressive_deficit"], {"progressive_weakness"}),
        (["symptoms_progressing", "weakness"], ["progressive_deficit"], {"symptoms_progressing", "weakness"}),
        (
            ["symptoms_progressing", "reflex_loss"],
            ["progressive_deficit"],
            {"symptoms_progressing", "reflex_loss"},
        ),
        (["symptoms_progressing", "numbness"], ["progressive_deficit"], {"symptoms_progressing", "numbness"}),
        (["symptoms_progressing", "tingling"], [], set()),
        (["weakness", "numbness"], [], set()),
    ],
)
def test_progressive_deficit(findings, codes, reasons):
    triage = _t(findings, age=40, sex="male", onset="gradual", duration_days=30, mechanism="none")
    assert _codes(triage) == codes
    assert set(triage.reasons) == reasons


# The safety net and the plan hold -------------------------------------------------------------------


def test_plan_hold_by_level():
    assert _t([]).plan_hold() is None
    assert _t(["history_of_cancer"]).plan_hold() is None
    urgent = _t(["fever"])
    assert urgent.plan_hold() == {
        "level": "urgent",
        "reasons": ["fever"],
        "release": ["referral_recorded", "override"],
    }
    emergency = _t(["saddle_anesthesia", "bilateral_leg_symptoms"])
    hold = emergency.plan_hold()
    assert hold["level"] == "emergency"
    assert set(hold["reasons"]) == {"saddle_anesthesia", "bilateral_leg_symptoms"}
    assert hold["release"] == ["referral_recorded"]
    assert urgent.holds_plan and emergency.holds_plan and not _t(["night_pain"]).holds_plan


def test_flag_dict_has_the_contract_keys():
    flag = _t(["fever"]).as_dict()["flags"][0]
    assert set(flag) == {"code", "condition", "level", "reasons", "action"}
    assert flag["code"] == "infection"


def test_level_reasons_are_the_flags_at_that_level_and_order_is_severity_then_table():
    triage = _t(
        ["deformity", "severe_morning_stiffness", "fever", "history_of_cancer", "weakness"],
        age=70,
        sex="female",
        onset="gradual",
        duration_days=100,
        mechanism="none",
    )
    assert _codes(triage) == ["mscc", "infection", "malignancy", "deformity", "axial_spa"]
    assert triage.level == URGENT
    assert set(triage.reasons) == {"history_of_cancer", "weakness", "fever"}
    _check_order(triage)


def test_every_new_code_alone_never_errors():
    for code in Finding.values:
        for age in (None, 15, 40, 80):
            triage = _t([code], age=age, sex=None, onset="sudden", duration_days=10, mechanism="none")
            _check_order(triage)
            assert triage.level == (triage.flags[0].level if triage.flags else NONE)


# The §8.13 triage test vectors ----------------------------------------------------------------------

VECTORS = [
    (
        "V2-TR-01",
        {
            "age": 40,
            "sex": "female",
            "onset": "sudden",
            "duration_days": 5,
            "mechanism": "vehicle_collision",
            "findings": ["muscle_spasm", "pain_with_movement", "localized_tenderness"],
        },
        "none",
        [],
        None,
    ),
    (
        "V2-TR-02",
        {
            "age": 45,
            "sex": "male",
            "onset": "sudden",
            "duration_days": 2,
            "mechanism": "fall",
            "findings": ["high_energy_trauma", "bony_point_tenderness"],
        },
        "emergency",
        ["major_trauma"],
        None,
    ),
    (
        "V2-TR-03",
        {
            "age": 30,
            "sex": "male",
            "onset": "sudden",
            "duration_days": 1,
            "mechanism": "vehicle_collision",
            "findings": ["bony_point_tenderness", "pain_with_movement", "muscle_spasm"],
        },
        "emergency",
        ["collision_fracture_signs"],
        None,
    ),
    (
        "V2-TR-04",
        {
            "age": 80,
            "sex": "female",
            "onset": "sudden",
            "duration_days": 3,
            "mechanism": "fall",
            "findings": ["osteoporosis", "bony_point_tenderness", "pain_with_movement"],
        },
        "urgent",
        ["fall_fracture_signs", "fragility_fracture"],
        None,
    ),
    (
        "V2-TR-05",
        {
            "age": 72,
            "sex": "female",
            "onset": "gradual",
            "duration_days": 365,
            "mechanism": "none",
            "findings": [
                "bilateral_leg_symptoms",
                "walking_intolerance",
                "relief_with_sitting_or_flexion",
                "worse_with_extension_or_standing",
                "osteoarthritis",
            ],
        },
        "none",
        [],
        None,
    ),
    (
        "V2-TR-06",
        {
            "age": 40,
            "sex": "male",
            "onset": "sudden",
            "duration_days": 8,
            "mechanism": "lifting",
            "findings": [
                "bilateral_leg_symptoms",
                "tingling",
                "positive_slr",
                "worse_with_flexion_or_sitting",
            ],
        },
        "urgent",
        ["bilateral_leg"],
        None,
    ),
    (
        "V2-TR-07",
        {
            "age": 60,
            "sex": "male",
            "onset": "gradual",
            "duration_days": 100,
            "mechanism": "none",
            "findings": ["bilateral_leg_symptoms", "tingling"],
        },
        "prompt",
        ["bilateral_stable"],
        None,
    ),
    (
        "V2-TR-08",
        {
            "age": 15,
            "sex": "male",
            "onset": "gradual",
            "duration_days": 45,
            "mechanism": "sports_injury",
            "findings": ["worse_with_extension_or_standing", "localized_tenderness", "pain_with_movement"],
        },
        "prompt",
        ["spondylolysis"],
        None,
    ),
    (
        "V2-TR-09",
        {
            "age": 78,
            "sex": "female",
            "onset": "sudden",
            "duration_days": 7,
            "mechanism": "none",
            "findings": ["pain_with_movement"],
        },
        "prompt",
        ["fragility_fracture"],
        {"age", "onset:sudden"},
    ),
    (
        "V2-TR-10",
        {
            "age": 26,
            "sex": "male",
            "onset": "gradual",
            "duration_days": 180,
            "mechanism": "none",
            "findings": [
                "better_with_exercise_not_rest",
                "night_waking_second_half",
                "alternating_buttock_pain",
            ],
        },
        "prompt",
        ["axial_spa"],
        None,
    ),
    (
        "V2-TR-11",
        {
            "age": 72,
            "sex": "male",
            "onset": "sudden",
            "duration_days": 0,
            "mechanism": "none",
            "findings": ["tearing_pain"],
        },
        "emergency",
        ["aortic", "fragility_fracture"],
        None,
    ),
]


@pytest.mark.parametrize(
    ("request_", "level", "codes", "reasons"), [v[1:] for v in VECTORS], ids=[v[0] for v in VECTORS]
)
def test_reference_vectors(request_, level, codes, reasons):
    kwargs = dict(request_)
    triage = assess_red_flags(**kwargs)
    assert triage.level == level
    assert _codes(triage) == codes
    if reasons is not None:
        assert set(triage.reasons) == reasons
    _check_order(triage)


# Visit screening with the episode's history (§8.3) -------------------------------------------------


def test_visit_without_baseline_findings_is_v1():
    assert screen_visit(["weakness"]).level == NONE
    assert screen_visit(["fever"]).level == URGENT


def test_visit_known_cancer_and_new_weakness_is_urgent():
    triage = screen_visit(["weakness"], baseline_findings=["history_of_cancer"], age=62, sex="male")
    assert triage.level == URGENT
    assert _codes(triage) == ["progressive_deficit", "mscc"]
    assert set(triage.reasons) == {"history_of_cancer", "weakness", "new_deficit:weakness"}


def test_visit_known_history_alone_does_not_prompt_again():
    assert screen_visit([], baseline_findings=["history_of_cancer", "osteoporosis"], age=70).flags == ()
    # A deficit already there at baseline is not new.
    assert screen_visit(["numbness"], baseline_findings=["numbness"], age=40).flags == ()


@pytest.mark.parametrize("code", ["weakness", "reflex_loss", "numbness"])
def test_visit_new_deficit_counts(code):
    triage = screen_visit([code], baseline_findings=[], age=40)
    assert _codes(triage) == ["progressive_deficit"]
    assert set(triage.reasons) == {code, f"new_deficit:{code}"}


def test_visit_new_tingling_is_not_a_deficit():
    assert screen_visit(["tingling"], baseline_findings=[], age=40).flags == ()


def test_visit_bilateral_known_at_baseline_needs_progression():
    baseline = ["bilateral_leg_symptoms", "walking_intolerance", "relief_with_sitting_or_flexion"]
    assert screen_visit(["bilateral_leg_symptoms"], baseline_findings=baseline, age=72).flags == ()
    progressing = screen_visit(
        ["bilateral_leg_symptoms", "symptoms_progressing"], baseline_findings=baseline, age=72
    )
    assert _codes(progressing) == ["bilateral_leg"]
    new = screen_visit(["bilateral_leg_symptoms"], baseline_findings=[], age=72)
    assert _codes(new) == ["bilateral_leg"]
    assert new.level == URGENT


def test_visit_history_meets_a_new_sign():
    # Steroids at baseline, a tender bone at the visit: a fragility fracture (and infection risk).
    triage = screen_visit(["bony_point_tenderness"], baseline_findings=["long_term_corticosteroids"], age=60)
    assert "fragility_fracture" in _codes(triage)
    # Immunosuppression at baseline, night pain at the visit: infection.
    infection = screen_visit(["night_pain"], baseline_findings=["immunosuppression"], age=50)
    assert infection.level == URGENT
    assert _codes(infection)[0] == "infection"


def test_visit_trauma_rules_do_not_fire():
    triage = screen_visit(["high_energy_trauma", "bony_point_tenderness"], baseline_findings=[], age=40)
    assert not {"major_trauma", "earlier_major_trauma", "collision_fracture_signs"} & set(_codes(triage))


# The rows without (v2) keep their v1 behaviour, now with their codes ------------------------------


@pytest.mark.parametrize(
    ("findings", "codes", "level", "reasons"),
    [
        (["bladder_dysfunction"], ["cauda_equina"], EMERGENCY, {"bladder_dysfunction"}),
        (["tearing_pain"], ["aortic"], EMERGENCY, {"tearing_pain"}),
        (["cardiac_symptoms"], ["cardiac"], EMERGENCY, {"cardiac_symptoms"}),
        (
            ["hyperreflexia", "progressive_weakness"],
            ["myelopathy_progressing", "progressive_deficit"],
            EMERGENCY,
            {"hyperreflexia", "progressive_weakness"},
        ),
        (["gait_disturbance"], ["myelopathy"], URGENT, {"gait_disturbance"}),
        (
            ["history_of_cancer", "tingling"],
            ["mscc", "malignancy"],
            URGENT,
            {"history_of_cancer", "tingling"},
        ),
        (["fever", "iv_drug_use"], ["infection"], URGENT, {"fever", "iv_drug_use"}),
        (
            ["immunosuppression", "pain_intensifying"],
            ["infection"],
            URGENT,
            {"immunosuppression", "pain_intensifying"},
        ),
        (
            ["iv_drug_use", "bony_point_tenderness"],
            ["infection"],
            URGENT,
            {"iv_drug_use", "bony_point_tenderness"},
        ),
        (["immunosuppression"], ["infection_risk"], PROMPT, {"immunosuppression"}),
        (["unexplained_weight_loss"], ["malignancy"], PROMPT, {"unexplained_weight_loss", "age"}),
        (["deformity"], ["deformity"], PROMPT, {"deformity"}),
        (["severe_morning_stiffness"], ["axial_spa"], PROMPT, {"severe_morning_stiffness"}),
    ],
)
def test_v1_rows_with_codes(findings, codes, level, reasons):
    triage = _t(findings, age=55, sex="male", onset="gradual", duration_days=60, mechanism="none")
    assert _codes(triage) == codes
    assert triage.level == level
    assert set(triage.reasons) == reasons


@pytest.mark.parametrize("mechanism", [None, "none", "lifting"])
def test_high_energy_counts_with_any_mechanism(mechanism):
    # HE "with any mechanism"; `mechanism:none` names no mechanism, so it is never a reason.
    recent = _t(
        ["high_energy_trauma", "weakness"], age=40, onset="sudden", duration_days=3, mechanism=mechanism
    )
    assert _codes(recent) == ["major_trauma", "trauma_neuro"]
    later = _t(
        ["high_energy_trauma", "weakness"], age=40, onset="sudden", duration_days=20, mechanism=mechanism
    )
    assert _codes(later) == ["trauma_neuro", "earlier_major_trauma"]
    named = {"mechanism:lifting"} if mechanism == "lifting" else set()
    assert set(later.reasons) == {"high_energy_trauma", "weakness"} | named
    assert "mechanism:none" not in str(later.as_dict())
