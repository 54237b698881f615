"""What holds plan approval: urgent or emergency red flags with neither a referral nor an override."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from patients.models import Episode
from plans.clinical.vocabulary import TriageLevel
from plans.models import URGENCY_FOR_LEVEL, Assessment, Prompt, episode_held_q


def flag_day(flag: Assessment | Prompt) -> date:
    return flag.assessed_on if isinstance(flag, Assessment) else flag.visit.visit_date


def flag_level(flag: Assessment | Prompt) -> str:
    return flag.triage_level if isinstance(flag, Assessment) else flag.level


@dataclass(frozen=True)
class PlanHold:
    """An urgent or emergency red flag, at the latest assessment or a visit, not yet released."""

    flag: Assessment | Prompt
    level: str

    @property
    def overridable(self) -> bool:
        return self.level == TriageLevel.URGENT

    @property
    def at_visit(self) -> bool:
        return isinstance(self.flag, Prompt)

    @property
    def found_on(self) -> date:
        return flag_day(self.flag)

    @property
    def urgency(self) -> str:
        return URGENCY_FOR_LEVEL[TriageLevel(self.level)]

    @property
    def message(self) -> str:
        where = "a visit" if self.at_visit else "the assessment"
        release = (
            "a referral is recorded or a therapist records an override"
            if self.overridable
            else ("the referral is recorded (an emergency cannot be overridden)")
        )
        return (
            f"The plan is held: an {self.level} red flag was found at {where} of {self.found_on:%d %b %Y}. "
            f"No plan version can be approved until {release}."
        )


def plan_holds(episode: Episode) -> list[PlanHold]:
    """What holds plan approval: each assessment, and each open red-flag prompt of a visit, that is
    urgent or emergency with neither a referral nor (urgent only) an override. A later assessment
    releases nothing. Two queries."""
    holds = [
        PlanHold(assessment, assessment.triage_level)
        for assessment in Assessment.objects.holding_plan()
        .filter(episode=episode)
        .order_by("-assessed_on", "-id")
    ]
    holds += [
        PlanHold(prompt, prompt.level)
        for prompt in Prompt.objects.holding_plan().filter(episode=episode).select_related("visit")
    ]
    return sorted(holds, key=lambda hold: hold.level != TriageLevel.EMERGENCY)


def is_plan_held(episode_id: int) -> bool:
    """Whether a red flag holds the episode's plan (one query): the portal shows an active plan as paused."""
    return Episode.objects.filter(pk=episode_id).filter(episode_held_q()).exists()


PAUSED_FOR_PATIENT = (
    "Your therapist has paused this plan while you see a doctor. Do not start new exercises until they "
    "tell you; keep moving gently as you can."
)


def plan_blocker(episode: Episode) -> PlanHold | None:
    """The first (most severe) of ``plan_holds``, or None when nothing holds the plan."""
    holds = plan_holds(episode)
    return holds[0] if holds else None
