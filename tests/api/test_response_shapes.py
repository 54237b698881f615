"""The engine's answers match the response serializers the OpenAPI schema is generated from, exactly,
on every vignette and progress series: no key the schema leaves out, none it promises missing, every
type, range and enum value as declared. And the check itself fails on a drift of each kind."""

import copy
from typing import Any

import pytest
from rest_framework import serializers

from plans.api.conformance import ResponseShapeError, shape_errors
from plans.api.serializers.progress import ProgressRequestSerializer, ProgressResponseSerializer
from plans.api.serializers.suggest import SuggestRequestSerializer, SuggestResponseSerializer
from plans.clinical.catalog import load_catalog_json
from plans.clinical.engine import assessment_from_contract, suggest
from plans.clinical.engine.results import Suggestion
from plans.clinical.progress import ProgressReport, evaluate_progress
from tests.api import PROGRESS_URL, SUGGEST_URL, token_client
from tests.api.response_cases import progress_requests, suggest_requests
from tests.clinical.vignettes import CONTRACT_EXAMPLE_REQUEST

CATALOG = load_catalog_json()
SUGGEST_CASES = suggest_requests()
PROGRESS_CASES = progress_requests()


def suggest_answer(request: dict) -> dict:
    serializer = SuggestRequestSerializer(data=request)
    assert serializer.is_valid(), serializer.errors
    return suggest(assessment_from_contract(serializer.to_contract()), CATALOG).as_dict()


def progress_answer(request: dict) -> dict:
    serializer = ProgressRequestSerializer(data=request)
    assert serializer.is_valid(), serializer.errors
    baseline, visits, goals = serializer.to_engine_input()
    return evaluate_progress(baseline, visits, goals=goals).as_dict()


def declared_paths(field: serializers.Field, path: str = "") -> set[str]:
    """Every key path the serializer declares; list items and map values are ``*``."""
    if isinstance(field, serializers.ListSerializer | serializers.ListField | serializers.DictField):
        return declared_paths(field.child, f"{path}.*")
    if isinstance(field, serializers.Serializer):
        return {
            p
            for name, child in field.fields.items()
            for p in {f"{path}.{name}", *declared_paths(child, f"{path}.{name}")}
        }
    return set()


def emitted_paths(field: serializers.Field, value: Any, path: str = "") -> tuple[set[str], set[str]]:
    """The declared key paths an answer fills with a value, and those it fills with null."""
    filled: set[str] = set()
    nulls: set[str] = set()
    if value is None:
        return filled, nulls
    if isinstance(field, serializers.ListSerializer | serializers.ListField):
        items = [(field.child, f"{path}.*", item) for item in value]
    elif isinstance(field, serializers.Serializer):
        items = [(field.fields[key], f"{path}.{key}", item) for key, item in value.items()]
    elif isinstance(field, serializers.DictField):
        items = [(field.child, f"{path}.*", item) for item in value.values()]
    else:
        return filled, nulls
    for child, child_path, item in items:
        (nulls if item is None else filled).add(child_path)
        deeper_filled, deeper_nulls = emitted_paths(child, item, child_path)
        filled |= deeper_filled
        nulls |= deeper_nulls
    return filled, nulls


def nullable_paths(field: serializers.Field, path: str = "") -> set[str]:
    found = {path} if path and field.allow_null else set()
    if isinstance(field, serializers.ListSerializer | serializers.ListField | serializers.DictField):
        return found | nullable_paths(field.child, f"{path}.*")
    if isinstance(field, serializers.Serializer):
        for name, child in field.fields.items():
            found |= nullable_paths(child, f"{path}.{name}")
    return found


@pytest.fixture(scope="module")
def suggest_answers() -> list[dict]:
    return [suggest_answer(request) for _, request in SUGGEST_CASES]


@pytest.fixture(scope="module")
def progress_answers() -> list[dict]:
    return [progress_answer(request) for _, request in PROGRESS_CASES]


def test_there_are_many_cases():
    assert len(SUGGEST_CASES) >= 150
    assert len(PROGRESS_CASES) >= 200


@pytest.mark.parametrize("request_body", [r for _, r in SUGGEST_CASES], ids=[i for i, _ in SUGGEST_CASES])
def test_every_suggestion_matches_the_suggest_response_serializer(request_body):
    assert shape_errors(SuggestResponseSerializer(), suggest_answer(request_body)) == []


@pytest.mark.parametrize("request_body", [r for _, r in PROGRESS_CASES], ids=[i for i, _ in PROGRESS_CASES])
def test_every_progress_report_matches_the_progress_response_serializer(request_body):
    assert shape_errors(ProgressResponseSerializer(), progress_answer(request_body)) == []


def never_seen(serializer: serializers.Serializer, answers: list[dict]) -> tuple[set[str], set[str]]:
    """The declared key paths no answer fills, and the nullable ones no answer leaves null."""
    seen: set[str] = set()
    seen_null: set[str] = set()
    for answer in answers:
        filled, nulls = emitted_paths(serializer, answer)
        seen |= filled
        seen_null |= nulls
    return declared_paths(serializer) - seen, nullable_paths(serializer) - seen_null


@pytest.mark.parametrize(
    ("serializer_class", "answers"),
    [(SuggestResponseSerializer, "suggest_answers"), (ProgressResponseSerializer, "progress_answers")],
)
def test_every_declared_key_is_emitted_and_every_nullable_one_is_null_somewhere(
    serializer_class, answers, request
):
    """The other direction: nothing the schema documents is dead, and "nullable" is not a guess."""
    assert never_seen(serializer_class(), request.getfixturevalue(answers)) == (set(), set())


def test_a_declared_key_the_engine_never_emits_is_found(suggest_answers):
    class WithADeadField(SuggestResponseSerializer):
        confidence = serializers.FloatField(required=False)
        stage = serializers.CharField(allow_null=True)

    assert never_seen(WithADeadField(), suggest_answers) == ({".confidence"}, {".stage"})


# The check fails on every kind of drift ----------------------------------------------------------


def _objects(value: Any, path: str = "") -> list[tuple[str, dict]]:
    """Every JSON object in an answer, at any depth, with its path."""
    if isinstance(value, list):
        return [found for i, item in enumerate(value) for found in _objects(item, f"{path}.{i}")]
    if isinstance(value, dict):
        here = [(path, value)]
        return here + [found for key, item in value.items() for found in _objects(item, f"{path}.{key}")]
    return []


def _at(answer: dict, path: str) -> dict:
    node: Any = answer
    for part in path.strip(".").split(".") if path else ():
        node = node[int(part)] if isinstance(node, list) else node[part]
    return node


EXAMPLE_CASES = [
    (SuggestResponseSerializer, suggest_answer(CONTRACT_EXAMPLE_REQUEST)),
    (ProgressResponseSerializer, progress_answer(dict(PROGRESS_CASES)["contract-v2"])),
]


@pytest.mark.parametrize(("serializer_class", "answer"), EXAMPLE_CASES)
def test_a_key_added_to_any_object_at_any_depth_is_rejected(serializer_class, answer):
    assert shape_errors(serializer_class(), answer) == []
    for path, _ in _objects(answer):
        drifted = copy.deepcopy(answer)
        _at(drifted, path)["added_by_the_engine"] = 1
        errors = shape_errors(serializer_class(), drifted)
        assert errors and all("added_by_the_engine" in error for error in errors), (path, errors)


@pytest.mark.parametrize(("serializer_class", "answer"), EXAMPLE_CASES)
def test_a_required_key_dropped_from_any_object_is_rejected(serializer_class, answer):
    dropped = 0
    for path, node in _objects(answer):
        for key in list(node):
            drifted = copy.deepcopy(answer)
            del _at(drifted, path)[key]
            errors = shape_errors(serializer_class(), drifted)
            if errors:
                dropped += 1
                assert f"{key}: missing" in errors[0] or "not one of" in errors[0], errors
    assert dropped >= 10


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda a: a.update(stage="subacute-ish"), "stage: 'subacute-ish' is not one of the field's choices"),
        (lambda a: a["triage"].update(level=None), "triage.level: null"),
        (lambda a: a["causes"][0].update(score="0.5"), "causes.0.score: '0.5' is not a finite number"),
        (lambda a: a["causes"][0].update(score=1.5), "causes.0.score: 1.5 is not a finite number in the"),
        (
            lambda a: a["plan"]["exercises"][0].update(sets=True),
            "plan.exercises.0.sets: True is not an integer",
        ),
        (
            lambda a: a["plan"]["exercises"][0].update(sets=3.0),
            "plan.exercises.0.sets: 3.0 is not an integer",
        ),
        (lambda a: a["plan"].update(notes="one note"), "plan.notes: str, not a list"),
        (lambda a: a["triage"]["reasons"].append(7), "triage.reasons.0: 7 is not a string"),
        (lambda a: a.update(scores=[]), "scores: list, not an object"),
    ],
)
def test_wrong_types_nulls_ranges_and_enum_values_are_rejected(change, message):
    answer = suggest_answer(CONTRACT_EXAMPLE_REQUEST)
    if "reasons.0" in message:
        answer["triage"]["reasons"] = []
    change(answer)
    errors = shape_errors(SuggestResponseSerializer(), answer)
    assert len(errors) == 1 and errors[0].startswith(message), errors


def test_a_measure_the_schema_does_not_list_is_rejected():
    answer = progress_answer(dict(PROGRESS_CASES)["contract-v2"])
    visit = answer["visits"][0]
    visit["measures"]["fabq_pa"] = visit["measures"]["nprs"]
    assert shape_errors(ProgressResponseSerializer(), answer) == [
        "visits.0.measures.fabq_pa: not one of the keys nprs, odi, rmdq, psfs"
    ]


def test_a_field_without_a_shape_rule_is_an_error_not_a_pass():
    with pytest.raises(TypeError, match="no shape rule for UUIDField"):
        shape_errors(serializers.UUIDField(), "6f1c8f0e-0000-0000-0000-000000000000")


# The views check what they send ------------------------------------------------------------------


def test_the_suggest_view_refuses_to_send_an_undeclared_key(therapist, monkeypatch):
    as_dict = Suggestion.as_dict
    monkeypatch.setattr(Suggestion, "as_dict", lambda self: {**as_dict(self), "confidence": 0.9})
    with pytest.raises(ResponseShapeError, match="confidence: not declared in SuggestResponseSerializer"):
        token_client(therapist).post(SUGGEST_URL, CONTRACT_EXAMPLE_REQUEST, format="json")


def test_the_progress_view_refuses_to_send_a_report_missing_a_key(therapist, monkeypatch):
    as_dict = ProgressReport.as_dict
    monkeypatch.setattr(
        ProgressReport,
        "as_dict",
        lambda self: {k: v for k, v in as_dict(self).items() if k != "rules_version"},
    )
    with pytest.raises(ResponseShapeError, match="rules_version: missing"):
        token_client(therapist).post(PROGRESS_URL, dict(PROGRESS_CASES)["contract-v1"], format="json")
