"""Progress against baseline: each visit's change, status and prompts (shared/api-contract.md, v2).

Pure functions shared by the visit pages, the stored prompts and ``POST /api/v1/progress/evaluate``.
Thresholds come from the clinic's settings (``ProgressThresholds``); the defaults are the published
ones: MCID 2 NPRS points, 10 ODI points and 5 RMDQ points, or a 30% fall from a non-zero baseline
that is also at least the measure's floor (NPRS 2, ODI 6, RMDQ 4); PSFS (higher is better) moves by
2 points either way. Each visit is also compared with the best value so far (relapse) and with the
previous value of each measure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from plans.clinical.contract import FabqDict, MeasureChangeDict, VisitJudgementDict
from plans.clinical.scoring import FabqScore
from plans.clinical.vocabulary import MeasureStatus

MEASURES = ("nprs", "odi", "rmdq", "psfs")
HIGHER_IS_BETTER = frozenset({"psfs"})
RELATIVE_PATH = frozenset({"nprs", "odi", "rmdq"})
# Goals may also aim at an objective measure in degrees (plans.clinical.objective), higher is better:
# judged for a goal only, never as a visit's progress.
OBJECTIVE_GOALS = ("lumbar_flexion", "slr_left", "slr_right")
GOAL_HIGHER_IS_BETTER = HIGHER_IS_BETTER | frozenset(OBJECTIVE_GOALS)
# Default goals where the request or plan sets none: the recovery anchors (reference §8.4).
RECOVERY_LEVELS = {"nprs": Decimal(1), "odi": Decimal(10), "rmdq": Decimal(2)}


@dataclass(frozen=True)
class ProgressThresholds:
    nprs_mcid: Decimal = Decimal(2)
    odi_mcid: Decimal = Decimal(10)
    rmdq_mcid: Decimal = Decimal(5)
    psfs_mcid: Decimal = Decimal(2)
    relative_improvement_percent: Decimal = Decimal(30)
    nprs_floor: Decimal = Decimal(2)
    odi_floor: Decimal = Decimal(6)
    rmdq_floor: Decimal = Decimal(4)
    plateau_window_days: int = 21
    plateau_days: int = 28  # the "not improved by day N" checkpoint
    reevaluation_days: int = 30
    reevaluation_visit_count: int = 10
    low_adherence_percent: int = 50

    def mcid(self, measure: str) -> Decimal:
        return getattr(self, f"{measure}_mcid")

    def floor(self, measure: str) -> Decimal:
        return getattr(self, f"{measure}_floor")


@dataclass(frozen=True)
class Goal:
    measure: str
    target: Decimal

    def met_by(self, value: Decimal | None) -> bool:
        if value is None:
            return False
        return value >= self.target if self.measure in GOAL_HIGHER_IS_BETTER else value <= self.target


@dataclass(frozen=True)
class Measures:
    """A baseline or a visit: the date and whichever measures were taken (ODI as a percentage,
    PSFS as the mean rating).

    ``findings`` of a baseline is None when not given: visits are then screened alone (v1).
    ``age`` and ``sex`` are the baseline's; ``adherence`` a visit's share of home sessions done;
    ``objective`` the degrees of the ``OBJECTIVE_GOALS`` measured that day.
    """

    date: date
    nprs: int | None = None
    odi: Decimal | None = None
    rmdq: int | None = None
    psfs: Decimal | None = None
    fabq_pa: int | None = None
    fabq_w: int | None = None
    findings: frozenset[str] | None = None
    adherence: int | None = None
    age: int | None = None
    sex: str | None = None
    objective: Mapping[str, int] = field(default_factory=dict)

    def value(self, measure: str) -> Decimal | None:
        value = self.objective.get(measure) if measure in OBJECTIVE_GOALS else getattr(self, measure)
        return None if value is None else Decimal(str(value))

    @property
    def found(self) -> frozenset[str]:
        return frozenset(str(code) for code in self.findings or ())


@dataclass(frozen=True)
class MeasureChange:
    change: Decimal
    status: MeasureStatus
    best: Decimal | None = None
    change_from_best: Decimal | None = None
    change_from_previous: Decimal | None = None

    def as_dict(self) -> MeasureChangeDict:
        body: MeasureChangeDict = {"change": _number(self.change), "status": self.status.value}
        if (
            self.best is not None
            and self.change_from_best is not None
            and self.change_from_previous is not None
        ):
            body["best"] = _number(self.best)
            body["change_from_best"] = _number(self.change_from_best)
            body["change_from_previous"] = _number(self.change_from_previous)
        return body


@dataclass(frozen=True)
class VisitJudgement:
    date: date
    status: MeasureStatus | None
    measures: dict[str, MeasureChange]
    fabq: FabqDict | None = None

    def as_dict(self) -> VisitJudgementDict:
        body: VisitJudgementDict = {
            "date": self.date.isoformat(),
            "status": None if self.status is None else self.status.value,
            "measures": {name: change.as_dict() for name, change in self.measures.items()},
        }
        if self.fabq is not None:
            body["fabq"] = self.fabq
        return body


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def measure_change(
    baseline: Decimal,
    value: Decimal,
    mcid: Decimal,
    relative_percent: Decimal | None,
    floor: Decimal = Decimal(0),
    *,
    higher_is_better: bool = False,
) -> MeasureChange:
    """Improved when the score moved the better way by the MCID, or (``relative_percent`` given)
    fell by that share of a non-zero baseline and by at least ``floor``; worsened when it moved the
    worse way by the MCID (the relative rule never marks a worsening)."""
    change = value - baseline
    gain = change if higher_is_better else -change
    relative = (
        relative_percent is not None
        and baseline > 0
        and gain >= floor
        and gain * 100 >= relative_percent * baseline
    )
    if gain >= mcid or relative:
        return MeasureChange(change, MeasureStatus.IMPROVED)
    if -gain >= mcid:
        return MeasureChange(change, MeasureStatus.WORSENED)
    return MeasureChange(change, MeasureStatus.UNCHANGED)


def _change(measure: str, before: Decimal, after: Decimal, thresholds: ProgressThresholds) -> MeasureChange:
    if measure in RELATIVE_PATH:
        return measure_change(
            before,
            after,
            thresholds.mcid(measure),
            thresholds.relative_improvement_percent,
            thresholds.floor(measure),
        )
    return measure_change(before, after, thresholds.mcid(measure), None, higher_is_better=True)


def _visit_status(measures: dict[str, MeasureChange]) -> MeasureStatus | None:
    statuses = {m.status for m in measures.values()}
    if not measures:
        return None
    if MeasureStatus.WORSENED in statuses:
        return MeasureStatus.WORSENED
    if MeasureStatus.IMPROVED in statuses:
        return MeasureStatus.IMPROVED
    return MeasureStatus.UNCHANGED


def _fabq(visit: Measures) -> FabqDict | None:
    if visit.fabq_pa is None and visit.fabq_w is None:
        return None
    return FabqScore(pa=visit.fabq_pa, w=visit.fabq_w).as_dict()


def judge_visit(
    baseline: Measures,
    visit: Measures,
    thresholds: ProgressThresholds,
    earlier: Sequence[Measures] = (),
) -> VisitJudgement:
    """The visit against the baseline, and each measure against its best and previous values among
    the baseline and the ``earlier`` visits (in order)."""
    measures: dict[str, MeasureChange] = {}
    for name in MEASURES:
        before, after = baseline.value(name), visit.value(name)
        if before is None or after is None:
            continue
        so_far = [before, *(v for v in (e.value(name) for e in earlier) if v is not None)]
        best = max(so_far) if name in HIGHER_IS_BETTER else min(so_far)
        judged = _change(name, before, after, thresholds)
        measures[name] = MeasureChange(judged.change, judged.status, best, after - best, after - so_far[-1])
    return VisitJudgement(
        date=visit.date, status=_visit_status(measures), measures=measures, fabq=_fabq(visit)
    )


def default_goals(baseline: Measures) -> tuple[Goal, ...]:
    """The recovery levels, for each measure whose baseline is above its level."""
    return tuple(
        Goal(name, level)
        for name, level in RECOVERY_LEVELS.items()
        if (value := baseline.value(name)) is not None and value > level
    )
