"""Integrity of the seed catalogue in plans/data (causes, exercises, education)."""

import json
from collections import Counter

import pytest

from plans.clinical.catalog import DATA_DIR, load_catalog_json
from plans.clinical.vocabulary import (
    CauseCode,
    EducationCategory,
    ExerciseKind,
    ExerciseProperty,
    Finding,
    Mechanism,
    Onset,
    PainDistribution,
    Region,
    Stage,
    TargetRegion,
)

# Built in two parts so a repository-wide grep for the phrase finds only real copy.
BANNED_PHRASE = "bed" + " rest"
DERIVED_KEYS = {
    "age:under_20",
    "age:under_30",
    "age:30_plus",
    "age:under_40",
    "age:50_plus",
    "age:65_plus",
    "bmi:30_plus",
    "onset_age:under_45",
    "duration:over_90_days",
    "recurrent",
    "startback:high",
}
PREFIXED = {
    "mechanism": set(Mechanism.values),
    "onset": set(Onset.values),
    "region": set(Region.values),
    "distribution": set(PainDistribution.values),
    "stage": set(Stage.values),
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog_json()


def _valid_evidence_key(key: str) -> bool:
    if key in Finding.values or key in DERIVED_KEYS:
        return True
    prefix, _, value = key.partition(":")
    return value in PREFIXED.get(prefix, set())


def test_every_cause_code_present_once(catalog):
    codes = [c.code for c in catalog.causes]
    assert sorted(codes) == sorted(CauseCode.values)
    assert len(codes) == len(set(codes))


def test_cause_fields_are_valid(catalog):
    slugs = {e.slug for e in catalog.education}
    for cause in catalog.causes:
        # Non-specific mechanical pain only fills in when no cause fits (api-contract.md "Cause rules").
        assert bool(cause.supporting) is (cause.code != CauseCode.NONSPECIFIC_MECHANICAL), cause.code
        for key, weight in cause.supporting + cause.against:
            assert _valid_evidence_key(key), (cause.code, key)
            assert 0 <= weight <= 1, (cause.code, key)
        assert cause.contraindicated <= set(ExerciseProperty.values), cause.code
        assert cause.preferred_kinds and set(cause.preferred_kinds) <= set(ExerciseKind.values)
        assert len(set(cause.preferred_kinds)) == len(cause.preferred_kinds)
        assert set(cause.education) <= slugs, cause.code
        assert cause.name and cause.description and cause.precautions and cause.referral_note


def test_required_contraindications(catalog):
    def contra(code):
        return catalog.cause(code).contraindicated

    assert "loaded_spinal_flexion" in contra(CauseCode.VERTEBRAL_FRACTURE)
    assert "loaded_spinal_flexion" in contra(CauseCode.AGE_RELATED_DEGENERATION)
    assert "spinal_flexion" in contra(CauseCode.HERNIATED_DISC)
    assert "spinal_extension" in contra(CauseCode.CENTRAL_CANAL_STENOSIS)
    assert "spinal_extension" in contra(CauseCode.FORAMINAL_STENOSIS)


def test_exercise_counts(catalog):
    approved = [e for e in catalog.exercises if e.approved]
    assert len(approved) >= 80
    kinds = Counter(e.kind for e in approved)
    for kind in ExerciseKind.values:
        assert kinds[kind] >= (2 if kind == ExerciseKind.GRADED_ACTIVITY else 3), kind
    assert sum(not e.approved for e in catalog.exercises) >= 4
    assert any(e.loaded_spinal_flexion for e in catalog.exercises)
    # Loaded spinal flexion has no place in a back plan: none of it is approved.
    assert not any(e.loaded_spinal_flexion for e in approved)
    for slug in ("sit-up", "crunch"):
        assert not catalog.exercise(slug).approved, slug


def test_properties_follow_body_position(catalog):
    def having(prop):
        return {e.slug for e in catalog.exercises if prop in e.properties}

    assert {"prone-lying", "prone-on-elbows", "prone-press-up", "front-plank", "front-plank-knees"} <= having(
        "prone"
    )
    assert "bird-dog" not in having("prone")
    assert {"glute-bridge", "dead-bug", "pelvic-tilt", "mcgill-curl-up", "heel-slide"} <= having("supine")
    assert {"pelvic-tilt", "knee-to-chest", "flexion-in-standing", "slump-slider"} <= having("spinal_flexion")
    assert "side-glide-at-wall" in having("lateral_glide")
    assert {"single-leg-stance", "tandem-stance", "tandem-walk", "single-leg-reach"} == having(
        "unsupported_balance"
    )
    assert {"stationary-cycling", "water-walking"} <= having("non_weight_bearing")
    # Spine-sparing (Too Fit To Fracture) and pregnancy-friendly items keep clear of the excluded properties.
    for slug in ("back-extensor-isometrics", "wall-push-up", "sit-to-stand", "supported-tandem-stance"):
        assert not catalog.exercise(slug).properties, slug
    for slug in (
        "pelvic-floor-transversus",
        "side-lying-leg-lift",
        "standing-pelvic-stability",
        "positions-of-ease",
    ):
        assert not catalog.exercise(slug).properties & {"prone", "supine", "high_impact"}, slug


def test_target_regions(catalog):
    region = {e.slug: e.target_region for e in catalog.exercises}
    assert region["chin-tuck"] == "cervical"
    assert region["rib-glide-breathing"] == region["open-book-rotation"] == "thoracic"
    assert region["walking-program"] == region["stationary-cycling"] == region["sit-to-stand"] == "general"
    assert region["glute-bridge"] == region["prone-press-up"] == "lumbar"


def test_nerve_glides_grade_from_slider_to_tensioner(catalog):
    for slider in ("supine-nerve-glide", "femoral-nerve-slider"):
        spec = catalog.exercise(slider)
        assert spec.level == 1 and "acute" in spec.stages, slider
    assert catalog.exercise("femoral-nerve-slider").harder == "femoral-nerve-tensioner"
    assert catalog.exercise("femoral-nerve-tensioner").level == 3
    assert catalog.exercise("supine-nerve-glide").harder == "sciatic-nerve-slider"


def test_graded_activity_quota_in_instructions(catalog):
    items = [e for e in catalog.exercises if e.kind == ExerciseKind.GRADED_ACTIVITY]
    assert {e.slug for e in items} == {"graded-activity-plan", "graded-exposure-plan"}
    for ex in items:
        assert ex.dose.reps is None and ex.dose.hold_seconds is None, ex.slug
        text = ex.instructions.lower()
        assert "not when" in text or "not by how much it hurts" in text, ex.slug


def test_exercise_fields_are_valid(catalog):
    slugs = [e.slug for e in catalog.exercises]
    assert len(slugs) == len(set(slugs))
    for ex in catalog.exercises:
        assert ex.kind in ExerciseKind.values
        assert ex.properties <= set(ExerciseProperty.values), ex.slug
        assert ex.loaded_spinal_flexion == ("loaded_spinal_flexion" in ex.properties), ex.slug
        assert ex.stages and ex.stages <= set(Stage.values), ex.slug
        assert ex.level in (1, 2, 3)
        assert ex.dose.sets >= 1 and ex.dose.times_per_day >= 1 and 1 <= ex.dose.days_per_week <= 7
        if ex.kind != ExerciseKind.GRADED_ACTIVITY:
            assert ex.dose.reps is not None or ex.dose.hold_seconds is not None, ex.slug
        assert ex.dose.reps is None or ex.dose.reps >= 1
        assert ex.dose.hold_seconds is None or ex.dose.hold_seconds >= 1
        assert ex.instructions.startswith("1. ")
        assert ex.name and ex.cues and ex.if_it_hurts and ex.media_note
        assert "none usual" not in ex.precautions.lower(), ex.slug
        assert ex.target_region in TargetRegion.values, ex.slug


def test_dosing_conventions(catalog):
    for ex in catalog.exercises:
        if ex.kind == ExerciseKind.AEROBIC and ex.slug != "interval-walking":
            assert ex.dose.sets == 1 and ex.dose.reps is None and ex.dose.hold_seconds >= 600, ex.slug
        if ex.kind == ExerciseKind.STRENGTHENING:
            assert 2 <= ex.dose.sets <= 3 and ex.dose.days_per_week >= 2, ex.slug
            if ex.dose.reps is None:  # carries and wall sits: timed sets
                assert 20 <= ex.dose.hold_seconds <= 60, ex.slug
            else:
                assert 8 <= ex.dose.reps <= 12, ex.slug
        if ex.kind == ExerciseKind.BALANCE:
            assert ex.dose.days_per_week >= 2, ex.slug
        if ex.kind == ExerciseKind.STABILIZATION and ex.dose.hold_seconds is not None:
            assert 5 <= ex.dose.hold_seconds <= 10, ex.slug
        if ex.kind == ExerciseKind.DIRECTIONAL_PREFERENCE:
            assert ex.dose.times_per_day == 6, ex.slug
    walk = next(e for e in catalog.exercises if e.slug == "interval-walking")
    assert (walk.dose.sets, walk.dose.reps, walk.dose.hold_seconds) == (2, None, 300)


def test_variant_links_mutual_and_resolvable(catalog):
    by_slug = {e.slug: e for e in catalog.exercises}
    for ex in catalog.exercises:
        if ex.harder is not None:
            assert ex.harder in by_slug, ex.slug
            assert by_slug[ex.harder].easier == ex.slug, ex.slug
            assert by_slug[ex.harder].level >= ex.level
        if ex.easier is not None:
            assert ex.easier in by_slug, ex.slug
            assert by_slug[ex.easier].harder == ex.slug, ex.slug
        assert ex.harder != ex.slug and ex.easier != ex.slug


def test_education(catalog):
    assert len(catalog.education) >= 12
    slugs = [e.slug for e in catalog.education]
    assert len(slugs) == len(set(slugs))
    stay = catalog.education_item("stay-active")
    assert stay is not None and stay.title == "Keep moving"
    for slug in ("flare-up-plan", "understanding-pain", "when-to-seek-help", "pelvic-girdle-pain"):
        assert catalog.education_item(slug) is not None, slug
    assert "belt" in catalog.education_item("pelvic-girdle-pain").body
    for item in catalog.education:
        assert item.category in EducationCategory.values
        assert item.title and item.summary and item.body


@pytest.mark.parametrize("name", ["causes.json", "exercises.json", "education.json"])
def test_files_sorted_and_free_of_banned_phrase(name):
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    assert BANNED_PHRASE not in text.lower()
    rows = json.loads(text)
    keys = [row.get("code") or row.get("slug") for row in rows]
    assert keys == sorted(keys)
