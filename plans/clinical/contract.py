"""The JSON shapes the clinical results take in the API (shared/api-contract.md), as TypedDicts.

``as_dict()`` of each result returns one of these, so mypy checks the response bodies of
``POST /api/v1/suggest`` and ``POST /api/v1/progress/evaluate`` where they are put together. A result
whose body is just its fields says so by extending ``ContractResult``; the exact-body API tests check
those fields against the contract.
"""

from __future__ import annotations

import dataclasses
from enum import Enum
from typing import TYPE_CHECKING, ClassVar, Generic, NotRequired, TypedDict, TypeVar, cast

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

Body = TypeVar("Body")


class ContractResult(Generic[Body]):
    """A dataclass whose ``as_dict()`` is its fields in declaration order: tuples as lists, choices as
    their codes, results as their bodies, and a nested dataclass (a planned exercise's dose) spread
    into its own."""

    __dataclass_fields__: ClassVar[dict[str, dataclasses.Field[object]]]

    def as_dict(self) -> Body:
        return cast(Body, contract_fields(self))


def contract_fields(result: DataclassInstance) -> dict[str, object]:
    body: dict[str, object] = {}
    for field in dataclasses.fields(result):
        value = getattr(result, field.name)
        if dataclasses.is_dataclass(value) and not isinstance(value, (type, ContractResult)):
            body.update(contract_fields(value))
        else:
            body[field.name] = _contract_value(value)
    return body


def _contract_value(value: object) -> object:
    if isinstance(value, tuple):
        return [_contract_value(item) for item in value]
    if isinstance(value, ContractResult):
        return value.as_dict()
    if isinstance(value, Enum):
        return value.value
    return value


class RedFlagDict(TypedDict):
    code: str
    condition: str
    level: str
    reasons: list[str]
    action: str


class TriageDict(TypedDict):
    level: str
    reasons: list[str]
    flags: list[RedFlagDict]


class PlanHoldDict(TypedDict):
    level: str
    reasons: list[str]
    release: list[str]


class OdiScoreDict(TypedDict):
    percent: float | None
    band: str | None
    answered: int
    valid: bool


class StartBackScoreDict(TypedDict):
    total: int
    psychosocial: int
    risk: str


class FabqDict(TypedDict):
    pa: int | None
    w: int | None
    pa_high: bool | None
    w_high: bool | None


class PsfsScoreDict(TypedDict):
    mean: float
    items: int


class RmdqScoreDict(TypedDict):
    total: int


class ScoresDict(TypedDict, total=False):
    odi: OdiScoreDict
    startback: StartBackScoreDict
    psfs: PsfsScoreDict
    rmdq: RmdqScoreDict
    fabq: FabqDict


class RankedCauseDict(TypedDict):
    code: str
    name: str
    description: str
    score: float
    supporting: list[str]
    against: list[str]


class DoseDict(TypedDict):
    sets: int
    reps: int | None
    hold_seconds: int | None
    times_per_day: int
    days_per_week: int


class PlannedExerciseDict(DoseDict):
    slug: str
    name: str
    kind: str
    loaded_spinal_flexion: bool
    properties: list[str]
    target_region: str
    trial: bool
    reason: str
    rule: str  # a PlanRule code: which plan rule chose the item (added key, not in the contract text)


class EducationRefDict(TypedDict):
    slug: str
    title: str


class GoalDict(TypedDict):
    measure: str
    target: int | float
    comparator: str
    due_in_days: int


class PlanDict(TypedDict):
    care_pathway: str
    dp_basis: str | None
    exercises: list[PlannedExerciseDict]
    education: list[EducationRefDict]
    activity_advice: list[str]
    referral: str | None
    notes: list[str]
    goals: list[GoalDict]
    review_in_days: int


class SuggestionDict(TypedDict):
    rules_version: int
    triage: TriageDict
    plan_hold: PlanHoldDict | None
    stage: str
    scores: ScoresDict
    causes_withheld: bool
    serious_pathology_suspected: list[str]
    causes: list[RankedCauseDict]
    cpg_category: str | None
    cpg_matches: list[str]
    plan: PlanDict | None


class MeasureChangeDict(TypedDict):
    change: int | float
    status: str
    best: NotRequired[int | float]
    change_from_best: NotRequired[int | float]
    change_from_previous: NotRequired[int | float]


class VisitJudgementDict(TypedDict):
    date: str
    status: str | None
    measures: dict[str, MeasureChangeDict]
    fabq: NotRequired[FabqDict]


class PromptDict(TypedDict):
    kind: str
    date: str
    level: NotRequired[str]
    holds_plan: NotRequired[bool]
    reasons: list[str]
    adherence_first: NotRequired[bool]
    message: str


class ProgressReportDict(TypedDict):
    rules_version: int
    visits: list[VisitJudgementDict]
    prompts: list[PromptDict]
