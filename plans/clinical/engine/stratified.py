"""Stratified care by STarT Back risk (api-contract.md "Plan rules (v2)" rule 6, clinical-reference.md
§8.8): how many exercises, which education, which therapist note and when to review."""

from __future__ import annotations

from plans.clinical.scoring import FabqScore
from plans.clinical.vocabulary import CarePathway, Stage, StartBackRisk, TriageLevel

EDU_STAY_ACTIVE = "stay-active"
EDU_FLARE_UP = "flare-up-plan"
EDU_PAIN = "understanding-pain"
EDU_SAFETY_NET = "when-to-seek-help"

SELF_MANAGEMENT_MAX = 3
# Physiotherapy exercise (medium risk): up to 6 items (v1), fewer while the back is acute, so a plan
# holds only what the person can start on now.
PT_TARGET = {Stage.ACUTE: 4, Stage.SUBACUTE: 5, Stage.CHRONIC: 6}
WITHHELD_MAX = 3
MAX_PER_KIND = 2
MAX_RELAXATION_HIGH = 1

HIGH_RISK_NOTE = (
    "STarT Back high risk: use a psychologically informed approach (explore fears and worries, give "
    "reassurance, set graded activity goals and build confidence); consider a combined physical and "
    "psychological programme."
)
FABQ_HIGH_NOTE = (
    "No STarT Back screen, and the FABQ shows high fear-avoidance beliefs, so the plan treats the "
    "patient as high risk: use a psychologically informed approach (explore fears and worries, give "
    "reassurance, set graded activity goals and build confidence)."
)
MEDIUM_RISK_NOTE = "STarT Back medium risk: physiotherapy aimed at symptoms and function."
LOW_RISK_NOTE = (
    "STarT Back low risk: one session of assessment, advice, reassurance and education, then "
    "self-management with at most 3 exercises; first review in {review}."
)
WITHHELD_NOTE = (
    "Serious pathology is suspected, so no cause is offered: exercise beyond general safe activity "
    "waits for medical assessment."
)


def care_pathway(risk: str | None, fabq: FabqScore | None) -> str:
    """Low risk self-manages, medium (or no screen) gets physiotherapy exercise, high gets
    psychologically informed care; without STarT Back a high FABQ counts as high."""
    if risk == StartBackRisk.HIGH or (risk is None and fabq is not None and fabq.high):
        return str(CarePathway.PSYCHOLOGICALLY_INFORMED)
    if risk == StartBackRisk.LOW:
        return str(CarePathway.SELF_MANAGEMENT)
    return str(CarePathway.PT_EXERCISE)


def review_in_days(pathway: str, stage: str, triage_level: str) -> int:
    if triage_level in (TriageLevel.URGENT, TriageLevel.PROMPT):
        return 7
    if pathway == CarePathway.SELF_MANAGEMENT:
        return 28
    if pathway == CarePathway.PSYCHOLOGICALLY_INFORMED:
        return 7
    return 28 if stage == Stage.CHRONIC else 14


def pathway_education(pathway: str, *, causes_withheld: bool) -> tuple[str, ...]:
    """Education the pathway (or withheld causes) requires, first in the plan."""
    slugs = [EDU_STAY_ACTIVE]
    if causes_withheld:
        slugs.append(EDU_SAFETY_NET)
    if pathway == CarePathway.SELF_MANAGEMENT:
        slugs.append(EDU_FLARE_UP)
    elif pathway == CarePathway.PSYCHOLOGICALLY_INFORMED:
        slugs.append(EDU_PAIN)
    return tuple(slugs)


def review_words(days: int) -> str:
    if days % 7 == 0:
        weeks = days // 7
        return "1 week" if weeks == 1 else f"{weeks} weeks"
    return f"{days} days"


def pathway_note(pathway: str, risk: str | None, review_days: int) -> str | None:
    """``review_days``: the plan's review, which a referral shortens whatever the pathway."""
    if pathway == CarePathway.PSYCHOLOGICALLY_INFORMED:
        return HIGH_RISK_NOTE if risk == StartBackRisk.HIGH else FABQ_HIGH_NOTE
    if pathway == CarePathway.SELF_MANAGEMENT:
        return LOW_RISK_NOTE.format(review=review_words(review_days))
    if risk == StartBackRisk.MEDIUM:
        return MEDIUM_RISK_NOTE
    return None
