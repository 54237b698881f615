"""A plan goal in plain words: what the patient reads on the portal and the printed plan, and what
the chart shows beside the clinical wording. The target is in everyday units (out of 10, questions
ticked, degrees), the due day in full, and the status, when given, as the portal says it: "Bend
forward further: aim for 60 degrees, by 12 January 2027 - at least half-way there."

A functional goal is the patient's own words, shown as written. Every sentence passes the jargon
and reading-level checks of ``plans.clinical.patient_words`` (tests/clinical/test_goal_words.py).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from plans.clinical.vocabulary import GoalStatus

# Each measured goal: the plain aim, and the target as the patient reads it ({} is the number).
GOAL_AIMS: dict[str, tuple[str, str]] = {
    "nprs": ("Pain no higher than {} out of 10", ""),
    "odi": ("Back pain getting in the way less", "a score of {} or lower out of 100"),
    "rmdq": ("Back pain getting in the way less", "{} or fewer of 24 questions ticked"),
    "psfs": ("Doing the activities you chose more easily", "an average of {} out of 10 or more"),
    "lumbar_flexion": ("Bend forward further", "aim for {} degrees"),
    "slr_left": ("Lift your left leg higher, knee straight, lying on your back", "aim for {} degrees"),
    "slr_right": ("Lift your right leg higher, knee straight, lying on your back", "aim for {} degrees"),
}

STATUS_WORDS: dict[str, str] = {
    GoalStatus.MET: "Reached",
    GoalStatus.PARTLY_MET: "At least half-way there",
    GoalStatus.NOT_MET: "Not reached yet",
    GoalStatus.DROPPED: "No longer a goal",
}


def _number(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _day(on: date) -> str:
    return f"{on.day} {on:%B %Y}"


def goal_sentence(
    *,
    measure: str,
    target: Decimal | None,
    due: date,
    description: str = "",
    status: str | None = None,
) -> str:
    """The goal in plain words, with its status after a dash when ``status`` is given."""
    if measure in GOAL_AIMS and target is not None:
        aim, how = GOAL_AIMS[measure]
        number = _number(target)
        text = aim.format(number) + (f": {how.format(number)}" if how else "")
        text += f" by {_day(due)}"
        if description:
            text += f" ({description})"
    else:
        text = f"{description} by {_day(due)}"
    if status:
        text += f" - {STATUS_WORDS[status].lower()}"
    return text
