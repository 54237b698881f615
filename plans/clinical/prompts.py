"""Which prompts come first on the pages (the API keeps the engine's order within a visit)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from plans.clinical.vocabulary import TRIAGE_SEVERITY, PromptKind, TriageLevel

PROMPT_ORDER = {
    PromptKind.RED_FLAG: 0,
    PromptKind.REGRESSION: 1,
    PromptKind.RELAPSE: 2,
    PromptKind.PLATEAU: 3,
    PromptKind.REEVALUATION_DUE: 4,
    PromptKind.GOAL_MET: 5,
}

# PromptStatus values (plans.models); this module stays free of the ORM.
OPEN, ACTED = "open", "acted"


class RaisedPrompt(Protocol):
    kind: str
    level: str
    visit_id: int


P = TypeVar("P", bound=RaisedPrompt)


def sort_prompts(prompts: Iterable[P]) -> list[P]:
    """Red flags first (most severe first), then regression, relapse, plateau, re-evaluation, goal
    met; the newest visit first within a kind."""
    return sorted(
        prompts,
        key=lambda p: (
            PROMPT_ORDER.get(PromptKind(p.kind), 9),
            -TRIAGE_SEVERITY.get(TriageLevel(p.level or TriageLevel.NONE), 0),
            -p.visit_id,
        ),
    )


def closed_by_plan_change(kind: str) -> bool:
    """A new plan version or a re-evaluation answers a prompt, except a red flag: only its referral
    closes that."""
    return kind != PromptKind.RED_FLAG


def can_dismiss(kind: str) -> bool:
    """A red flag is never dismissed: its referral is recorded instead."""
    return kind != PromptKind.RED_FLAG


@dataclass(frozen=True)
class PromptActions:
    """What a prompt card offers the therapist."""

    record_referral: bool = False
    override: bool = False  # offered next to the referral (urgent red flags only)
    reevaluate: bool = False
    change_plan: bool = False
    dismiss: bool = False

    @property
    def change_plan_first(self) -> bool:
        """Whether changing the plan is the card's main action (a re-evaluation comes first)."""
        return self.change_plan and not self.reevaluate


def prompt_actions(*, kind: str, status: str, level: str) -> PromptActions:
    """A red flag offers its referral (and, if urgent, an override) until a referral closes it; any
    other open prompt offers a plan change (after a re-evaluation, when one is due) or a dismissal;
    a closed prompt offers nothing."""
    if kind == PromptKind.RED_FLAG:
        if status == ACTED:
            return PromptActions()
        return PromptActions(record_referral=True, override=level == TriageLevel.URGENT)
    if status != OPEN:
        return PromptActions()
    return PromptActions(
        reevaluate=kind == PromptKind.REEVALUATION_DUE, change_plan=True, dismiss=can_dismiss(kind)
    )
