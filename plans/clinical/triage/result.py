"""A triage: the red flags that fired and the level they set; urgent and emergency hold the plan."""

from __future__ import annotations

from dataclasses import dataclass

from plans.clinical.contract import ContractResult, PlanHoldDict, RedFlagDict, TriageDict
from plans.clinical.vocabulary import TriageLevel

HOLDING_LEVELS = frozenset({TriageLevel.EMERGENCY, TriageLevel.URGENT})


@dataclass(frozen=True)
class RedFlag(ContractResult[RedFlagDict]):
    code: str
    condition: str
    level: TriageLevel
    reasons: tuple[str, ...]
    action: str


@dataclass(frozen=True)
class Triage(ContractResult[TriageDict]):
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
        return self.level in HOLDING_LEVELS

    def plan_hold(self) -> PlanHoldDict | None:
        """The contract's ``plan_hold``: null unless urgent or emergency."""
        if not self.holds_plan:
            return None
        release = ["referral_recorded"]
        if self.level == TriageLevel.URGENT:
            release.append("override")
        return {"level": self.level.value, "reasons": list(self.reasons), "release": release}
