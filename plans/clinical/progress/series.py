"""The series: every visit since the baseline judged in order, and the prompts it raises
(shared/api-contract.md, ``POST /api/v1/progress/evaluate``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from plans.clinical.contract import ProgressReportDict, PromptDict
from plans.clinical.progress.measures import (
    HIGHER_IS_BETTER,
    Goal,
    Measures,
    ProgressThresholds,
    VisitJudgement,
    default_goals,
    judge_visit,
)
from plans.clinical.progress.messages import prompt_message, red_flag_text
from plans.clinical.progress.reasons import (
    MeasureReason,
    Reason,
    Template,
    TriageReason,
)
from plans.clinical.triage import HOLDING_LEVELS, RedFlag
from plans.clinical.triage import screen_visit as triage_visit
from plans.clinical.vocabulary import MeasureStatus, PromptKind, TriageLevel

RULES_VERSION = 2
PROMPT_ORDER = (
    PromptKind.REGRESSION,
    PromptKind.RELAPSE,
    PromptKind.RED_FLAG,
    PromptKind.PLATEAU,
    PromptKind.GOAL_MET,
    PromptKind.REEVALUATION_DUE,
)
ADHERENCE_PROMPTS = frozenset({PromptKind.REGRESSION, PromptKind.RELAPSE, PromptKind.PLATEAU})


@dataclass(frozen=True)
class Prompt:
    kind: PromptKind
    date: date
    why: tuple[Reason, ...]
    level: TriageLevel | None = None  # red flags only
    visit_index: int = field(default=0, compare=False)
    message: str = field(default="", compare=False)
    adherence_first: bool | None = None  # regression, relapse and plateau only

    @property
    def reasons(self) -> tuple[str, ...]:
        """The contract's reason codes."""
        return tuple(reason.code for reason in self.why)

    @property
    def holds_plan(self) -> bool:
        return self.level in HOLDING_LEVELS

    def as_dict(self) -> PromptDict:
        # Three shapes, keys in the contract's order: red flags carry a level, the prompts an
        # adherence problem may explain carry adherence_first.
        kind, day, reasons = self.kind.value, self.date.isoformat(), list(self.reasons)
        if self.level is not None:
            return {
                "kind": kind,
                "date": day,
                "level": self.level.value,
                "holds_plan": self.holds_plan,
                "reasons": reasons,
                "message": self.message,
            }
        if self.adherence_first is not None:
            return {
                "kind": kind,
                "date": day,
                "reasons": reasons,
                "adherence_first": self.adherence_first,
                "message": self.message,
            }
        return {"kind": kind, "date": day, "reasons": reasons, "message": self.message}


@dataclass(frozen=True)
class ProgressReport:
    visits: tuple[VisitJudgement, ...]
    prompts: tuple[Prompt, ...]

    def as_dict(self) -> ProgressReportDict:
        return {
            "rules_version": RULES_VERSION,
            "visits": [visit.as_dict() for visit in self.visits],
            "prompts": [prompt.as_dict() for prompt in self.prompts],
        }

    def prompts_for(self, index: int) -> tuple[Prompt, ...]:
        return tuple(p for p in self.prompts if p.visit_index == index)


@dataclass(frozen=True)
class VisitScreen:
    level: TriageLevel
    reasons: tuple[str, ...]
    flags: tuple[RedFlag, ...]


def screen_visit(baseline: Measures, visit: Measures) -> VisitScreen:
    """The visit's red flags: its findings alone (v1, when the baseline has no findings), or with the
    episode's history (triage.screen_visit)."""
    triage = triage_visit(
        visit.found,
        baseline_findings=None if baseline.findings is None else baseline.found,
        age=baseline.age,
        sex=baseline.sex,
    )
    return VisitScreen(triage.level, triage.reasons, triage.flags)


def _prompt(
    kind: PromptKind,
    visit: Measures,
    index: int,
    reasons: tuple[Reason, ...],
    thresholds: ProgressThresholds,
    level: TriageLevel | None = None,
    red_flag: str = "",
) -> Prompt:
    adherence_first = None
    if kind in ADHERENCE_PROMPTS:
        adherence_first = visit.adherence is not None and visit.adherence < thresholds.low_adherence_percent
    message = prompt_message(
        kind, reasons, adherence=visit.adherence, adherence_first=bool(adherence_first), red_flag=red_flag
    )
    return Prompt(kind, visit.date, reasons, level, index, message, adherence_first)


# The series --------------------------------------------------------------------------------------


def evaluate_progress(
    baseline: Measures,
    visits: Sequence[Measures],
    thresholds: ProgressThresholds = ProgressThresholds(),  # noqa: B008 - frozen
    goals: Sequence[Goal] | None = None,
) -> ProgressReport:
    """Judge every visit since the baseline, in the order given (date, then time of day), and raise
    the contract's prompts. Without ``goals`` (or with none), the recovery levels are the goals."""
    goals = tuple(goals) if goals else default_goals(baseline)
    judgements: list[VisitJudgement] = []
    prompts: list[Prompt] = []
    improved_measures: set[str] = set()
    improved_so_far = False
    window_start = baseline.date
    last_status: MeasureStatus | None = None
    checkpoint_passed = False
    reevaluation_by_days_passed = False

    for index, visit in enumerate(visits):
        judgement = judge_visit(baseline, visit, thresholds, visits[:index])
        judgements.append(judgement)
        days = (visit.date - baseline.date).days
        improved_so_far = improved_so_far or judgement.status == MeasureStatus.IMPROVED
        raised: list[Prompt] = []

        def add(
            kind: PromptKind, reasons: Iterable[Reason], level: TriageLevel | None = None, text: str = ""
        ) -> None:
            raised.append(_prompt(kind, visit, index, tuple(reasons), thresholds, level, text))  # noqa: B023

        if judgement.status == MeasureStatus.WORSENED:
            add(
                PromptKind.REGRESSION,
                [
                    MeasureReason(n)
                    for n, m in judgement.measures.items()
                    if m.status == MeasureStatus.WORSENED
                ],
            )

        relapsed = [
            name
            for name, m in judgement.measures.items()
            if name in improved_measures
            and m.status != MeasureStatus.WORSENED
            and m.change_from_best is not None
            and (-m.change_from_best if name in HIGHER_IS_BETTER else m.change_from_best)
            >= thresholds.mcid(name)
        ]
        if relapsed:
            add(PromptKind.RELAPSE, map(MeasureReason, relapsed))

        screen = screen_visit(baseline, visit)
        if screen.level != TriageLevel.NONE:
            red_flag = red_flag_text(screen.level, screen.flags)
            add(PromptKind.RED_FLAG, map(TriageReason, screen.reasons), screen.level, red_flag)
        held = screen.level in HOLDING_LEVELS

        first_past_checkpoint = days >= thresholds.plateau_days and not checkpoint_passed
        checkpoint_passed = checkpoint_passed or days >= thresholds.plateau_days
        if (
            judgement.status == MeasureStatus.UNCHANGED
            and (visit.date - window_start).days >= thresholds.plateau_window_days
            and not held
        ):
            reasons: list[Reason] = [Template.NO_CHANGE_FOR_DAYS.reason(thresholds.plateau_window_days)]
            if last_status == MeasureStatus.UNCHANGED:
                reasons.append(Template.UNCHANGED_TWICE.reason())
            if first_past_checkpoint and not improved_so_far:
                reasons.append(Template.NOT_IMPROVED_BY_DAY.reason(thresholds.plateau_days))
            add(PromptKind.PLATEAU, reasons)

        if goals and not held:
            if all(goal.met_by(visit.value(goal.measure)) for goal in goals):
                add(PromptKind.GOAL_MET, dict.fromkeys(MeasureReason(goal.measure) for goal in goals))

        reevaluation_reasons: list[Reason] = []
        if days >= thresholds.reevaluation_days and not reevaluation_by_days_passed:
            reevaluation_by_days_passed = True
            reevaluation_reasons.append(Template.DAYS_SINCE_BASELINE.reason(thresholds.reevaluation_days))
        if index + 1 == thresholds.reevaluation_visit_count:
            reevaluation_reasons.append(Template.VISIT_NUMBER.reason(thresholds.reevaluation_visit_count))
        if reevaluation_reasons:
            add(PromptKind.REEVALUATION_DUE, reevaluation_reasons)

        prompts += sorted(raised, key=lambda p: PROMPT_ORDER.index(p.kind))
        improved_measures |= {n for n, m in judgement.measures.items() if m.status == MeasureStatus.IMPROVED}
        if judgement.status in (MeasureStatus.IMPROVED, MeasureStatus.WORSENED):
            window_start = visit.date
        if judgement.status is not None:
            last_status = judgement.status

    return ProgressReport(visits=tuple(judgements), prompts=tuple(prompts))
