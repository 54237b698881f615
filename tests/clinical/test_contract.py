"""Results whose API body is their fields (``ContractResult``) name the contract's keys exactly."""

import dataclasses
import typing

import pytest

import plans.clinical.engine.results  # noqa: F401 - registers the engine's results
import plans.clinical.triage  # noqa: F401 - registers the triage's results
from plans.clinical.contract import ContractResult
from plans.clinical.dose import Dose
from plans.clinical.engine.results import Goal, PlannedExercise, RankedCause
from plans.clinical.triage import RedFlag
from plans.clinical.vocabulary import PlanRule, TriageLevel


def _body_keys(cls: type) -> set[str]:
    keys = set()
    for field in dataclasses.fields(cls):
        hint = typing.get_type_hints(cls)[field.name]
        keys |= _body_keys(hint) if dataclasses.is_dataclass(hint) else {field.name}
    return keys


@pytest.mark.parametrize("result", ContractResult.__subclasses__(), ids=lambda cls: cls.__name__)
def test_fields_are_the_contract_keys(result):
    (body,) = typing.get_args(result.__orig_bases__[0])
    assert _body_keys(result) == body.__required_keys__ | body.__optional_keys__


def test_body_keeps_field_order_lists_codes_and_spreads_the_dose():
    flag = RedFlag("fever", "Infection", TriageLevel.URGENT, ("fever",), "Refer today")
    assert flag.as_dict() == {
        "code": "fever",
        "condition": "Infection",
        "level": "urgent",
        "reasons": ["fever"],
        "action": "Refer today",
    }
    assert type(flag.as_dict()["level"]) is str
    exercise = PlannedExercise(
        "walk",
        "Walking",
        "aerobic",
        False,
        ("spinal_flexion", "supine"),
        "general",
        False,
        Dose(1, None, 600, 1, 7),
        "why",
        PlanRule.CAUSE,
    )
    body = exercise.as_dict()
    assert list(body) == [
        "slug",
        "name",
        "kind",
        "loaded_spinal_flexion",
        "properties",
        "target_region",
        "trial",
        "sets",
        "reps",
        "hold_seconds",
        "times_per_day",
        "days_per_week",
        "reason",
        "rule",
    ]
    assert body["properties"] == ["spinal_flexion", "supine"]
    assert type(body["rule"]) is str and body["rule"] == "cause"
    goal = Goal("psfs", 6.0, ">=", 28)
    assert goal.as_dict() == {"measure": "psfs", "target": 6.0, "comparator": ">=", "due_in_days": 28}
    cause = RankedCause("c", "Cause", "", 0.5, ("a",), ())
    assert list(cause.as_dict()) == ["code", "name", "description", "score", "supporting", "against"]
