"""Clinical vignettes: requests in the exact ``POST /api/v1/suggest`` shape, with what we expect back.

Plain JSON-able dicts so the same list can be posted to the real HTTP API. Each vignette has:
- ``id``: stable name;
- ``request``: the request body (contract keys only);
- ``expect``: ``triage`` (level, exact), ``stage``, optionally ``cause`` with ``rank`` ("first" or
  "top3"), and ``plan`` (False when triage is emergency and no plan may be given).
"""


def _req(age, region, onset, duration_days, findings=(), **extra):
    request = {"age": age, "region": region, "onset": onset, "duration_days": duration_days}
    request.update(extra)
    request["findings"] = sorted(findings)
    return request


def _cause(vid, cause, stage, request, *, rank="first", triage="none"):
    return {
        "id": vid,
        "request": request,
        "expect": {
            "cause": cause,
            "rank": rank,
            "stage": stage,
            "triage": triage,
            "plan": triage != "emergency",
        },
    }


def _flag(vid, triage, stage, request, *, cause=None, rank="top3"):
    expect = {"triage": triage, "stage": stage, "plan": triage != "emergency"}
    if cause is not None:
        expect.update(cause=cause, rank=rank)
    return {"id": vid, "request": request, "expect": expect}


# The example request from shared/api-contract.md (v2: with PSFS, RMDQ and FABQ).
CONTRACT_EXAMPLE_REQUEST = {
    "age": 45,
    "sex": "female",
    "region": "lumbar",
    "onset": "sudden",
    "duration_days": 10,
    "recurrent": False,
    "mechanism": "lifting",
    "pain_distribution": "back_only",
    "nprs": 6,
    "bmi": 27.4,
    "odi": [2, 1, 2, 1, 2, 2, 1, None, 2, 3],
    "startback": {"items": [1, 0, 0, 0, 1, 1, 1, 0], "bothersomeness": "very_much"},
    "psfs": {"items": [3, 5, 4], "activities": ["Lifting my child", "Gardening", "Sitting through a film"]},
    "rmdq": {"items": [1, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0]},
    "fabq": {"items": [1, 3, 4, 2, 5, 6, 4, 0, 3, 5, 2, 6, 1, 0, 4, 2]},
    "findings": ["muscle_spasm", "localized_tenderness", "pain_with_movement"],
}

CAUSE_VIGNETTES = [
    # Muscle strain or sprain
    _cause(
        "strain-lifting-acute",
        "muscle_strain_sprain",
        "acute",
        _req(
            34,
            "lumbar",
            "sudden",
            5,
            ["muscle_spasm", "localized_tenderness", "pain_with_movement"],
            sex="male",
            mechanism="lifting",
            pain_distribution="back_only",
            nprs=7,
        ),
    ),
    _cause(
        "strain-awkward-twist-strenuous-job",
        "muscle_strain_sprain",
        "acute",
        _req(
            42,
            "lumbar",
            "sudden",
            20,
            ["localized_tenderness", "pain_with_movement", "strenuous_job"],
            mechanism="awkward_movement",
            pain_distribution="back_only",
            nprs=5,
            startback={"items": [0, 0, 1, 0, 0, 0, 0, 0], "bothersomeness": "moderately"},
        ),
    ),
    # Herniated disc
    _cause(
        "disc-sciatica-peripheralizes",
        "herniated_disc",
        "acute",
        _req(
            38,
            "lumbar",
            "sudden",
            14,
            [
                "positive_slr",
                "numbness",
                "tingling",
                "peripheralizes_with_flexion",
                "worse_with_flexion_or_sitting",
            ],
            mechanism="lifting",
            pain_distribution="below_knee",
            nprs=7,
            odi=[3, 2, 3, 2, 3, 2, 2, None, 2, 3],
        ),
    ),
    _cause(
        "disc-centralizes-subacute",
        "herniated_disc",
        "subacute",
        _req(
            29,
            "lumbar",
            "gradual",
            50,
            ["centralizes_with_extension", "worse_with_flexion_or_sitting", "tingling", "positive_slr"],
            mechanism="none",
            pain_distribution="buttock_thigh",
            nprs=5,
            sex="female",
        ),
    ),
    # Thoracic radiculopathy
    _cause(
        "thoracic-band-tingling",
        "thoracic_radiculopathy",
        "acute",
        _req(
            46,
            "thoracic",
            "gradual",
            30,
            ["tingling", "numbness"],
            pain_distribution="chest_abdomen_band",
            nprs=5,
        ),
    ),
    _cause(
        "thoracic-band-after-twist",
        "thoracic_radiculopathy",
        "subacute",
        _req(
            44,
            "thoracic",
            "sudden",
            60,
            ["numbness", "pain_with_movement"],
            mechanism="awkward_movement",
            pain_distribution="chest_abdomen_band",
            nprs=4,
        ),
    ),
    # Foraminal stenosis
    _cause(
        "foraminal-one-leg-extension",
        "foraminal_stenosis",
        "chronic",
        _req(
            63,
            "lumbar",
            "gradual",
            100,
            ["numbness", "worse_with_extension_or_standing", "osteoarthritis"],
            mechanism="none",
            pain_distribution="below_knee",
            nprs=5,
        ),
    ),
    _cause(
        "foraminal-buttock-subacute",
        "foraminal_stenosis",
        "subacute",
        _req(
            57,
            "lumbar",
            "gradual",
            70,
            ["tingling", "worse_with_extension_or_standing"],
            pain_distribution="buttock_thigh",
            nprs=4,
        ),
    ),
    # Central canal stenosis
    _cause(
        "central-stenosis-walking",
        "central_canal_stenosis",
        "chronic",
        _req(
            68,
            "lumbar",
            "gradual",
            200,
            ["walking_intolerance", "relief_with_sitting_or_flexion", "worse_with_extension_or_standing"],
            pain_distribution="buttock_thigh",
            nprs=5,
            sex="male",
            odi=[2, 1, 2, 3, 1, 3, 1, None, 2, 2],
        ),
    ),
    _cause(
        "central-stenosis-osteoarthritis",
        "central_canal_stenosis",
        "chronic",
        _req(
            61,
            "lumbar",
            "gradual",
            120,
            ["walking_intolerance", "relief_with_sitting_or_flexion", "osteoarthritis", "tingling"],
            pain_distribution="below_knee",
            nprs=4,
        ),
    ),
    # Vertebral fracture
    _cause(
        "fracture-osteoporosis-fall",
        "vertebral_fracture",
        "acute",
        _req(
            74,
            "thoracic",
            "sudden",
            6,
            ["osteoporosis", "bony_point_tenderness", "pain_with_movement"],
            sex="female",
            mechanism="fall",
            pain_distribution="back_only",
            nprs=8,
        ),
        # v2 rule fall_fracture_signs: a fall within 14 days with bony tenderness is urgent (v1: prompt).
        triage="urgent",
    ),
    _cause(
        "fracture-steroids-lift",
        "vertebral_fracture",
        "acute",
        _req(
            66,
            "lumbar",
            "sudden",
            10,
            ["long_term_corticosteroids", "bony_point_tenderness", "deformity"],
            mechanism="lifting",
            pain_distribution="back_only",
            nprs=7,
        ),
        triage="prompt",
    ),
    # Age-related degeneration
    _cause(
        "degeneration-recurrent",
        "age_related_degeneration",
        "chronic",
        _req(
            58,
            "lumbar",
            "gradual",
            400,
            ["osteoarthritis", "previous_episodes"],
            recurrent=True,
            pain_distribution="back_only",
            nprs=4,
        ),
    ),
    _cause(
        "degeneration-osteoporosis",
        "age_related_degeneration",
        "chronic",
        _req(
            70,
            "lumbar",
            "gradual",
            150,
            ["osteoarthritis", "osteoporosis", "pain_with_movement"],
            sex="female",
            pain_distribution="back_only",
            nprs=4,
        ),
    ),
    # A thoracic disc herniation: a band of pain round the chest after lifting, numb and weak.
    _cause(
        "disc-thoracic-band",
        "herniated_disc",
        "acute",
        _req(
            42,
            "thoracic",
            "sudden",
            12,
            ["numbness", "weakness"],
            mechanism="lifting",
            pain_distribution="chest_abdomen_band",
            nprs=6,
        ),
        rank="top3",
    ),
    # Obesity
    _cause(
        "obesity-sedentary",
        "obesity_load",
        "chronic",
        _req(46, "lumbar", "gradual", 180, ["sedentary"], bmi=36.0, pain_distribution="back_only", nprs=5),
    ),
    _cause(
        "obesity-subacute",
        "obesity_load",
        "subacute",
        _req(39, "lumbar", "gradual", 60, ["pain_with_movement"], bmi=41.2, nprs=6),
    ),
    # Poor posture
    _cause(
        "posture-desk-thoracic",
        "poor_posture",
        "subacute",
        _req(
            31,
            "thoracic",
            "gradual",
            45,
            ["desk_work", "slouched_posture", "sustained_posture_aggravates"],
            pain_distribution="back_only",
            nprs=3,
        ),
    ),
    _cause(
        "posture-desk-lumbar",
        "poor_posture",
        "chronic",
        _req(
            27,
            "lumbar",
            "gradual",
            100,
            ["desk_work", "sustained_posture_aggravates", "worse_with_flexion_or_sitting"],
            mechanism="none",
            pain_distribution="back_only",
            nprs=4,
        ),
    ),
    # Deconditioning
    _cause(
        "deconditioning-recurrent-high-risk",
        "deconditioning",
        "chronic",
        _req(
            45,
            "lumbar",
            "gradual",
            300,
            ["sedentary", "previous_episodes"],
            recurrent=True,
            pain_distribution="back_only",
            nprs=6,
            startback={"items": [0, 0, 1, 1, 1, 1, 1, 0], "bothersomeness": "very_much"},
        ),
    ),
    _cause(
        "deconditioning-sedentary",
        "deconditioning",
        "chronic",
        _req(36, "lumbar", "gradual", 150, ["sedentary"], recurrent=True, mechanism="none", nprs=3),
    ),
    # Traumatic injury without fracture
    _cause(
        "trauma-sports",
        "traumatic_injury",
        "acute",
        _req(
            28,
            "lumbar",
            "sudden",
            4,
            ["localized_tenderness", "pain_with_movement", "muscle_spasm"],
            mechanism="sports_injury",
            pain_distribution="back_only",
            nprs=6,
        ),
    ),
    _cause(
        "trauma-fall-stairs",
        "traumatic_injury",
        "acute",
        _req(
            41,
            "lumbar",
            "sudden",
            8,
            ["localized_tenderness", "pain_with_movement"],
            mechanism="fall",
            pain_distribution="back_only",
            nprs=5,
        ),
    ),
    # Pars stress injury (v2)
    _cause(
        "spondylolysis-teen-gymnast",
        "spondylolysis",
        "subacute",
        _req(
            16,
            "lumbar",
            "gradual",
            60,
            ["repetitive_extension_sport", "worse_with_extension_or_standing", "localized_tenderness"],
            sex="female",
            mechanism="none",
            pain_distribution="back_only",
            nprs=5,
        ),
        triage="prompt",
    ),
    _cause(
        "spondylolysis-young-fast-bowler",
        "spondylolysis",
        "chronic",
        _req(
            22,
            "lumbar",
            "gradual",
            100,
            [
                "repetitive_extension_sport",
                "worse_with_extension_or_standing",
                "localized_tenderness",
                "pain_with_movement",
            ],
            sex="male",
            mechanism="strenuous_exercise",
            pain_distribution="back_only",
            nprs=4,
        ),
    ),
    # Sacroiliac joint or pelvic girdle pain (v2)
    _cause(
        "pelvic-girdle-pregnant-28-weeks",
        "sacroiliac_pelvic_girdle",
        "acute",
        _req(
            31,
            "lumbar",
            "gradual",
            21,
            ["pregnant", "pelvic_girdle_pain", "pain_with_movement"],
            sex="female",
            mechanism="none",
            pain_distribution="buttock_thigh",
            nprs=6,
            bmi=31.5,
            pregnancy_weeks=28,
        ),
    ),
    _cause(
        "sacroiliac-postpartum-provocation",
        "sacroiliac_pelvic_girdle",
        "subacute",
        _req(
            29,
            "lumbar",
            "gradual",
            70,
            ["postpartum", "sij_provocation_positive", "pelvic_girdle_pain"],
            sex="female",
            mechanism="none",
            pain_distribution="buttock_thigh",
            nprs=5,
        ),
    ),
    # Inflammatory back pain (v2)
    _cause(
        "inflammatory-young-man-berlin",
        "inflammatory_back_pain",
        "chronic",
        _req(
            28,
            "lumbar",
            "gradual",
            240,
            ["severe_morning_stiffness", "better_with_exercise_not_rest", "night_waking_second_half"],
            sex="male",
            mechanism="none",
            pain_distribution="back_only",
            nprs=5,
        ),
        triage="prompt",
    ),
    _cause(
        "inflammatory-alternating-buttock",
        "inflammatory_back_pain",
        "chronic",
        _req(
            34,
            "lumbar",
            "gradual",
            400,
            ["alternating_buttock_pain", "better_with_exercise_not_rest", "severe_morning_stiffness"],
            sex="female",
            mechanism="none",
            pain_distribution="buttock_thigh",
            nprs=4,
        ),
        triage="prompt",
    ),
    # Non-specific mechanical back pain (v2): no specific cause fits.
    _cause(
        "nonspecific-acute-no-pattern",
        "nonspecific_mechanical",
        "acute",
        _req(
            38,
            "lumbar",
            "gradual",
            10,
            ["pain_with_movement"],
            sex="female",
            mechanism="none",
            pain_distribution="back_only",
            nprs=4,
        ),
    ),
    _cause(
        "nonspecific-subacute-vague",
        "nonspecific_mechanical",
        "subacute",
        _req(
            45,
            "lumbar",
            "gradual",
            50,
            ["pain_with_movement", "muscle_spasm"],
            sex="male",
            mechanism="none",
            pain_distribution="back_only",
            nprs=5,
        ),
    ),
]

RED_FLAG_VIGNETTES = [
    _flag(
        "rf-cauda-equina",
        "emergency",
        "acute",
        _req(
            44,
            "lumbar",
            "sudden",
            3,
            ["saddle_anesthesia", "bladder_dysfunction", "bilateral_leg_symptoms"],
            pain_distribution="below_knee",
            nprs=8,
        ),
    ),
    _flag(
        "rf-progressive-weakness",
        "urgent",
        "acute",
        _req(
            39,
            "lumbar",
            "sudden",
            12,
            ["progressive_weakness", "positive_slr", "numbness"],
            pain_distribution="below_knee",
            nprs=7,
        ),
        cause="herniated_disc",
    ),
    _flag(
        "rf-major-trauma",
        "emergency",
        "acute",
        _req(
            33,
            "lumbar",
            "sudden",
            1,
            ["pain_with_movement", "numbness"],
            mechanism="vehicle_collision",
            nprs=9,
        ),
    ),
    _flag(
        "rf-osteoporotic-fracture",
        "prompt",
        "acute",
        _req(
            79,
            "thoracic",
            "sudden",
            5,
            ["osteoporosis", "bony_point_tenderness"],
            sex="female",
            mechanism="lifting",
            pain_distribution="back_only",
            nprs=7,
        ),
        cause="vertebral_fracture",
        rank="first",
    ),
    _flag(
        "rf-cancer-with-neuro",
        "urgent",
        "acute",
        _req(62, "thoracic", "gradual", 20, ["history_of_cancer", "weakness", "numbness"], nprs=6),
    ),
    _flag(
        "rf-cancer-history",
        "prompt",
        "subacute",
        _req(58, "lumbar", "gradual", 50, ["history_of_cancer", "night_pain"], nprs=5),
    ),
    _flag(
        "rf-weight-loss-night-pain",
        "prompt",
        "subacute",
        _req(55, "lumbar", "gradual", 45, ["unexplained_weight_loss", "night_pain"], nprs=5),
    ),
    _flag(
        "rf-infection",
        "urgent",
        "acute",
        _req(47, "lumbar", "gradual", 9, ["fever", "iv_drug_use"], nprs=8),
    ),
    _flag(
        "rf-inflammatory",
        "prompt",
        "chronic",
        _req(26, "lumbar", "gradual", 200, ["severe_morning_stiffness", "night_pain"], nprs=5),
    ),
    _flag(
        "rf-aortic-tearing",
        "emergency",
        "acute",
        _req(71, "thoracic", "sudden", 0, ["tearing_pain"], nprs=10),
    ),
    _flag(
        "rf-cardiac",
        "emergency",
        "acute",
        _req(58, "thoracic", "sudden", 1, ["cardiac_symptoms"], pain_distribution="back_only", nprs=6),
    ),
    _flag(
        "rf-myelopathy",
        "urgent",
        "subacute",
        _req(
            53,
            "thoracic",
            "gradual",
            60,
            ["hyperreflexia", "gait_disturbance", "tingling"],
            pain_distribution="chest_abdomen_band",
            nprs=5,
        ),
    ),
]

VIGNETTES = CAUSE_VIGNETTES + RED_FLAG_VIGNETTES
