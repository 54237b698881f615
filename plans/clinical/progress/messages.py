"""The app's words for a progress prompt."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from plans.clinical.progress.reasons import Reason, reason_text
from plans.clinical.triage import RedFlag
from plans.clinical.vocabulary import PromptKind, TriageLevel


def red_flag_text(level: TriageLevel, flags: Iterable[RedFlag]) -> str:
    actions = "; ".join(f"{flag.condition}: {flag.action}" for flag in flags)
    return f"Red flag ({TriageLevel(level).label.lower()}): {actions}."


def prompt_message(
    kind: PromptKind,
    reasons: Sequence[Reason],
    *,
    adherence: int | None = None,
    adherence_first: bool = False,
    red_flag: str = "",
) -> str:
    """The app's words for a prompt; ``red_flag`` is the text of a red-flag prompt."""
    why = ", ".join(reason_text(r) for r in reasons)
    if kind == PromptKind.RED_FLAG:
        message = red_flag
    elif kind == PromptKind.REGRESSION:
        message = f"Regression: {why} worsened by at least the clinically important amount."
    elif kind == PromptKind.RELAPSE:
        message = (
            f"Relapse: {why} worsened by at least the clinically important amount from its best "
            "value since the baseline. Look for a flare trigger or new findings before changing the plan."
        )
    elif kind == PromptKind.PLATEAU:
        message = f"Plateau: {why}. Consider changing the approach, the dose or the education."
    elif kind == PromptKind.GOAL_MET:
        message = f"Goal met: every goal reached ({why}). Consider discharge or new goals."
    else:
        message = f"Re-evaluation due: {why}. Record a re-evaluation to reset the baseline."
    if adherence_first:
        message += (
            f" Home-exercise adherence is only {adherence}%: address adherence (barriers, dose, "
            "timing) before changing the exercises."
        )
    return message
