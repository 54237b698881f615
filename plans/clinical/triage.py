"""Red-flag triage in tiers (shared/clinical-reference.md §2).

Each rule that fires gives a ``RedFlag``: the condition suspected, its tier, the facts that raised
it and what the therapist should do. The triage level is the most severe tier among them. Rules err
towards the higher tier where the reference leaves room: missing serious pathology costs more than
an extra referral.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plans.clinical.vocabulary import TRIAGE_SEVERITY, Finding, Mechanism, TriageLevel

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
PROGRESSIVE_DEFICIT = frozenset({F.PROGRESSIVE_WEAKNESS, F.BILATERAL_LEG_SYMPTOMS})
MYELOPATHY = frozenset({F.HYPERREFLEXIA, F.GAIT_DISTURBANCE})
BONE_FRAGILITY = frozenset({F.OSTEOPOROSIS, F.LONG_TERM_CORTICOSTEROIDS})
FRACTURE_SIGNS = frozenset({F.BONY_POINT_TENDERNESS, F.DEFORMITY})
# Long-term corticosteroids suppress immunity as well as thinning bone.
INFECTION_RISK = frozenset({F.IMMUNOSUPPRESSION, F.IV_DRUG_USE, F.LONG_TERM_CORTICOSTEROIDS})
INFECTION_SIGNS = frozenset({F.NIGHT_PAIN, F.PAIN_INTENSIFYING, F.BONY_POINT_TENDERNESS})
MALIGNANCY_SIGNS = frozenset({F.HISTORY_OF_CANCER, F.UNEXPLAINED_WEIGHT_LOSS, F.NIGHT_PAIN})

HIGH_ENERGY_MECHANISMS = frozenset({Mechanism.VEHICLE_COLLISION})
MINOR_TRAUMA_MECHANISMS = frozenset({Mechanism.FALL, Mechanism.SPORTS_INJURY})
FRAGILITY_MECHANISMS = MINOR_TRAUMA_MECHANISMS | {
    Mechanism.LIFTING,
    Mechanism.AWKWARD_MOVEMENT,
    Mechanism.STRENUOUS_EXERCISE,
}
OLDER_AGE = 65
RECENT_INJURY_DAYS = 14
NEW_PAIN_DAYS = 42
MALIGNANCY_AGE_OVER = 50
MALIGNANCY_AGE_UNDER = 20


@dataclass(frozen=True)
class RedFlag:
    condition: str
    level: TriageLevel
    reasons: tuple[str, ...]
    action: str

    def as_dict(self) -> dict:
        return {
            "condition": self.condition,
            "level": self.level.value,
            "reasons": list(self.reasons),
            "action": self.action,
        }


@dataclass(frozen=True)
class Triage:
    level: TriageLevel
    reasons: tuple[str, ...]
    flags: tuple[RedFlag, ...]

    @property
    def blocks_plan(self) -> bool:
        return self.level == TriageLevel.EMERGENCY

    def as_dict(self) -> dict:
        return {
            "level": self.level.value,
            "reasons": list(self.reasons),
            "flags": [flag.as_dict() for flag in self.flags],
        }


def _infection_signs(found: frozenset[str]) -> tuple[str, ...]:
    """Pain patterns that, with a risk factor, suggest infection; with steroids alone, a tender bone
    points to a fragility fracture instead."""
    signs = (
        INFECTION_SIGNS
        if found & {F.IMMUNOSUPPRESSION, F.IV_DRUG_USE}
        else INFECTION_SIGNS - {F.BONY_POINT_TENDERNESS}
    )
    return _present(found, signs)


def _present(findings: frozenset[str], codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(str(c) for c in codes if c in findings))


def assess_red_flags(
    *,
    findings: Iterable[str],
    age: int | None = None,
    mechanism: str | None = None,
    region: str | None = None,
    duration_days: int | None = None,
) -> Triage:
    """Triage an assessment, or a visit's findings alone (age and history then unknown)."""
    found = frozenset(findings)
    flags: list[RedFlag] = []

    def flag(condition: str, level: TriageLevel, reasons: Iterable[str], action: str) -> None:
        flags.append(RedFlag(condition, level, tuple(dict.fromkeys(reasons)), action))

    neuro = _present(found, NEURO_SIGNS)
    mechanism_key = f"mechanism:{mechanism}" if mechanism else None
    older = age is not None and age >= OLDER_AGE

    # Emergency tier.
    if ces := _present(found, CAUDA_EQUINA):
        flag(
            "Suspected cauda equina syndrome",
            TriageLevel.EMERGENCY,
            ces + _present(found, {F.BILATERAL_LEG_SYMPTOMS}),
            "Send to the emergency department now, for MRI within hours; do not start exercise",
        )
    if F.TEARING_PAIN in found:
        flag(
            "Suspected aortic aneurysm or dissection",
            TriageLevel.EMERGENCY,
            [F.TEARING_PAIN],
            "Call the emergency services now; do not treat",
        )
    if F.CARDIAC_SYMPTOMS in found:
        flag(
            "Possible cardiac cause of the pain",
            TriageLevel.EMERGENCY,
            [F.CARDIAC_SYMPTOMS],
            "Send to the emergency department now to rule out a cardiac cause; do not treat",
        )
    recent_injury = duration_days is None or duration_days <= RECENT_INJURY_DAYS
    if mechanism in HIGH_ENERGY_MECHANISMS and recent_injury:
        flag(
            "Major trauma: possible unstable spinal fracture",
            TriageLevel.EMERGENCY,
            [mechanism_key, *neuro, *_present(found, FRACTURE_SIGNS)],
            "Keep the patient still and send to the emergency department for imaging",
        )
    elif mechanism in HIGH_ENERGY_MECHANISMS:
        flag(
            "Earlier major trauma: a fracture may have been missed",
            TriageLevel.URGENT if neuro else TriageLevel.PROMPT,
            [mechanism_key, *neuro, *_present(found, FRACTURE_SIGNS)],
            "Physician review for imaging before loading the spine, unless it was already cleared",
        )
    elif mechanism == Mechanism.FALL and neuro and recent_injury:
        flag(
            "Fall with neurological signs: possible spinal fracture or cord injury",
            TriageLevel.EMERGENCY,
            [mechanism_key, *neuro],
            "Keep the patient still and send to the emergency department for imaging",
        )
    elif mechanism == Mechanism.FALL and neuro:
        flag(
            "Earlier fall with neurological signs",
            TriageLevel.URGENT,
            [mechanism_key, *neuro],
            "Same-day physician review for imaging before exercise",
        )

    # Urgent tier.
    if mechanism == Mechanism.SPORTS_INJURY and neuro:
        flag(
            "Sports injury with neurological signs",
            TriageLevel.URGENT,
            [mechanism_key, *neuro],
            "Same-day physician review to exclude a fracture or nerve injury before exercise",
        )
    if progressive := _present(found, PROGRESSIVE_DEFICIT):
        flag(
            "Progressive or bilateral neurological deficit",
            TriageLevel.URGENT,
            progressive,
            "Same-day physician or spinal team review for MRI",
        )
    if (myelopathy := _present(found, MYELOPATHY)) and F.PROGRESSIVE_WEAKNESS in found:
        flag(
            "Progressing spinal cord compression (myelopathy)",
            TriageLevel.EMERGENCY,
            [*myelopathy, F.PROGRESSIVE_WEAKNESS],
            "Send to the emergency department now for MRI; do not start exercise",
        )
    elif myelopathy:
        flag(
            "Signs of spinal cord compression (myelopathy)",
            TriageLevel.URGENT,
            myelopathy,
            "Same-day spinal team review and MRI; no manipulation or end-range loading",
        )
    if F.HISTORY_OF_CANCER in found and neuro:
        flag(
            "Suspected metastatic spinal cord compression",
            TriageLevel.URGENT,
            [F.HISTORY_OF_CANCER, *neuro],
            "Same-day oncology or spinal team contact for whole-spine MRI",
        )
    if F.FEVER in found:
        flag(
            "Suspected spinal infection",
            TriageLevel.URGENT,
            [F.FEVER, *_present(found, INFECTION_RISK)],
            "Same-day physician review (emergency department if the physician cannot be reached)",
        )
    elif (risk := _present(found, INFECTION_RISK)) and (worrying := _infection_signs(found)):
        # Fever is absent in about half of spinal abscesses: risk plus a worrying pain pattern is enough.
        flag(
            "Suspected spinal infection",
            TriageLevel.URGENT,
            [*risk, *worrying],
            "Same-day physician review (emergency department if the physician cannot be reached)",
        )
    elif risk := _present(found, INFECTION_RISK):
        flag(
            "Raised risk of spinal infection",
            TriageLevel.PROMPT,
            risk,
            "Physician review within days; urgent if fever or feeling unwell appears",
        )

    # Prompt tier.
    malignancy = _present(found, MALIGNANCY_SIGNS)
    if malignancy:
        age_flag = age is not None and (age > MALIGNANCY_AGE_OVER or age < MALIGNANCY_AGE_UNDER)
        flag(
            "Possible spinal malignancy",
            TriageLevel.PROMPT,
            [*malignancy, *(["age"] if age_flag else [])],
            "Physician referral within days for blood tests and imaging (urgent MRI when cancer is known)",
        )
    fragility = _present(found, BONE_FRAGILITY)
    fracture_signs = _present(found, FRACTURE_SIGNS)
    # Thin bones can break with no injury at all: new pain is enough to suspect it.
    new_pain = duration_days is not None and duration_days < NEW_PAIN_DAYS
    suspected_fragility_fracture = fragility and (
        mechanism in FRAGILITY_MECHANISMS or fracture_signs or new_pain
    )
    if suspected_fragility_fracture and neuro:
        flag(
            "Suspected fragility fracture with neurological signs",
            TriageLevel.URGENT,
            [
                *fragility,
                *([mechanism_key] if mechanism in FRAGILITY_MECHANISMS else []),
                *fracture_signs,
                *neuro,
            ],
            "Same-day physician or spinal team review for imaging; no loading until cleared",
        )
    elif suspected_fragility_fracture:
        flag(
            "Suspected osteoporotic compression fracture",
            TriageLevel.PROMPT,
            [
                *fragility,
                *([mechanism_key] if mechanism in FRAGILITY_MECHANISMS else []),
                *fracture_signs,
                *(["age"] if older else []),
            ],
            "Physician referral within days for an X-ray; no loaded spinal flexion meanwhile",
        )
    elif mechanism in MINOR_TRAUMA_MECHANISMS and (older or fracture_signs):
        flag(
            "Possible fracture after a minor injury",
            TriageLevel.PROMPT,
            [mechanism_key, *(["age"] if older else []), *fracture_signs],
            "Physician referral within days for an X-ray before loading the spine",
        )
    elif F.DEFORMITY in found:
        flag(
            "Spinal deformity",
            TriageLevel.PROMPT,
            [F.DEFORMITY],
            "Physician referral within days to look for a fracture",
        )
    if F.SEVERE_MORNING_STIFFNESS in found:
        flag(
            "Possible inflammatory back pain (axial spondyloarthritis)",
            TriageLevel.PROMPT,
            [F.SEVERE_MORNING_STIFFNESS],
            "Physician referral within days for a rheumatology opinion",
        )

    flags.sort(key=lambda f: -TRIAGE_SEVERITY[f.level])
    if not flags:
        return Triage(level=TriageLevel.NONE, reasons=(), flags=())
    level = flags[0].level
    # The reasons are what raised the level; lower-tier flags stay listed with their own reasons.
    reasons = tuple(dict.fromkeys(str(r) for f in flags if f.level == level for r in f.reasons if r))
    return Triage(level=level, reasons=reasons, flags=tuple(flags))
