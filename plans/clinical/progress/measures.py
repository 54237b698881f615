"""Progress against baseline: each visit's change, status and prompts (shared/api-contract.md, v2).

Pure functions shared by the visit pages, the stored prompts and ``POST /api/v1/progress/evaluate``.
Thresholds come from the clinic's settings (``ProgressThresholds``); the defaults are the published
ones: MCID 2 NPRS points, 10 ODI points and 5 RMDQ points, or a 30% fall from a non-zero baseline
that is also at least the measure's floor (NPRS 2, ODI 6, RMDQ 4); PSFS (higher is better) moves by
2 points either way. Each visit is also compared with the best value so far (relapse) and with the
previous value of each measure.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from plans.clinical.triage import RedFlag
from plans.clinical.triage import screen_visit as triage_visit
from plans.clinical.vocabulary import MeasureStatus, PromptKind, TriageLevel

RULES_VERSION = 2
MEASURES = ("nprs", "odi", "rmdq", "psfs")
HIGHER_IS_BETTER = frozenset({"psfs"})
RELATIVE_PATH = frozenset({"nprs", "odi", "rmdq"})
# Default goals where the request or plan sets none: the recovery anchors (reference §8.4).
RECOVERY_LEVELS = {"nprs": Decimal(1), "odi": Decimal(10), "rmdq": Decimal(2)}
FABQ_PA_HIGH_ABOVE = 14
FABQ_W_HIGH_ABOVE = 34

PROMPT_ORDER = (
    PromptKind.REGRESSION,
    PromptKind.RELAPSE,
    PromptKind.RED_FLAG,
    PromptKind.PLATEAU,
    PromptKind.GOAL_MET,
    PromptKind.REEVALUATION_DUE,
)
ADHERENCE_PROMPTS = frozenset({PromptKind.REGRESSION, PromptKind.RELAPSE, PromptKind.PLATEAU})
HOLDING_LEVELS = frozenset({TriageLevel.URGENT, TriageLevel.EMERGENCY})

NEW_DEFICIT_PREFIX = "new_deficit:"

REASON_WORDS = {
    "nprs": "pain (NPRS)",
    "odi": "disability (ODI)",
    "rmdq": "disability (RMDQ)",
    "psfs": "function (PSFS)",
    "unchanged_twice": "unchanged at two visits in a row",
}


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
        return value >= self.target if self.measure in HIGHER_IS_BETTER else value <= self.target


@dataclass(frozen=True)
class Measures:
    """A baseline or a visit: the date and whichever measures were taken (ODI as a percentage,
    PSFS as the mean rating).

    ``findings`` of a baseline is None when not given: visits are then screened alone (v1).
    ``age`` and ``sex`` are the baseline's; ``adherence`` a visit's share of home sessions done.
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

    def value(self, measure: str) -> Decimal | None:
        value = getattr(self, measure)
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

    def as_dict(self) -> dict:
        body = {"change": _number(self.change), "status": self.status.value}
        if self.best is not None:
            body["best"] = _number(self.best)
            body["change_from_best"] = _number(self.change_from_best)
            body["change_from_previous"] = _number(self.change_from_previous)
        return body


@dataclass(frozen=True)
class VisitJudgement:
    date: date
    status: MeasureStatus | None
    measures: dict[str, MeasureChange]
    fabq: dict | None = None

    def as_dict(self) -> dict:
        body = {
            "date": self.date.isoformat(),
            "status": None if self.status is None else self.status.value,
            "measures": {name: change.as_dict() for name, change in self.measures.items()},
        }
        if self.fabq is not None:
            body["fabq"] = self.fabq
        return body


@dataclass(frozen=True)
class Prompt:
    kind: PromptKind
    date: date
    reasons: tuple[str, ...]
    level: TriageLevel | None = None  # red flags only
    visit_index: int = field(default=0, compare=False)
    message: str = field(default="", compare=False)
    adherence_first: bool | None = None  # regression, relapse and plateau only

    @property
    def holds_plan(self) -> bool:
        return self.level in HOLDING_LEVELS

    def as_dict(self) -> dict:
        body: dict = {"kind": self.kind.value, "date": self.date.isoformat()}
        if self.level is not None:
            body["level"] = self.level.value
            body["holds_plan"] = self.holds_plan
        body["reasons"] = list(self.reasons)
        if self.adherence_first is not None:
            body["adherence_first"] = self.adherence_first
        body["message"] = self.message
        return body


@dataclass(frozen=True)
class ProgressReport:
    visits: tuple[VisitJudgement, ...]
    prompts: tuple[Prompt, ...]

    def as_dict(self) -> dict:
        return {
            "rules_version": RULES_VERSION,
            "visits": [visit.as_dict() for visit in self.visits],
            "prompts": [prompt.as_dict() for prompt in self.prompts],
        }

    def prompts_for(self, index: int) -> tuple[Prompt, ...]:
        return tuple(p for p in self.prompts if p.visit_index == index)


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


def _fabq(visit: Measures) -> dict | None:
    if visit.fabq_pa is None and visit.fabq_w is None:
        return None
    return {
        "pa": visit.fabq_pa,
        "w": visit.fabq_w,
        "pa_high": None if visit.fabq_pa is None else visit.fabq_pa > FABQ_PA_HIGH_ABOVE,
        "w_high": None if visit.fabq_w is None else visit.fabq_w > FABQ_W_HIGH_ABOVE,
    }


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


# Visit red-flag screening ------------------------------------------------------------------------


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


# Messages ----------------------------------------------------------------------------------------


def _reason_text(reason: str) -> str:
    if reason in REASON_WORDS:
        return REASON_WORDS[reason]
    if reason.startswith("not_improved_by_day_"):
        return f"no clinically important improvement by day {reason.rsplit('_', 1)[-1]}"
    if reason.startswith("no_change_") and reason.endswith("_days"):
        return f"no clinically important change for {reason.split('_')[2]} days"
    if reason.endswith("_days_since_baseline"):
        return f"{reason.split('_', 1)[0]} days since the baseline assessment"
    if reason.startswith("visit_"):
        return f"visit number {reason.split('_', 1)[1]} since the baseline"
    return reason.replace("_", " ")


def red_flag_text(level: TriageLevel, flags: Iterable[RedFlag]) -> str:
    actions = "; ".join(f"{flag.condition}: {flag.action}" for flag in flags)
    return f"Red flag ({TriageLevel(level).label.lower()}): {actions}."


def prompt_message(
    kind: PromptKind,
    reasons: Sequence[str],
    *,
    adherence: int | None = None,
    adherence_first: bool = False,
    red_flag: str = "",
) -> str:
    """The app's words for a prompt; ``red_flag`` is the text of a red-flag prompt."""
    reason_text = ", ".join(_reason_text(r) for r in reasons)
    if kind == PromptKind.RED_FLAG:
        message = red_flag
    elif kind == PromptKind.REGRESSION:
        message = f"Regression: {reason_text} worsened by at least the clinically important amount."
    elif kind == PromptKind.RELAPSE:
        message = (
            f"Relapse: {reason_text} worsened by at least the clinically important amount from its best "
            "value since the baseline. Look for a flare trigger or new findings before changing the plan."
        )
    elif kind == PromptKind.PLATEAU:
        message = f"Plateau: {reason_text}. Consider changing the approach, the dose or the education."
    elif kind == PromptKind.GOAL_MET:
        message = f"Goal met: every goal reached ({reason_text}). Consider discharge or new goals."
    else:
        message = f"Re-evaluation due: {reason_text}. Record a re-evaluation to reset the baseline."
    if adherence_first:
        message += (
            f" Home-exercise adherence is only {adherence}%: address adherence (barriers, dose, "
            "timing) before changing the exercises."
        )
    return message


def _prompt(
    kind: PromptKind,
    visit: Measures,
    index: int,
    reasons: tuple[str, ...],
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

        def add(kind: PromptKind, reasons: Iterable[str], level=None, text: str = "") -> None:
            raised.append(_prompt(kind, visit, index, tuple(reasons), thresholds, level, text))  # noqa: B023

        if judgement.status == MeasureStatus.WORSENED:
            add(
                PromptKind.REGRESSION,
                [n for n, m in judgement.measures.items() if m.status == MeasureStatus.WORSENED],
            )

        relapsed = [
            name
            for name, m in judgement.measures.items()
            if name in improved_measures
            and m.status != MeasureStatus.WORSENED
            and (-m.change_from_best if name in HIGHER_IS_BETTER else m.change_from_best)
            >= thresholds.mcid(name)
        ]
        if relapsed:
            add(PromptKind.RELAPSE, relapsed)

        screen = screen_visit(baseline, visit)
        if screen.level != TriageLevel.NONE:
            add(PromptKind.RED_FLAG, screen.reasons, screen.level, red_flag_text(screen.level, screen.flags))
        held = screen.level in HOLDING_LEVELS

        first_past_checkpoint = days >= thresholds.plateau_days and not checkpoint_passed
        checkpoint_passed = checkpoint_passed or days >= thresholds.plateau_days
        if (
            judgement.status == MeasureStatus.UNCHANGED
            and (visit.date - window_start).days >= thresholds.plateau_window_days
            and not held
        ):
            reasons = [f"no_change_{thresholds.plateau_window_days}_days"]
            if last_status == MeasureStatus.UNCHANGED:
                reasons.append("unchanged_twice")
            if first_past_checkpoint and not improved_so_far:
                reasons.append(f"not_improved_by_day_{thresholds.plateau_days}")
            add(PromptKind.PLATEAU, reasons)

        if goals and not held:
            if all(goal.met_by(visit.value(goal.measure)) for goal in goals):
                add(PromptKind.GOAL_MET, dict.fromkeys(goal.measure for goal in goals))

        reevaluation_reasons = []
        if days >= thresholds.reevaluation_days and not reevaluation_by_days_passed:
            reevaluation_by_days_passed = True
            reevaluation_reasons.append(f"{thresholds.reevaluation_days}_days_since_baseline")
        if index + 1 == thresholds.reevaluation_visit_count:
            reevaluation_reasons.append(f"visit_{thresholds.reevaluation_visit_count}")
        if reevaluation_reasons:
            add(PromptKind.REEVALUATION_DUE, reevaluation_reasons)

        prompts += sorted(raised, key=lambda p: PROMPT_ORDER.index(p.kind))
        improved_measures |= {n for n, m in judgement.measures.items() if m.status == MeasureStatus.IMPROVED}
        if judgement.status in (MeasureStatus.IMPROVED, MeasureStatus.WORSENED):
            window_start = visit.date
        if judgement.status is not None:
            last_status = judgement.status

    return ProgressReport(visits=tuple(judgements), prompts=tuple(prompts))
