"""Why a prompt was raised, as typed values: ``code`` is the contract's reason string
(shared/api-contract.md, progress ``prompts[].reasons``), ``reason_text`` the app's words for it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

MEASURE_WORDS = {
    "nprs": "pain (NPRS)",
    "odi": "disability (ODI)",
    "rmdq": "disability (RMDQ)",
    "psfs": "function (PSFS)",
    "lumbar_flexion": "lumbar flexion",
    "slr_left": "straight-leg raise (left)",
    "slr_right": "straight-leg raise (right)",
}


@dataclass(frozen=True)
class MeasureReason:
    """A measure that worsened, relapsed or reached its goal."""

    measure: str

    @property
    def code(self) -> str:
        return self.measure


class Template(Enum):
    """The reasons of the plateau and re-evaluation rules: the contract's code and the app's words for
    each, with ``{}`` where the number of days or visits goes."""

    NO_CHANGE_FOR_DAYS = "no_change_{}_days", "no clinically important change for {} days"
    UNCHANGED_TWICE = "unchanged_twice", "unchanged at two visits in a row"
    NOT_IMPROVED_BY_DAY = "not_improved_by_day_{}", "no clinically important improvement by day {}"
    DAYS_SINCE_BASELINE = "{}_days_since_baseline", "{} days since the baseline assessment"
    VISIT_NUMBER = "visit_{}", "visit number {} since the baseline"

    def __init__(self, code: str, words: str) -> None:
        self.code_format = code
        self.words_format = words

    def reason(self, number: int | None = None) -> TemplateReason:
        return TemplateReason(self.code_format.format(number), self.words_format.format(number))


@dataclass(frozen=True)
class TemplateReason:
    code: str
    words: str


@dataclass(frozen=True)
class TriageReason:
    """A reason of a red flag: a finding code or a derived key such as ``new_deficit:weakness``."""

    code: str


Reason = MeasureReason | TemplateReason | TriageReason


def reason_text(reason: Reason) -> str:
    match reason:
        case MeasureReason(measure=measure):
            return MEASURE_WORDS.get(measure, measure.replace("_", " "))
        case TemplateReason(words=words):
            return words
        case TriageReason(code=code):
            return code.replace("_", " ")
