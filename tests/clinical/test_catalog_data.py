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
    assert len(catalog.exercises) >= 40
    kinds = Counter(e.kind for e in catalog.exercises)
    for kind in ExerciseKind.values:
        assert kinds[kind] >= 3, kind
    assert sum(not e.approved for e in catalog.exercises) >= 2
    assert any(e.loaded_spinal_flexion for e in catalog.exercises)


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
        assert ex.dose.reps is not None or ex.dose.hold_seconds is not None, ex.slug
        assert ex.dose.reps is None or ex.dose.reps >= 1
        assert ex.dose.hold_seconds is None or ex.dose.hold_seconds >= 1
        assert ex.instructions.startswith("1. ")
        assert ex.name and ex.cues and ex.if_it_hurts and ex.precautions and ex.media_note


def test_dosing_conventions(catalog):
    for ex in catalog.exercises:
        if ex.kind == ExerciseKind.AEROBIC:
            assert ex.dose.sets == 1 and ex.dose.reps is None and ex.dose.hold_seconds >= 600, ex.slug
        if ex.kind == ExerciseKind.STRENGTHENING:
            assert 2 <= ex.dose.sets <= 3 and 8 <= ex.dose.reps <= 12 and ex.dose.days_per_week >= 2, ex.slug
        if ex.kind == ExerciseKind.BALANCE:
            assert ex.dose.days_per_week >= 2, ex.slug
        if ex.kind == ExerciseKind.STABILIZATION and ex.dose.hold_seconds is not None:
            assert 5 <= ex.dose.hold_seconds <= 10, ex.slug
        if ex.kind == ExerciseKind.DIRECTIONAL_PREFERENCE:
            assert ex.dose.times_per_day == 6, ex.slug


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
