"""Why a prompt was raised, as typed values: ``code`` is the contract's reason string
(shared/api-contract.md, progress ``prompts[].reasons``), ``reason_text`` the app's words for it."""

from __future__ import annotations

from dataclasses import dataclass

MEASURE_WORDS = {
    "nprs": "pain (NPRS)",
    "odi": "disability (ODI)",
    "rmdq": "disability (RMDQ)",
    "psfs": "function (PSFS)",
}


@dataclass(frozen=True)
class MeasureReason:
    """A measure that worsened, relapsed or reached its goal."""

    measure: str

    @property
    def code(self) -> str:
        return self.measure


@dataclass(frozen=True)
class NoChangeFor:
    days: int

    @property
    def code(self) -> str:
        return f"no_change_{self.days}_days"


@dataclass(frozen=True)
class UnchangedTwice:
    @property
    def code(self) -> str:
        return "unchanged_twice"


@dataclass(frozen=True)
class NotImprovedByDay:
    day: int

    @property
    def code(self) -> str:
        return f"not_improved_by_day_{self.day}"


@dataclass(frozen=True)
class DaysSinceBaseline:
    days: int

    @property
    def code(self) -> str:
        return f"{self.days}_days_since_baseline"


@dataclass(frozen=True)
class VisitNumber:
    number: int

    @property
    def code(self) -> str:
        return f"visit_{self.number}"


@dataclass(frozen=True)
class TriageReason:
    """A reason of a red flag: a finding code or a derived key such as ``new_deficit:weakness``."""

    code: str


Reason = (
    MeasureReason
    | NoChangeFor
    | UnchangedTwice
    | NotImprovedByDay
    | DaysSinceBaseline
    | VisitNumber
    | TriageReason
)


def reason_text(reason: Reason) -> str:
    match reason:
        case MeasureReason(measure=measure):
            return MEASURE_WORDS.get(measure, measure.replace("_", " "))
        case NoChangeFor(days=days):
            return f"no clinically important change for {days} days"
        case UnchangedTwice():
            return "unchanged at two visits in a row"
        case NotImprovedByDay(day=day):
            return f"no clinically important improvement by day {day}"
        case DaysSinceBaseline(days=days):
            return f"{days} days since the baseline assessment"
        case VisitNumber(number=number):
            return f"visit number {number} since the baseline"
        case TriageReason(code=code):
            return code.replace("_", " ")
