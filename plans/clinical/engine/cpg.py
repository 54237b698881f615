"""JOSPT 2012 low back pain classification (api-contract.md "JOSPT classification (v2)", §8.11).

The guideline lets a patient fit several categories, so ``cpg_matches`` lists every one that
applies, in a fixed precedence; ``cpg_category`` is the first. None for the thoracic region (the
guideline is for low back pain) and when causes are withheld for suspected serious pathology.
"""

from __future__ import annotations

from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.scoring import FabqScore
from plans.clinical.vocabulary import CpgCategory, Finding, PainDistribution, Region, Stage, StartBackRisk

F = Finding
LEG_DISTRIBUTIONS = frozenset({PainDistribution.BUTTOCK_THIGH, PainDistribution.BELOW_KNEE})
NERVE_ROOT_SIGNS = frozenset(
    {F.POSITIVE_SLR, F.NUMBNESS, F.TINGLING, F.WEAKNESS, F.REFLEX_LOSS, F.PROGRESSIVE_WEAKNESS}
)
CENTRALISES = frozenset(
    {
        F.CENTRALIZES_WITH_EXTENSION,
        F.CENTRALIZES_WITH_FLEXION,
        F.CENTRALIZES_WITH_LATERAL_SHIFT_CORRECTION,
    }
)
CLAUDICATION_PATTERN = frozenset({F.WALKING_INTOLERANCE, F.RELIEF_WITH_SITTING_OR_FLEXION})
MOVEMENT_COORDINATION = frozenset({F.ABERRANT_MOVEMENT, F.PREVIOUS_EPISODES})


def physical_category(assessment: AssessmentInput) -> str:
    """Exactly one physical category: the first that applies."""
    found = assessment.findings
    leg = assessment.pain_distribution in LEG_DISTRIBUTIONS or F.BILATERAL_LEG_SYMPTOMS in found
    if leg and found & CENTRALISES:
        return CpgCategory.RELATED_LOWER_EXTREMITY_PAIN
    if leg and (found & NERVE_ROOT_SIGNS or CLAUDICATION_PATTERN <= found):
        return CpgCategory.RADIATING_PAIN
    if assessment.pain_distribution == PainDistribution.BELOW_KNEE or (
        leg and F.WORSE_WITH_FLEXION_OR_SITTING in found
    ):
        return CpgCategory.RELATED_LOWER_EXTREMITY_PAIN
    if assessment.recurrent or found & MOVEMENT_COORDINATION:
        return CpgCategory.MOVEMENT_COORDINATION_IMPAIRMENTS
    return CpgCategory.MOBILITY_DEFICITS


def cpg_matches(
    assessment: AssessmentInput,
    stage: str,
    startback_risk: str | None,
    fabq: FabqScore | None,
    *,
    causes_withheld: bool,
) -> tuple[str, ...]:
    """Every category that applies, in the contract's order; empty for thoracic pain or withheld causes."""
    if assessment.region == Region.THORACIC or causes_withheld:
        return ()
    matches: list[str] = []
    if F.WIDESPREAD_PAIN in assessment.findings and stage == Stage.CHRONIC:
        matches.append(CpgCategory.GENERALIZED_PAIN)
    if startback_risk == StartBackRisk.HIGH or (fabq is not None and (fabq.pa_high or fabq.w_high)):
        matches.append(CpgCategory.COGNITIVE_AFFECTIVE_TENDENCIES)
    matches.append(physical_category(assessment))
    return tuple(str(m) for m in matches)


def cpg_category(matches: tuple[str, ...]) -> str | None:
    return matches[0] if matches else None
