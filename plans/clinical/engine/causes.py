"""Cause ranking (api-contract.md "Cause rules (v2)").

Each ``CauseRule`` lists weighted evidence keys (see ``catalog``). A cause's raw strength is the sum of
its present supporting weights minus its present ``against`` weights; its score is ``raw / (raw + 1)``
rounded to 2 dp. A cause is listed when its gate lets it (``gates``) and it has supporting evidence
that the evidence against does not cancel out (score above 0), so a ruled-out cause never fills a
top-three place and never restricts the plan. Order: score descending, then code.

``ranked_causes`` is the whole v2 rule: gates, ranking, causes withheld when serious pathology is
suspected, the ``nonspecific_mechanical`` fallback and fracture first.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from plans.clinical.catalog import Catalog, CauseRule
from plans.clinical.engine.gates import may_be_listed
from plans.clinical.engine.inputs import AssessmentInput
from plans.clinical.engine.results import RankedCause
from plans.clinical.triage import Triage
from plans.clinical.triage.findings import FRACTURE_SIGNS, TRAUMA_OR_FRAGILITY_FLAGS
from plans.clinical.vocabulary import CauseCode

TOP_N = 3
# A cause scoring less than this is too weak a hypothesis to shape the plan (its kinds, education
# and advice), even when it ranks in the top three; its contraindications still apply.
SHAPING_SCORE = 0.3
# Below this best score no specific cause fits, and non-specific mechanical pain fills in.
SPECIFIC_CAUSE_SCORE = 0.5
FALLBACK_SCORE = 0.5
NO_SPECIFIC_CAUSE = "no_specific_cause"
FALLBACK_DESCRIPTION = (
    "Back pain from the muscles, joints and discs working under strain, with no single part to blame. "
    "It is the most common kind, and it gets better with movement."
)


def _by_weight(weighted: list[tuple[str, float]]) -> tuple[str, ...]:
    return tuple(key for key, _ in sorted(weighted, key=lambda kw: (-kw[1], kw[0])))


def rank_causes(evidence: frozenset[str], causes: tuple[CauseRule, ...]) -> tuple[RankedCause, ...]:
    ranked = []
    for cause in causes:
        supporting = [(k, w) for k, w in cause.supporting if k in evidence and w > 0]
        if not supporting:
            continue
        against = [(k, w) for k, w in cause.against if k in evidence and w > 0]
        raw = sum(w for _, w in supporting) - sum(w for _, w in against)
        if raw <= 0:
            continue
        score = float(Decimal(str(raw / (raw + 1))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
        if score <= 0:
            continue
        ranked.append(
            RankedCause(
                code=cause.code,
                name=cause.name,
                score=score,
                supporting=_by_weight(supporting),
                against=_by_weight(against),
                description=cause.description,
            )
        )
    ranked.sort(key=lambda c: (-c.score, c.code))
    return tuple(ranked)


def plan_causes(causes: tuple[RankedCause, ...], catalog: Catalog) -> list[CauseRule]:
    """The top-three causes strong enough (at least half the best score, and ``SHAPING_SCORE``) to
    shape the plan; the first always does."""
    top = causes[:TOP_N]
    if not top:
        return []
    best = top[0].score
    rules = []
    for i, ranked in enumerate(top):
        rule = catalog.cause(ranked.code)
        if rule is not None and (i == 0 or ranked.score >= max(best / 2, SHAPING_SCORE)):
            rules.append(rule)
    return rules


def interleave(lists: list[tuple[str, ...]]) -> list[str]:
    """The first item of each list, then the second of each, and so on."""
    depth = max((len(items) for items in lists), default=0)
    return [items[j] for j in range(depth) for items in lists if j < len(items)]


def ranked_causes(
    assessment: AssessmentInput,
    evidence: frozenset[str],
    catalog: Catalog,
    triage: Triage,
    *,
    withheld: bool,
) -> tuple[RankedCause, ...]:
    """The causes the suggestion lists: none when withheld; otherwise the gated ranking, with the
    fallback and fracture first."""
    if withheld:
        return ()
    allowed = tuple(c for c in catalog.causes if may_be_listed(c.code, assessment))
    causes = with_fallback(rank_causes(evidence, allowed), catalog)
    return fracture_first(causes, triage, assessment.findings)


def with_fallback(causes: tuple[RankedCause, ...], catalog: Catalog) -> tuple[RankedCause, ...]:
    """Add ``nonspecific_mechanical`` (0.5, supported by "no specific cause") when no cause reaches
    0.5; it then leads, as every listed cause scores less."""
    if any(c.score >= SPECIFIC_CAUSE_SCORE for c in causes):
        return causes
    rule = catalog.cause(CauseCode.NONSPECIFIC_MECHANICAL)
    fallback = RankedCause(
        code=CauseCode.NONSPECIFIC_MECHANICAL.value,
        name=CauseCode.NONSPECIFIC_MECHANICAL.label if rule is None else rule.name,
        description=FALLBACK_DESCRIPTION if rule is None else rule.description,
        score=FALLBACK_SCORE,
        supporting=(NO_SPECIFIC_CAUSE,),
        against=(),
    )
    return tuple(sorted((*causes, fallback), key=lambda c: (-c.score, c.code)))


def fracture_first(
    causes: tuple[RankedCause, ...], triage: Triage, findings: frozenset[str]
) -> tuple[RankedCause, ...]:
    """With a trauma or fragility flag and a fracture sign, a listed vertebral fracture leads until
    imaging; the rest keep their order."""
    flagged = any(flag.code in TRAUMA_OR_FRAGILITY_FLAGS for flag in triage.flags)
    if not (flagged and findings & FRACTURE_SIGNS):
        return causes
    fracture = [c for c in causes if c.code == CauseCode.VERTEBRAL_FRACTURE]
    return (*fracture, *(c for c in causes if c.code != CauseCode.VERTEBRAL_FRACTURE))
