"""Cause ranking.

Each ``CauseRule`` lists weighted evidence keys (see ``catalog``). A cause's raw strength is the sum of
its present supporting weights minus its present ``against`` weights; its score is ``raw / (raw + 1)``
rounded to 2 dp. A cause is listed when it has supporting evidence that the evidence against does
not cancel out (score above 0), so a ruled-out cause never fills a top-three place and never
restricts the plan. Order: score descending, then code.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from plans.clinical.catalog import Catalog, CauseRule
from plans.clinical.engine.results import RankedCause

TOP_N = 3


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
    """The top-three causes strong enough (at least half the best score) to shape the plan."""
    top = causes[:TOP_N]
    if not top:
        return []
    best = top[0].score
    rules = []
    for i, ranked in enumerate(top):
        rule = catalog.cause(ranked.code)
        if rule is not None and (i == 0 or ranked.score >= best / 2):
            rules.append(rule)
    return rules


def interleave(lists: list[tuple[str, ...]]) -> list[str]:
    """The first item of each list, then the second of each, and so on."""
    depth = max((len(items) for items in lists), default=0)
    return [items[j] for j in range(depth) for items in lists if j < len(items)]
