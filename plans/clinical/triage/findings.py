"""The findings, mechanisms and ages the triage rules read (clinical-reference.md §2, §8)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plans.clinical.vocabulary import Finding, Mechanism, TriageFlag

F = Finding
NEURO_SIGNS = frozenset(
    {
        F.NUMBNESS,
        F.TINGLING,
        F.WEAKNESS,
        F.REFLEX_LOSS,
        F.PROGRESSIVE_WEAKNESS,
        F.BILATERAL_LEG_SYMPTOMS,
        F.GAIT_DISTURBANCE,
        F.HYPERREFLEXIA,
        F.SADDLE_ANESTHESIA,
        F.BLADDER_DYSFUNCTION,
        F.BOWEL_INCONTINENCE,
    }
)
CAUDA_EQUINA = frozenset({F.SADDLE_ANESTHESIA, F.BLADDER_DYSFUNCTION, F.BOWEL_INCONTINENCE})
MYELOPATHY = frozenset({F.HYPERREFLEXIA, F.GAIT_DISTURBANCE})
# Deficits whose progression (or first appearance at a visit) needs same-day review.
TRACKED_DEFICITS = frozenset({F.WEAKNESS, F.REFLEX_LOSS, F.NUMBNESS})
BONE_FRAGILITY = frozenset({F.OSTEOPOROSIS, F.LONG_TERM_CORTICOSTEROIDS})
FRACTURE_SIGNS = frozenset({F.BONY_POINT_TENDERNESS, F.DEFORMITY})
# Long-term corticosteroids suppress immunity as well as thinning bone.
INFECTION_RISK = frozenset({F.IMMUNOSUPPRESSION, F.IV_DRUG_USE, F.LONG_TERM_CORTICOSTEROIDS})
INFECTION_SIGNS = frozenset({F.NIGHT_PAIN, F.PAIN_INTENSIFYING, F.BONY_POINT_TENDERNESS})
MALIGNANCY_SIGNS = frozenset({F.HISTORY_OF_CANCER, F.UNEXPLAINED_WEIGHT_LOSS, F.NIGHT_PAIN})
INFLAMMATORY_FEATURES = frozenset(
    {
        F.SEVERE_MORNING_STIFFNESS,
        F.BETTER_WITH_EXERCISE_NOT_REST,
        F.NIGHT_WAKING_SECOND_HALF,
        F.ALTERNATING_BUTTOCK_PAIN,
    }
)
# Findings that belong to the patient, not to one visit: carried from the baseline to every visit.
HISTORY_FINDINGS = frozenset(
    {F.HISTORY_OF_CANCER, F.OSTEOPOROSIS, F.LONG_TERM_CORTICOSTEROIDS, F.IMMUNOSUPPRESSION, F.IV_DRUG_USE}
)

INJURY_MECHANISMS = frozenset({Mechanism.FALL, Mechanism.VEHICLE_COLLISION, Mechanism.SPORTS_INJURY})
TRAUMA_NEURO_MECHANISMS = frozenset({Mechanism.FALL, Mechanism.VEHICLE_COLLISION})
FRAGILITY_MECHANISMS = frozenset(
    {
        Mechanism.FALL,
        Mechanism.SPORTS_INJURY,
        Mechanism.LIFTING,
        Mechanism.AWKWARD_MOVEMENT,
        Mechanism.STRENUOUS_EXERCISE,
    }
)
# The flags that say "suspect a fracture from an injury or thin bone"; minor_trauma and deformity
# defer to them, and fracture-first cause ordering follows them.
TRAUMA_OR_FRAGILITY_FLAGS = frozenset(
    {
        TriageFlag.MAJOR_TRAUMA,
        TriageFlag.EARLIER_MAJOR_TRAUMA,
        TriageFlag.TRAUMA_NEURO,
        TriageFlag.COLLISION_FRACTURE_SIGNS,
        TriageFlag.FALL_FRACTURE_SIGNS,
        TriageFlag.MINOR_TRAUMA,
        TriageFlag.FRAGILITY_FRACTURE,
    }
)

OLDER_AGE = 65
FRAGILITY_AGE = 70  # without an injury, for men; OLDER_AGE for everyone else (sex unknown included)
RECENT_INJURY_DAYS = 14
NEW_PAIN_DAYS = 42
LONG_STANDING_DAYS = 84
MALIGNANCY_AGE_OVER = 50
MALIGNANCY_AGE_UNDER = 20
ADOLESCENT_AGE_UNDER = 20
INFLAMMATORY_ONSET_AGE_UNDER = 45
INFLAMMATORY_MIN_DAYS = 90
INFLAMMATORY_MIN_FEATURES = 2

EMERGENCY_IMAGING = "Keep the patient still and send to the emergency department for imaging"
SAME_DAY_IMAGING = "Same-day physician review for imaging; no spinal loading until cleared"


@dataclass(frozen=True)
class Case:
    findings: frozenset[str]
    age: int | None = None
    sex: str | None = None
    mechanism: str | None = None
    onset: str | None = None
    duration_days: int | None = None
    # A follow-up visit: mechanism, onset and duration are unknown, so rules that need them stay off.
    at_visit: bool = False
    bilateral_known: bool = False
    new_deficits: tuple[str, ...] = ()


def present(findings: frozenset[str], codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(str(c) for c in codes if c in findings))
