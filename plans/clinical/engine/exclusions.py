"""What a suggested plan may not hold (api-contract.md "Plan rules (v2)" rules 1 and 3).

Properties contraindicated by a top-three cause are excluded; a cause ranked second or third with a
score below 0.5 is a weaker hypothesis, so its contraindications give way to a tested direction
(clinical-reference.md §8.7). Safety exclusions always win.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from plans.clinical.catalog import Catalog, ExerciseSpec
from plans.clinical.engine.causes import TOP_N
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.results import RankedCause
from plans.clinical.triage import Triage
from plans.clinical.triage.findings import BONE_FRAGILITY, TRAUMA_OR_FRAGILITY_FLAGS
from plans.clinical.vocabulary import CauseCode, ExerciseProperty, Finding, TriageFlag

P = ExerciseProperty
F = Finding

# Thin bones: spine-sparing, so no forward bending, twisting or jumping (Too Fit To Fracture).
BONE_RISK_FORBIDDEN = frozenset({P.LOADED_SPINAL_FLEXION, P.SPINAL_FLEXION, P.ROTATION, P.HIGH_IMPACT})
# While the plan is held or causes are withheld (rule 3).
CAUTIOUS_FORBIDDEN = frozenset({P.ROTATION, P.HIGH_IMPACT, P.UNSUPPORTED_BALANCE})
WITHHELD_FORBIDDEN = CAUTIOUS_FORBIDDEN | {P.LOADED_SPINAL_FLEXION, P.SPINAL_FLEXION}
# A fracture not yet ruled out: spine-sparing and cautious, whatever the triage level.
FRACTURE_FORBIDDEN = BONE_RISK_FORBIDDEN | CAUTIOUS_FORBIDDEN
# A weak cause's contraindications give way to a tested direction only below this score.
WEAK_CAUSE_BELOW = 0.5
PRONE_FROM_WEEK = 14
SUPINE_FROM_WEEK = 20
BALANCE_SUPPORT_FROM_AGE = 75
BMI_CLASS_II = Decimal(35)


def claudication_pattern(findings: frozenset[str]) -> bool:
    return F.WALKING_INTOLERANCE in findings and F.RELIEF_WITH_SITTING_OR_FLEXION in findings


def spondylolysis_flag(triage: Triage | None) -> bool:
    return triage is not None and any(flag.code == TriageFlag.SPONDYLOLYSIS for flag in triage.flags)


def fracture_suspected(triage: Triage | None, causes: tuple[RankedCause, ...] = ()) -> bool:
    """A trauma or fragility flag fired (none does once a fracture is excluded), or a vertebral
    fracture is among the top three causes: the plan stays level 1 and spine-sparing until imaging,
    even when triage only asks for a prompt referral (the safer reading of rule 3)."""
    flagged = triage is not None and any(flag.code in TRAUMA_OR_FRAGILITY_FLAGS for flag in triage.flags)
    return flagged or any(c.code == CauseCode.VERTEBRAL_FRACTURE for c in causes[:TOP_N])


def bmi_35(assessment: AssessmentInput) -> bool:
    return assessment.bmi is not None and assessment.bmi >= BMI_CLASS_II


def properties_of(ex: ExerciseSpec) -> frozenset[str]:
    extra = {str(P.LOADED_SPINAL_FLEXION)} if ex.loaded_spinal_flexion else set()
    return frozenset(str(p) for p in ex.properties) | extra


@dataclass(frozen=True)
class Exclusions:
    always: frozenset[str]  # safety, findings and strong causes: nothing overrides them
    weak_causes: frozenset[str]  # only from causes ranked 2nd/3rd below 0.5

    def allows(self, ex: ExerciseSpec, *, tested: bool = False) -> bool:
        """Whether ``ex`` may be planned; ``tested``: it is a directional item in the tested
        direction, which the weak causes' contraindications do not exclude."""
        props = properties_of(ex)
        if props & self.always:
            return False
        return tested or not props & self.weak_causes


def safety_exclusions(
    assessment: AssessmentInput,
    triage: Triage | None,
    *,
    tested_extension: bool,
    causes_withheld: bool,
) -> frozenset[str]:
    """The exclusions that come from findings, flags and triage rather than from causes."""
    findings = assessment.findings
    out: set[str] = set()
    if findings & BONE_FRAGILITY:
        out |= BONE_RISK_FORBIDDEN
    if F.PERIPHERALIZES_WITH_FLEXION in findings:
        out |= {P.SPINAL_FLEXION, P.LOADED_SPINAL_FLEXION}
    if F.PERIPHERALIZES_WITH_EXTENSION in findings:
        out.add(P.SPINAL_EXTENSION)
    if F.WORSE_WITH_EXTENSION_OR_STANDING in findings and not tested_extension:
        out.add(P.SPINAL_EXTENSION)
    if spondylolysis_flag(triage):
        # A possible pars stress injury: no extension or impact loading until cleared (§8.5).
        out |= {P.SPINAL_EXTENSION, P.HIGH_IMPACT}
    if F.PREGNANT in findings:
        out.add(P.HIGH_IMPACT)
        weeks = assessment.pregnancy_weeks
        if weeks is None or weeks >= PRONE_FROM_WEEK:
            out.add(P.PRONE)
        if weeks is None or weeks >= SUPINE_FROM_WEEK:
            out.add(P.SUPINE)
    if F.POSTPARTUM in findings:
        out.add(P.HIGH_IMPACT)
    if F.GAIT_DISTURBANCE in findings or assessment.age >= BALANCE_SUPPORT_FROM_AGE:
        out.add(P.UNSUPPORTED_BALANCE)
    if bmi_35(assessment):
        out.add(P.HIGH_IMPACT)
    if claudication_pattern(findings):
        # Neurogenic claudication: flexion-biased, no extension (rule 5).
        out.add(P.SPINAL_EXTENSION)
    if causes_withheld:
        out |= WITHHELD_FORBIDDEN
    elif triage is not None and triage.holds_plan:
        out |= CAUTIOUS_FORBIDDEN
    if fracture_suspected(triage):
        out |= FRACTURE_FORBIDDEN
    return frozenset(str(p) for p in out)


def plan_exclusions(
    assessment: AssessmentInput,
    catalog: Catalog,
    triage: Triage,
    causes: tuple[RankedCause, ...],
    *,
    tested_extension: bool,
    causes_withheld: bool,
) -> Exclusions:
    always = set(
        safety_exclusions(
            assessment, triage, tested_extension=tested_extension, causes_withheld=causes_withheld
        )
    )
    weak: set[str] = set()
    for rank, ranked in enumerate(causes[:TOP_N]):
        rule = catalog.cause(ranked.code)
        contraindicated = set() if rule is None else {str(p) for p in rule.contraindicated}
        if ranked.code == CauseCode.VERTEBRAL_FRACTURE:
            # A suspected fracture is a safety exclusion whatever its rank.
            always |= contraindicated | {str(p) for p in FRACTURE_FORBIDDEN}
        elif rank > 0 and ranked.score < WEAK_CAUSE_BELOW:
            weak |= contraindicated
        else:
            always |= contraindicated
    return Exclusions(always=frozenset(always), weak_causes=frozenset(weak - always))


def forbidden_properties(
    assessment: AssessmentInput,
    top: tuple[RankedCause, ...],
    catalog: Catalog,
    *,
    triage: Triage | None = None,
) -> frozenset[str]:
    """Every property excluded for anything but a tested directional item (the v1 view)."""
    always = set(safety_exclusions(assessment, triage, tested_extension=False, causes_withheld=False))
    for ranked in top[:TOP_N]:
        rule = catalog.cause(ranked.code)
        if rule is not None:
            always |= {str(p) for p in rule.contraindicated}
        if ranked.code == CauseCode.VERTEBRAL_FRACTURE:
            always |= {str(p) for p in FRACTURE_FORBIDDEN}
    return frozenset(always)
