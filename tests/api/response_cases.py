"""Request bodies for the response-shape tests: the clinical vignettes for /suggest (with and without
questionnaires), and progress series for /progress/evaluate, hand-written and generated.

Generated series come from a seeded random generator, so every run sees the same cases; they stay
within what a clinic records (weekly-ish visits, measures that drift, occasional new findings).
"""

import random
from datetime import date, timedelta

from plans.clinical.vocabulary import contradictory_direction_messages
from tests.api.test_progress import CONTRACT_REQUEST
from tests.api.test_progress_v2 import V2_REQUEST
from tests.clinical.review_vignettes import SB_HIGH, SB_LOW, SB_MED, VIGS
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST, VIGNETTES

ODI_ANSWERS = (
    [0] * 10,
    [5] * 10,
    [None] * 10,  # nothing answered: no percentage, no band
    [1, 2, None, 3, 2, 1, 0, 2, 1, 3],
    [None, None, 2, 3, 4, 1, 2, 0, 5, 2],  # two skipped: not valid
    [3, 4, 4, 5, 3, 4, 4, 3, 5, 4],
)


FABQ_ANSWERS = (
    [1, 3, 4, 2, 5, 6, 4, 0, 3, 5, 2, 6, 1, 0, 4, 2],
    [None, 3, None, 2, 5, 6, 4, None, 3, 5, 2, 6, None, None, None, None],  # both subscales unanswered
    [6] * 16,  # both high
)
V2_REQUIRED = {"age": 34, "region": "lumbar", "onset": "gradual", "duration_days": 30}
# v2 questionnaires and fields, each with its nullable keys both filled and null somewhere.
V2_SUGGEST_CASES = [
    (f"fabq-{n}", {**V2_REQUIRED, "fabq": {"items": items}, "findings": ["pain_with_movement"]})
    for n, items in enumerate(FABQ_ANSWERS)
] + [
    ("psfs-rmdq", {**V2_REQUIRED, "psfs": {"items": [2, 3, 3]}, "rmdq": {"items": [1] * 7 + [0] * 17}}),
    (
        "psfs-with-activities",
        {**V2_REQUIRED, "psfs": {"items": [9, 9, 9, 10], "activities": ["Run", "Swim", "Lift", "Sit"]}},
    ),
    (
        "pregnant-pelvic-girdle",
        {
            **V2_REQUIRED,
            "sex": "female",
            "pregnancy_weeks": 24,
            "findings": ["pregnant", "pelvic_girdle_pain", "sij_provocation_positive"],
        },
    ),
    (
        "claudication-walking-tolerance",
        {
            "age": 74,
            "region": "lumbar",
            "onset": "gradual",
            "duration_days": 400,
            "pain_distribution": "buttock_thigh",
            "walking_tolerance_minutes": 5,
            "findings": ["bilateral_leg_symptoms", "walking_intolerance", "relief_with_sitting_or_flexion"],
        },
    ),
    # A tested direction: plan.dp_basis is "tested" (the plan rules fill it).
    (
        "centralises-with-extension",
        {
            "age": 38,
            "region": "lumbar",
            "onset": "sudden",
            "duration_days": 12,
            "mechanism": "lifting",
            "pain_distribution": "buttock_thigh",
            "findings": ["centralizes_with_extension", "worse_with_flexion_or_sitting"],
        },
    ),
]


def suggest_requests() -> list[tuple[str, dict]]:
    """Every vignette as given, then again with an ODI and a STarT Back questionnaire."""
    cases = [("contract-example", CONTRACT_EXAMPLE_REQUEST)]
    cases += [(v["id"], v["request"]) for v in VIGNETTES + VIGS]
    cases += V2_SUGGEST_CASES
    startbacks = (SB_LOW, SB_MED, SB_HIGH)
    for index, (case_id, request) in enumerate(list(cases)):
        with_scores = {
            **request,
            "odi": ODI_ANSWERS[index % len(ODI_ANSWERS)],
            "startback": startbacks[index % len(startbacks)],
        }
        cases.append((f"{case_id}+scores", with_scores))
    return cases


VISIT_FINDINGS = (
    "weakness",
    "progressive_weakness",
    "saddle_anesthesia",
    "bladder_dysfunction",
    "fever",
    "unexplained_weight_loss",
    "night_pain",
    "numbness",
    "centralizes_with_extension",
    "peripheralizes_with_flexion",
)
BASELINE_FINDINGS = ("history_of_cancer", "osteoporosis", "long_term_corticosteroids", "pain_with_movement")
RANGES = {
    "nprs": (0, 10),
    "odi": (0, 100),
    "rmdq": (0, 24),
    "psfs": (0, 10),
    "fabq_pa": (0, 24),
    "fabq_w": (0, 42),
}
GOAL_MEASURES = ("nprs", "odi", "rmdq", "psfs")


def _value(measure: str, level: float, rng: random.Random) -> int | float:
    low, high = RANGES[measure]
    value = min(high, max(low, level))
    if measure == "odi":
        return round(value, 1) if rng.random() < 0.3 else round(value)
    if measure == "psfs":
        return round(value, 2) if rng.random() < 0.3 else round(value)
    return round(value)


def _findings(pool: tuple[str, ...], rng: random.Random, chance: float) -> list[str]:
    found = sorted({code for code in pool if rng.random() < chance})
    return [] if contradictory_direction_messages(found) else found


def generated_progress_series(count: int, seed: int = 11) -> list[dict]:
    rng = random.Random(seed)
    series = []
    for _ in range(count):
        start = date(2025, 1, 6) + timedelta(days=rng.randrange(0, 300))
        taken = [m for m in RANGES if rng.random() < 0.6] or ["nprs"]
        levels = {m: rng.uniform(*RANGES[m]) for m in taken}
        # A trend per measure, per visit, as a share of the measure's range (negative: it falls).
        trends = {m: rng.choice((-0.12, -0.05, 0.0, 0.04, 0.1)) for m in taken}
        baseline = {"date": start.isoformat(), **{m: _value(m, levels[m], rng) for m in taken}}
        if rng.random() < 0.5:
            baseline["findings"] = _findings(BASELINE_FINDINGS, rng, 0.2)
            baseline["age"] = rng.randrange(18, 90)
            baseline["sex"] = rng.choice(("female", "male"))
        body: dict = {"baseline": baseline, "visits": []}
        if rng.random() < 0.4:
            chosen = rng.sample(GOAL_MEASURES, rng.randrange(1, 4))
            body["goals"] = [{"measure": m, "target": rng.randrange(*RANGES[m]) // 2} for m in chosen]
        when = start
        for _ in range(rng.randrange(0, 13)):
            when += timedelta(days=rng.randrange(4, 15))
            visit: dict = {"date": when.isoformat()}
            for m in taken:
                low, high = RANGES[m]
                levels[m] += (trends[m] + rng.uniform(-0.06, 0.06)) * (high - low)
                if rng.random() < 0.85:
                    visit[m] = _value(m, levels[m], rng)
            if rng.random() < 0.5:
                visit["adherence"] = rng.randrange(0, 101)
            if rng.random() < 0.7:
                visit["findings"] = _findings(VISIT_FINDINGS, rng, 0.05)
            body["visits"].append(visit)
        series.append(body)
    return series


def _weekly(baseline: dict, values: list[dict], start: str = "2026-01-05", **extra) -> dict:
    first = date.fromisoformat(start)
    visits = [{"date": (first + timedelta(days=7 * (n + 1))).isoformat(), **v} for n, v in enumerate(values)]
    return {"baseline": {"date": start, **baseline}, "visits": visits, **extra}


HAND_WRITTEN_SERIES = [
    ("contract-v1", CONTRACT_REQUEST),
    ("contract-v2", V2_REQUEST),
    ("no-visits", _weekly({"nprs": 6}, [])),
    ("visit-without-measures", _weekly({"nprs": 6, "odi": 40}, [{}, {"findings": []}])),
    (
        "steady-recovery-to-goal",
        _weekly({"nprs": 8, "odi": 52}, [{"nprs": 8 - n, "odi": 52 - 6 * n} for n in range(8)]),
    ),
    ("plateau-then-tenth-visit", _weekly({"nprs": 5, "rmdq": 12}, [{"nprs": 5, "rmdq": 12}] * 11)),
    (
        "relapse-with-low-adherence",
        _weekly({"nprs": 7, "psfs": 3}, [{"nprs": 4, "psfs": 6}, {"nprs": 7, "psfs": 3, "adherence": 20}]),
    ),
    (
        "fabq-only-one-scale",
        _weekly({"nprs": 4, "fabq_pa": 18}, [{"nprs": 4, "fabq_pa": 20}, {"fabq_w": 36}]),
    ),
    (
        "cauda-equina-at-a-visit",
        _weekly(
            {"nprs": 6, "findings": []},
            [{"nprs": 6, "findings": ["saddle_anesthesia", "bladder_dysfunction"]}],
        ),
    ),
    (
        "psfs-goal",
        _weekly({"psfs": 3.5}, [{"psfs": 5.25}, {"psfs": 8}], goals=[{"measure": "psfs", "target": 7.5}]),
    ),
]


def progress_requests() -> list[tuple[str, dict]]:
    generated = generated_progress_series(200)
    return HAND_WRITTEN_SERIES + [(f"generated-{n}", body) for n, body in enumerate(generated)]
