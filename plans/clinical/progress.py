"""Progress against baseline: each visit's change, status and prompts (shared/api-contract.md).

Pure functions shared by the visit pages, the stored prompts and ``POST /api/v1/progress/evaluate``.
Thresholds come from the clinic's settings (``ProgressThresholds``); the defaults are the published
ones: MCID 2 NPRS points and 10 ODI points, or a 30% fall from a non-zero baseline.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from plans.clinical.triage import assess_red_flags
from plans.clinical.vocabulary import MeasureStatus, PromptKind, TriageLevel

MEASURES = ("nprs", "odi")
GOAL_NPRS_AT_MOST = 1
GOAL_ODI_AT_MOST = 10


@dataclass(frozen=True)
class ProgressThresholds:
    nprs_mcid: Decimal = Decimal(2)
    odi_mcid: Decimal = Decimal(10)
    relative_improvement_percent: Decimal = Decimal(30)
    plateau_days: int = 28
    reevaluation_days: int = 30
    reevaluation_visit_count: int = 10

    def mcid(self, measure: str) -> Decimal:
        return {"nprs": self.nprs_mcid, "odi": self.odi_mcid}[measure]


@dataclass(frozen=True)
class Measures:
    """A baseline or a visit: the date and whichever measures were taken (ODI as a percentage)."""

    date: date
    nprs: int | None = None
    odi: Decimal | None = None
    findings: frozenset[str] = frozenset()

    def value(self, measure: str) -> Decimal | None:
        value = getattr(self, measure)
        return None if value is None else Decimal(str(value))


@dataclass(frozen=True)
class MeasureChange:
    change: Decimal
    status: MeasureStatus

    def as_dict(self) -> dict:
        return {"change": _number(self.change), "status": self.status.value}


@dataclass(frozen=True)
class VisitJudgement:
    date: date
    status: MeasureStatus | None
    measures: dict[str, MeasureChange]

    def as_dict(self) -> dict:
        return {
            "date": self.date.isoformat(),
            "status": None if self.status is None else self.status.value,
            "measures": {name: change.as_dict() for name, change in self.measures.items()},
        }


@dataclass(frozen=True)
class Prompt:
    kind: PromptKind
    date: date
    reasons: tuple[str, ...]
    level: TriageLevel | None = None  # red flags only
    visit_index: int = field(default=0, compare=False)

    def as_dict(self) -> dict:
        body = {"kind": self.kind.value, "date": self.date.isoformat(), "reasons": list(self.reasons)}
        if self.level is not None:
            body["level"] = self.level.value
        return body


@dataclass(frozen=True)
class ProgressReport:
    visits: tuple[VisitJudgement, ...]
    prompts: tuple[Prompt, ...]

    def as_dict(self) -> dict:
        return {
            "visits": [visit.as_dict() for visit in self.visits],
            "prompts": [prompt.as_dict() for prompt in self.prompts],
        }

    def prompts_for(self, index: int) -> tuple[Prompt, ...]:
        return tuple(p for p in self.prompts if p.visit_index == index)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def measure_change(
    baseline: Decimal, value: Decimal, mcid: Decimal, relative_percent: Decimal
) -> MeasureChange:
    """Improved when the score fell by the MCID or by the relative share of a non-zero baseline;
    worsened when it rose by the MCID (the relative rule never marks a worsening)."""
    change = value - baseline
    fall = -change
    if fall >= mcid or (baseline > 0 and fall * 100 >= relative_percent * baseline):
        return MeasureChange(change, MeasureStatus.IMPROVED)
    if change >= mcid:
        return MeasureChange(change, MeasureStatus.WORSENED)
    return MeasureChange(change, MeasureStatus.UNCHANGED)


def judge_visit(baseline: Measures, visit: Measures, thresholds: ProgressThresholds) -> VisitJudgement:
    measures: dict[str, MeasureChange] = {}
    for name in MEASURES:
        before, after = baseline.value(name), visit.value(name)
        if before is not None and after is not None:
            measures[name] = measure_change(
                before, after, thresholds.mcid(name), thresholds.relative_improvement_percent
            )
    statuses = {m.status for m in measures.values()}
    if not measures:
        status = None
    elif MeasureStatus.WORSENED in statuses:
        status = MeasureStatus.WORSENED
    elif MeasureStatus.IMPROVED in statuses:
        status = MeasureStatus.IMPROVED
    else:
        status = MeasureStatus.UNCHANGED
    return VisitJudgement(date=visit.date, status=status, measures=measures)


def evaluate_progress(
    baseline: Measures,
    visits: Sequence[Measures],
    thresholds: ProgressThresholds = ProgressThresholds(),  # noqa: B008 - frozen
) -> ProgressReport:
    """Judge every visit since the baseline, in date order, and raise the contract's prompts."""
    judgements: list[VisitJudgement] = []
    prompts: list[Prompt] = []
    improved_so_far = False
    plateau_checkpoint_passed = False
    reevaluation_by_days_passed = False

    for index, visit in enumerate(visits):
        judgement = judge_visit(baseline, visit, thresholds)
        judgements.append(judgement)
        days = (visit.date - baseline.date).days
        improved_so_far = improved_so_far or judgement.status == MeasureStatus.IMPROVED

        def add(kind: PromptKind, reasons: Iterable[str], level: TriageLevel | None = None) -> None:
            prompts.append(Prompt(kind, visit.date, tuple(reasons), level, visit_index=index))  # noqa: B023

        if judgement.status == MeasureStatus.WORSENED:
            add(
                PromptKind.REGRESSION,
                [n for n, m in judgement.measures.items() if m.status == MeasureStatus.WORSENED],
            )

        triage = assess_red_flags(findings=visit.findings)
        if triage.level != TriageLevel.NONE:
            add(PromptKind.RED_FLAG, triage.reasons, triage.level)

        plateau_reasons = []
        previous = judgements[index - 1] if index > 0 else None
        if (
            judgement.status == MeasureStatus.UNCHANGED
            and previous is not None
            and previous.status == MeasureStatus.UNCHANGED
        ):
            plateau_reasons.append("unchanged_twice")
        if days >= thresholds.plateau_days and not plateau_checkpoint_passed:
            plateau_checkpoint_passed = True
            if not improved_so_far:
                plateau_reasons.append(f"not_improved_by_day_{thresholds.plateau_days}")
        if plateau_reasons:
            add(PromptKind.PLATEAU, plateau_reasons)

        goal_reasons = []
        if visit.nprs is not None and visit.nprs <= GOAL_NPRS_AT_MOST:
            goal_reasons.append("nprs")
        if visit.odi is not None and Decimal(str(visit.odi)) <= GOAL_ODI_AT_MOST:
            goal_reasons.append("odi")
        if goal_reasons:
            add(PromptKind.GOAL_MET, goal_reasons)

        reevaluation_reasons = []
        if days >= thresholds.reevaluation_days and not reevaluation_by_days_passed:
            reevaluation_by_days_passed = True
            reevaluation_reasons.append(f"{thresholds.reevaluation_days}_days_since_baseline")
        if index + 1 == thresholds.reevaluation_visit_count:
            reevaluation_reasons.append(f"visit_{thresholds.reevaluation_visit_count}")
        if reevaluation_reasons:
            add(PromptKind.REEVALUATION_DUE, reevaluation_reasons)

    return ProgressReport(visits=tuple(judgements), prompts=tuple(prompts))
