"""Red-flag triage in tiers (shared/api-contract.md "Triage rules (v2)", clinical-reference.md §2, §8).

Each rule that fires gives a ``RedFlag``: its code in the contract's table, the condition suspected,
its tier, the facts that raised it and what the therapist should do. The triage level is the most
severe tier among them; flags are listed most severe first, then in the table's order. Rules err
towards the higher tier where the reference leaves room: missing serious pathology costs more than
an extra referral.

``assess_red_flags`` triages an assessment; ``screen_visit`` triages a follow-up visit, with the
episode's history when the baseline findings are known (§8.3).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plans.clinical.vocabulary import TRIAGE_SEVERITY, Finding, Mechanism, Onset, Sex, TriageFlag, TriageLevel

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
class RedFlag:
    code: str
    condition: str
    level: TriageLevel
    reasons: tuple[str, ...]
    action: str

    def as_dict(self) -> dict:
        return {
            "code": self.code,
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
        """No plan is suggested at all."""
        return self.level == TriageLevel.EMERGENCY

    @property
    def holds_plan(self) -> bool:
        """A plan may be suggested but not approved until a referral (or, if urgent, an override)."""
        return self.level in (TriageLevel.EMERGENCY, TriageLevel.URGENT)

    def plan_hold(self) -> dict | None:
        """The contract's ``plan_hold``: null unless urgent or emergency."""
        if not self.holds_plan:
            return None
        release = ["referral_recorded"]
        if self.level == TriageLevel.URGENT:
            release.append("override")
        return {"level": self.level.value, "reasons": list(self.reasons), "release": release}

    def as_dict(self) -> dict:
        return {
            "level": self.level.value,
            "reasons": list(self.reasons),
            "flags": [flag.as_dict() for flag in self.flags],
        }


@dataclass(frozen=True)
class _Case:
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


def _present(findings: frozenset[str], codes: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(str(c) for c in codes if c in findings))


def _red_flags(case: _Case) -> list[RedFlag]:
    """Every rule that fires, in the contract's table order."""
    found = case.findings
    age = case.age
    flags: list[RedFlag] = []

    def flag(
        code: str, level: TriageLevel, reasons: Iterable[str | None], condition: str, action: str
    ) -> None:
        flags.append(
            RedFlag(str(code), condition, level, tuple(dict.fromkeys(str(r) for r in reasons if r)), action)
        )

    neuro = _present(found, NEURO_SIGNS)
    ces = _present(found, CAUDA_EQUINA)
    fracture_signs = _present(found, FRACTURE_SIGNS)
    fracture_excluded = F.FRACTURE_EXCLUDED in found
    high_energy = F.HIGH_ENERGY_TRAUMA in found
    trauma_rules = not case.at_visit
    mechanism = case.mechanism
    mechanism_key = f"mechanism:{mechanism}" if mechanism and mechanism != Mechanism.NONE else None
    injury = mechanism in INJURY_MECHANISMS
    # An unknown duration counts as recent: the safer reading for an injury.
    recent = case.duration_days is None or case.duration_days <= RECENT_INJURY_DAYS
    older = age is not None and age >= OLDER_AGE
    he_key = F.HIGH_ENERGY_TRAUMA if high_energy else None

    # Emergency conditions.
    if ces:
        flag(
            TriageFlag.CAUDA_EQUINA,
            TriageLevel.EMERGENCY,
            [*ces, *_present(found, {F.BILATERAL_LEG_SYMPTOMS})],
            "Suspected cauda equina syndrome",
            "Send to the emergency department now, for MRI within hours; do not start exercise",
        )
    if F.TEARING_PAIN in found:
        flag(
            TriageFlag.AORTIC,
            TriageLevel.EMERGENCY,
            [F.TEARING_PAIN],
            "Suspected aortic aneurysm or dissection",
            "Call the emergency services now; do not treat",
        )
    if F.CARDIAC_SYMPTOMS in found:
        flag(
            TriageFlag.CARDIAC,
            TriageLevel.EMERGENCY,
            [F.CARDIAC_SYMPTOMS],
            "Possible cardiac cause of the pain",
            "Send to the emergency department now to rule out a cardiac cause; do not treat",
        )

    # Trauma (§8.1).
    if trauma_rules and high_energy and not fracture_excluded:
        if recent:
            flag(
                TriageFlag.MAJOR_TRAUMA,
                TriageLevel.EMERGENCY,
                [F.HIGH_ENERGY_TRAUMA, mechanism_key, *neuro, *fracture_signs],
                "Major trauma: possible unstable spinal fracture",
                EMERGENCY_IMAGING,
            )
        else:
            flag(
                TriageFlag.EARLIER_MAJOR_TRAUMA,
                TriageLevel.PROMPT,
                [F.HIGH_ENERGY_TRAUMA, mechanism_key, *fracture_signs],
                "Earlier major trauma: a fracture may have been missed",
                "Physician referral within days for imaging before loading the spine",
            )
    if trauma_rules and (mechanism in TRAUMA_NEURO_MECHANISMS or high_energy) and neuro:
        if recent:
            flag(
                TriageFlag.TRAUMA_NEURO,
                TriageLevel.EMERGENCY,
                [mechanism_key, he_key, *neuro],
                "Injury with neurological signs: possible spinal fracture or cord injury",
                EMERGENCY_IMAGING,
            )
        else:
            flag(
                TriageFlag.TRAUMA_NEURO,
                TriageLevel.URGENT,
                [mechanism_key, he_key, *neuro],
                "Earlier injury with neurological signs",
                "Same-day physician review for imaging before exercise",
            )
    no_he_fracture_signs = (
        trauma_rules and fracture_signs and recent and not high_energy and not fracture_excluded
    )
    if no_he_fracture_signs and mechanism == Mechanism.VEHICLE_COLLISION:
        # An unrecorded motorway crash must not be down-triaged: energy unknown counts as high here.
        flag(
            TriageFlag.COLLISION_FRACTURE_SIGNS,
            TriageLevel.EMERGENCY,
            [mechanism_key, *fracture_signs],
            "Vehicle collision with signs of a spinal fracture",
            EMERGENCY_IMAGING,
        )
    if no_he_fracture_signs and mechanism == Mechanism.FALL and not neuro:
        flag(
            TriageFlag.FALL_FRACTURE_SIGNS,
            TriageLevel.URGENT,
            [mechanism_key, *fracture_signs, "age" if older else None],
            "Fall with signs of a spinal fracture",
            SAME_DAY_IMAGING,
        )
    if mechanism == Mechanism.SPORTS_INJURY and neuro:
        flag(
            TriageFlag.SPORTS_NEURO,
            TriageLevel.URGENT,
            [mechanism_key, *neuro],
            "Sports injury with neurological signs",
            "Same-day physician review to exclude a fracture or nerve injury before exercise",
        )

    # Cord and nerve compromise.
    if (myelopathy := _present(found, MYELOPATHY)) and F.PROGRESSIVE_WEAKNESS in found:
        flag(
            TriageFlag.MYELOPATHY_PROGRESSING,
            TriageLevel.EMERGENCY,
            [*myelopathy, F.PROGRESSIVE_WEAKNESS],
            "Progressing spinal cord compression (myelopathy)",
            "Send to the emergency department now for MRI; do not start exercise",
        )
    elif myelopathy:
        flag(
            TriageFlag.MYELOPATHY,
            TriageLevel.URGENT,
            myelopathy,
            "Signs of spinal cord compression (myelopathy)",
            "Same-day spinal team review and MRI; no manipulation or end-range loading",
        )
    deficit: list[str] = []
    if F.PROGRESSIVE_WEAKNESS in found:
        deficit.append(F.PROGRESSIVE_WEAKNESS)
    if F.SYMPTOMS_PROGRESSING in found and (progressing := _present(found, TRACKED_DEFICITS)):
        deficit += [F.SYMPTOMS_PROGRESSING, *progressing]
    for code in case.new_deficits:
        deficit += [code, f"new_deficit:{code}"]
    if deficit:
        flag(
            TriageFlag.PROGRESSIVE_DEFICIT,
            TriageLevel.URGENT,
            deficit,
            "New or progressive neurological deficit",
            "Same-day physician or spinal team review for MRI",
        )
    if F.BILATERAL_LEG_SYMPTOMS in found:
        progressing = bool(found & {F.SYMPTOMS_PROGRESSING, F.PROGRESSIVE_WEAKNESS})
        if case.at_visit:
            stable = case.bilateral_known and not progressing
        else:
            long_standing = case.duration_days is not None and case.duration_days > LONG_STANDING_DAYS
            stable = long_standing and not progressing
        claudication = {F.WALKING_INTOLERANCE, F.RELIEF_WITH_SITTING_OR_FLEXION} <= found
        if not stable:
            flag(
                TriageFlag.BILATERAL_LEG,
                TriageLevel.URGENT,
                [F.BILATERAL_LEG_SYMPTOMS, *_present(found, {F.SYMPTOMS_PROGRESSING})],
                "Symptoms in both legs: cauda equina at risk",
                "Same-day physician or spinal team assessment; tell the patient to go to the emergency "
                "department at once if saddle numbness or bladder or bowel changes appear",
            )
        elif not ces and not claudication:
            flag(
                TriageFlag.BILATERAL_STABLE,
                TriageLevel.PROMPT,
                [F.BILATERAL_LEG_SYMPTOMS],
                "Long-standing stable symptoms in both legs",
                "Physician referral within days to confirm the cause; give written advice to go to the "
                "emergency department at once if saddle numbness or bladder or bowel changes appear",
            )

    # Cancer and infection.
    if F.HISTORY_OF_CANCER in found and neuro:
        flag(
            TriageFlag.MSCC,
            TriageLevel.URGENT,
            [F.HISTORY_OF_CANCER, *neuro],
            "Suspected metastatic spinal cord compression",
            "Same-day oncology or spinal team contact for whole-spine MRI",
        )
    risk = _present(found, INFECTION_RISK)
    # With steroids alone, a tender bone points to a fragility fracture rather than infection.
    signs = (
        INFECTION_SIGNS
        if found & {F.IMMUNOSUPPRESSION, F.IV_DRUG_USE}
        else INFECTION_SIGNS - {F.BONY_POINT_TENDERNESS}
    )
    worrying = _present(found, signs)
    if F.FEVER in found or (risk and worrying):
        # Fever is absent in about half of spinal abscesses: risk plus a worrying pain pattern is enough.
        flag(
            TriageFlag.INFECTION,
            TriageLevel.URGENT,
            [F.FEVER, *risk] if F.FEVER in found else [*risk, *worrying],
            "Suspected spinal infection",
            "Same-day physician review (emergency department if the physician cannot be reached)",
        )
    elif risk:
        flag(
            TriageFlag.INFECTION_RISK,
            TriageLevel.PROMPT,
            risk,
            "Raised risk of spinal infection",
            "Physician review within days; urgent if fever or feeling unwell appears",
        )
    if malignancy := _present(found, MALIGNANCY_SIGNS):
        age_flag = age is not None and (age > MALIGNANCY_AGE_OVER or age < MALIGNANCY_AGE_UNDER)
        flag(
            TriageFlag.MALIGNANCY,
            TriageLevel.PROMPT,
            [*malignancy, "age" if age_flag else None],
            "Possible spinal malignancy",
            "Physician referral within days for blood tests and imaging (urgent MRI when cancer is known)",
        )

    # Fragility fracture (§8.5): thin bones break with little or no injury; so do older spines.
    fragility = _present(found, BONE_FRAGILITY)
    new_pain = case.duration_days is not None and case.duration_days < NEW_PAIN_DAYS
    injury_branch = bool(fragility) and trauma_rules and mechanism in FRAGILITY_MECHANISMS
    bone_branch = bool(fragility) and (injury_branch or bool(fracture_signs) or new_pain)
    fragility_age = FRAGILITY_AGE if case.sex == Sex.MALE else OLDER_AGE
    older_branch = (
        trauma_rules
        and not injury
        and not high_energy
        and case.onset == Onset.SUDDEN
        and new_pain
        and age is not None
        and age >= fragility_age
    )
    if (bone_branch or older_branch) and not fracture_excluded:
        reasons = [
            *fragility,
            mechanism_key if injury_branch else None,
            *fracture_signs,
            *(["age", "onset:sudden"] if older_branch else []),
        ]
        if neuro:
            flag(
                TriageFlag.FRAGILITY_FRACTURE,
                TriageLevel.URGENT,
                [*reasons, *neuro],
                "Suspected fragility fracture with neurological signs",
                "Same-day physician or spinal team review for imaging; no loading until cleared",
            )
        else:
            flag(
                TriageFlag.FRAGILITY_FRACTURE,
                TriageLevel.PROMPT,
                reasons,
                "Suspected osteoporotic compression fracture",
                "Physician referral within days for an X-ray; no loaded spinal flexion meanwhile",
            )
    trauma_flagged = any(f.code in TRAUMA_OR_FRAGILITY_FLAGS for f in flags)
    if (
        trauma_rules
        and injury
        and not high_energy
        and (older or fracture_signs)
        and not trauma_flagged
        and not fracture_excluded
    ):
        flag(
            TriageFlag.MINOR_TRAUMA,
            TriageLevel.PROMPT,
            [mechanism_key, "age" if older else None, *fracture_signs],
            "Possible fracture after a minor injury",
            "Physician referral within days for an X-ray before loading the spine",
        )
        trauma_flagged = True
    if F.DEFORMITY in found and not trauma_flagged and not fracture_excluded:
        flag(
            TriageFlag.DEFORMITY,
            TriageLevel.PROMPT,
            [F.DEFORMITY],
            "Spinal deformity",
            "Physician referral within days to look for a fracture",
        )

    # Inflammatory back pain (axial spondyloarthritis): the v1 stiffness rule, or the Berlin pattern.
    features = _present(found, INFLAMMATORY_FEATURES)
    pattern = (
        trauma_rules
        and age is not None
        and case.duration_days is not None
        and age - case.duration_days // 365 < INFLAMMATORY_ONSET_AGE_UNDER
        and case.duration_days > INFLAMMATORY_MIN_DAYS
        and len(features) >= INFLAMMATORY_MIN_FEATURES
    )
    if pattern or F.SEVERE_MORNING_STIFFNESS in found:
        flag(
            TriageFlag.AXIAL_SPA,
            TriageLevel.PROMPT,
            features if pattern else [F.SEVERE_MORNING_STIFFNESS],
            "Possible inflammatory back pain (axial spondyloarthritis)",
            "Physician referral within days for a rheumatology opinion",
        )

    # Adolescent pars stress injury.
    sport = F.REPETITIVE_EXTENSION_SPORT in found or mechanism == Mechanism.SPORTS_INJURY
    if (
        trauma_rules
        and age is not None
        and age < ADOLESCENT_AGE_UNDER
        and F.WORSE_WITH_EXTENSION_OR_STANDING in found
        and sport
    ):
        flag(
            TriageFlag.SPONDYLOLYSIS,
            TriageLevel.PROMPT,
            [
                F.WORSE_WITH_EXTENSION_OR_STANDING,
                *_present(found, {F.REPETITIVE_EXTENSION_SPORT}),
                "age",
                mechanism_key if mechanism == Mechanism.SPORTS_INJURY else None,
            ],
            "Possible pars stress injury (spondylolysis) in a young athlete",
            "Sports-medicine review within days; stop the provoking sport meanwhile and no extension "
            "exercise until cleared",
        )
    return flags


def _triage(flags: list[RedFlag]) -> Triage:
    # A stable sort: within a tier the flags keep the table's order.
    flags = sorted(flags, key=lambda f: -TRIAGE_SEVERITY[f.level])
    if not flags:
        return Triage(level=TriageLevel.NONE, reasons=(), flags=())
    level = flags[0].level
    # The reasons are what raised the level; lower-tier flags stay listed with their own reasons.
    reasons = tuple(dict.fromkeys(r for f in flags if f.level == level for r in f.reasons))
    return Triage(level=level, reasons=reasons, flags=tuple(flags))


def assess_red_flags(
    *,
    findings: Iterable[str],
    age: int | None = None,
    mechanism: str | None = None,
    region: str | None = None,
    duration_days: int | None = None,
    sex: str | None = None,
    onset: str | None = None,
) -> Triage:
    """Triage an assessment. ``region`` is accepted for callers' convenience; no rule needs it."""
    case = _Case(
        findings=frozenset(str(f) for f in findings),
        age=age,
        sex=None if sex is None else str(sex),
        mechanism=None if mechanism is None else str(mechanism),
        onset=None if onset is None else str(onset),
        duration_days=duration_days,
    )
    return _triage(_red_flags(case))


def screen_visit(
    visit_findings: Iterable[str],
    *,
    baseline_findings: Iterable[str] | None = None,
    age: int | None = None,
    sex: str | None = None,
) -> Triage:
    """Triage a follow-up visit (api-contract.md, progress ``red_flag``; clinical-reference.md §8.3).

    Without ``baseline_findings`` (a v1 request) the visit's findings are screened alone. With them
    (even empty), the baseline's history is added to the visit, a weakness, reflex loss or numbness
    absent at baseline is a new deficit, bilateral leg symptoms known at baseline need progression to
    flag, and a flag is kept only when one of its reasons is new at this visit.
    """
    visit = frozenset(str(f) for f in visit_findings)
    if baseline_findings is None:
        return _triage(_red_flags(_Case(findings=visit, at_visit=True)))
    baseline = frozenset(str(f) for f in baseline_findings)
    new_at_visit = visit - baseline
    case = _Case(
        findings=visit | (baseline & HISTORY_FINDINGS),
        age=age,
        sex=None if sex is None else str(sex),
        at_visit=True,
        bilateral_known=F.BILATERAL_LEG_SYMPTOMS in baseline,
        new_deficits=_present(new_at_visit, TRACKED_DEFICITS),
    )
    flags = [
        f
        for f in _red_flags(case)
        if any(r in new_at_visit or r.startswith("new_deficit:") for r in f.reasons)
    ]
    return _triage(flags)
