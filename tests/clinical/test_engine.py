"""The suggestion engine over clinical vignettes and the contract example."""

import json
from dataclasses import replace

import pytest

from plans.clinical.catalog import load_catalog_json
from plans.clinical.engine import assessment_from_contract, suggest
from plans.clinical.vocabulary import CauseCode, ExerciseKind, Stage
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST, VIGNETTES

# Built in two parts so a repository-wide grep for the phrase finds only real copy.
BANNED_PHRASE = "bed" + " rest"
CATALOG = load_catalog_json()
EXERCISES = {e.slug: e for e in CATALOG.exercises}
MAX_LEVEL = {Stage.ACUTE: 1, Stage.SUBACUTE: 2, Stage.CHRONIC: 3}


def _run(request):
    return suggest(assessment_from_contract(request), CATALOG)


def _ids(vignettes):
    return [v["id"] for v in vignettes]


@pytest.fixture(params=VIGNETTES, ids=_ids(VIGNETTES))
def vignette(request):
    v = request.param
    return v, _run(v["request"])


def test_vignette_ids_unique():
    ids = _ids(VIGNETTES)
    assert len(ids) == len(set(ids))


def test_vignettes_cover_every_cause_twice():
    counts = {code: 0 for code in CauseCode.values}
    for v in VIGNETTES:
        if "cause" in v["expect"] and v["id"].split("-")[0] != "rf":
            counts[v["expect"]["cause"]] += 1
    assert all(n >= 2 for n in counts.values()), counts


def test_vignettes_are_json(tmp_path):
    assert json.loads(json.dumps(VIGNETTES)) == VIGNETTES


def test_triage_and_stage(vignette):
    v, result = vignette
    assert result.triage.level == v["expect"]["triage"], result.triage.as_dict()
    assert result.stage == v["expect"]["stage"]
    if not v["expect"]["plan"]:
        assert result.plan is None
        assert result.as_dict()["plan"] is None
    else:
        assert result.plan is not None


WITH_CAUSE = [v for v in VIGNETTES if "cause" in v["expect"]]


@pytest.mark.parametrize("v", WITH_CAUSE, ids=_ids(WITH_CAUSE))
def test_expected_cause(v):
    result = _run(v["request"])
    expected = v["expect"]["cause"]
    codes = [c.code for c in result.causes]
    ranking = [(c.code, c.score) for c in result.causes]
    if v["expect"]["rank"] == "first":
        assert codes[0] == expected, ranking
    else:
        assert expected in codes[:3], ranking


def test_causes_sorted_and_scored(vignette):
    _, result = vignette
    keys = [(-c.score, c.code) for c in result.causes]
    assert keys == sorted(keys)
    for c in result.causes:
        assert 0 <= c.score <= 1 and c.supporting
        assert round(c.score, 2) == c.score


def test_plan_safety(vignette):
    v, result = vignette
    if result.plan is None:
        return
    findings = set(v["request"]["findings"])
    plan = result.plan
    tested = plan.dp_basis == "tested"
    top3 = result.causes[:3]
    forbidden = set()
    strong_forbidden = set()  # from the first cause and any scoring 0.5 or more (Plan rules (v2) 1)
    for i, ranked in enumerate(top3):
        contraindicated = CATALOG.cause(ranked.code).contraindicated
        forbidden |= contraindicated
        if i == 0 or ranked.score >= 0.5:
            strong_forbidden |= contraindicated
    no_loaded = "vertebral_fracture" in [c.code for c in top3] or findings & {
        "osteoporosis",
        "long_term_corticosteroids",
    }
    exercises = [EXERCISES[p.slug] for p in plan.exercises]
    light = plan.care_pathway == "self_management" or result.causes_withheld
    assert (1 if light else 4) <= len(exercises) <= (3 if light else 7), [e.slug for e in exercises]
    kinds = [e.kind for e in exercises]
    assert all(kinds.count(k) <= 2 for k in kinds)
    for ex in exercises:
        tested_direction = tested and ex.kind == "directional_preference"
        assert ex.approved
        if tested_direction:
            assert ex.level <= 2
        else:
            assert result.stage in ex.stages
            assert ex.level <= MAX_LEVEL[result.stage]
        ruled_out = strong_forbidden if tested_direction else forbidden
        assert not (ex.properties & ruled_out), (ex.slug, ex.properties & ruled_out)
        if no_loaded:
            assert not ex.loaded_spinal_flexion
        if "peripheralizes_with_flexion" in findings:
            assert "spinal_flexion" not in ex.properties
        if "worse_with_extension_or_standing" in findings and not tested_direction:
            assert "spinal_extension" not in ex.properties
    education = [e.slug for e in plan.education]
    assert education[0] == "stay-active" and len(education) <= 5


def test_plan_referral_and_review(vignette):
    _, result = vignette
    if result.plan is None:
        return
    level = result.triage.level
    if level in ("urgent", "prompt"):
        assert result.plan.referral
        assert result.plan.review_in_days == 7
        return
    assert result.plan.referral is None
    expected = {
        "self_management": 28,
        "psychologically_informed": 7,
        "pt_exercise": 28 if result.stage == "chronic" else 14,
    }[result.plan.care_pathway]
    assert result.plan.review_in_days == expected


def test_deterministic_and_json(vignette):
    v, result = vignette
    first = result.as_dict()
    assert _run(v["request"]).as_dict() == first
    assert json.loads(json.dumps(first)) == first


def test_no_banned_rest_phrase_anywhere(vignette):
    _, result = vignette
    assert BANNED_PHRASE not in json.dumps(result.as_dict()).lower()


def test_no_banned_rest_phrase_in_sources():
    from plans.clinical import engine

    assert BANNED_PHRASE not in open(engine.__file__, encoding="utf-8").read().lower()


def test_contract_example():
    result = _run(CONTRACT_EXAMPLE_REQUEST)
    body = result.as_dict()
    assert body["triage"] == {"level": "none", "reasons": [], "flags": []}
    assert body["stage"] == "acute"
    assert body["scores"]["odi"] == {"percent": 35.6, "band": "moderate", "answered": 9, "valid": True}
    assert body["scores"]["startback"] == {"total": 5, "psychosocial": 4, "risk": "high"}
    assert body["scores"]["psfs"] == {"mean": 4.0, "items": 3}
    assert body["scores"]["rmdq"] == {"total": 9}
    assert body["scores"]["fabq"] == {"pa": 14, "w": 30, "pa_high": False, "w_high": False}
    assert body["rules_version"] == 2
    assert body["plan_hold"] is None
    assert body["causes_withheld"] is False and body["serious_pathology_suspected"] == []
    assert body["cpg_category"] == "cognitive_affective_tendencies"
    assert body["cpg_matches"] == ["cognitive_affective_tendencies", "mobility_deficits"]
    top = body["causes"][0]
    assert top["code"] == "muscle_strain_sprain"
    assert {"mechanism:lifting", "muscle_spasm"} <= set(top["supporting"])
    assert set(top) >= {"code", "score", "supporting", "against"}
    plan = body["plan"]
    assert set(plan) >= {"exercises", "education", "activity_advice", "referral", "goals", "review_in_days"}
    for ex in plan["exercises"]:
        assert set(ex) >= {
            "slug",
            "name",
            "kind",
            "loaded_spinal_flexion",
            "sets",
            "reps",
            "hold_seconds",
            "times_per_day",
            "days_per_week",
        }
        assert ex["kind"] in ExerciseKind.values
    assert {"slug": "stay-active", "title": "Keep moving"} in plan["education"]
    assert "understanding-pain" in [e["slug"] for e in plan["education"]]
    assert "lifting-and-carrying" in [e["slug"] for e in plan["education"]]
    assert plan["referral"] is None
    assert plan["review_in_days"] == 7  # STarT Back high risk
    assert plan["care_pathway"] == "psychologically_informed"
    assert plan["goals"] == [
        {"measure": "nprs", "target": 4, "comparator": "<=", "due_in_days": 28},
        {"measure": "odi", "target": 26, "comparator": "<=", "due_in_days": 28},
        {"measure": "rmdq", "target": 4, "comparator": "<=", "due_in_days": 28},
        {"measure": "psfs", "target": 6.0, "comparator": ">=", "due_in_days": 28},
    ]
    assert any("day or two of easier activity" in a for a in plan["activity_advice"])
    assert any("physician's decision" in n for n in plan["notes"])
    assert any("psychologically informed" in n for n in plan["notes"])


def test_no_loaded_flexion_with_osteoporosis_even_when_chronic_and_fit():
    request = dict(
        CONTRACT_EXAMPLE_REQUEST,
        duration_days=200,
        findings=["osteoporosis", "sedentary"],
        mechanism="none",
    )
    result = _run(request)
    assert result.plan is not None
    assert not any(e.loaded_spinal_flexion for e in result.plan.exercises)


def test_directional_preference_follows_tested_direction():
    disc = next(v for v in VIGNETTES if v["id"] == "disc-sciatica-peripheralizes")
    result = _run(disc["request"])
    dp = [EXERCISES[e.slug] for e in result.plan.exercises if e.kind == "directional_preference"]
    assert dp and all("spinal_extension" in e.properties for e in dp)
    stenosis = next(v for v in VIGNETTES if v["id"] == "central-stenosis-walking")
    result = _run(stenosis["request"])
    dp = [EXERCISES[e.slug] for e in result.plan.exercises if e.kind == "directional_preference"]
    assert dp and all("spinal_flexion" in e.properties for e in dp)


def test_unapproved_exercises_never_planned():
    unapproved = {e.slug for e in CATALOG.exercises if not e.approved}
    for v in VIGNETTES:
        result = _run(v["request"])
        if result.plan is not None:
            assert not unapproved & {e.slug for e in result.plan.exercises}


def test_catalog_without_approval_gives_empty_but_valid_plan():
    catalog = replace(CATALOG, exercises=tuple(replace(e, approved=False) for e in CATALOG.exercises))
    result = suggest(assessment_from_contract(CONTRACT_EXAMPLE_REQUEST), catalog)
    assert result.plan is not None and result.plan.exercises == ()


def test_evidence_labels_cover_every_derived_key() -> None:
    from plans.clinical.evidence import evidence_label

    assert evidence_label("bmi:30_plus") == "BMI 30 or more"
    assert evidence_label("mechanism:lifting") == "Mechanism: lifting"
    assert evidence_label("distribution:below_knee") == "Pain reaches: spreads below the knee"
    assert evidence_label("numbness") == "Numbness"
    assert evidence_label("mechanism:unknown_value") == "mechanism:unknown_value"
