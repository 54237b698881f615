"""Whether a response body has exactly the shape its response serializer declares.

The engine answers in plain dicts (``as_dict()``) and the views send them unchanged, once checked
here; the OpenAPI schema is generated from the same serializers, so it cannot drift from what is
sent. A key that is not declared, a declared (required) key that is missing, a null where none is
allowed, a value of the wrong JSON type, out of its range or outside its enum: each is an error.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from rest_framework import serializers

from plans.api.serializers.fields import ISO_DATE, DictWithKeysField


class ResponseShapeError(Exception):
    """The engine's answer does not match its documented response: a bug, never the client's fault."""


def _number_in_range(field: Any, value: Any) -> bool:
    return (field.min_value is None or value >= field.min_value) and (
        field.max_value is None or value <= field.max_value
    )


def _is_integer(field: serializers.Field, value: Any) -> bool:
    return type(value) is int and _number_in_range(field, value)


def _is_number(field: serializers.Field, value: Any) -> bool:
    return type(value) in (int, float) and math.isfinite(value) and _number_in_range(field, value)


def _is_iso_date(field: serializers.Field, value: Any) -> bool:
    if not isinstance(value, str) or not ISO_DATE.match(value):
        return False
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


# Subclasses before their bases: the first class a field is an instance of decides.
SCALAR_RULES: tuple[tuple[type[serializers.Field], str, Callable[[Any, Any], bool]], ...] = (
    (serializers.BooleanField, "a boolean", lambda field, value: type(value) is bool),
    (
        serializers.ChoiceField,
        "one of the field's choices",
        lambda field, value: isinstance(value, str) and value in field.choices,
    ),
    (serializers.IntegerField, "an integer in the field's range", _is_integer),
    (serializers.FloatField, "a finite number in the field's range", _is_number),
    (serializers.DateField, "an ISO date (YYYY-MM-DD)", _is_iso_date),
    (serializers.CharField, "a string", lambda field, value: isinstance(value, str)),
)


def _at(path: str, key: object) -> str:
    return f"{path}.{key}" if path else str(key)


def shape_errors(field: serializers.Field, value: Any, path: str = "") -> list[str]:
    """Every way ``value`` differs from what ``field`` (a serializer or a field) declares, each
    message starting with the dotted path of the offending value."""
    where = path or "(body)"
    if value is None:
        return [] if field.allow_null else [f"{where}: null, but the field is not nullable"]
    if isinstance(field, serializers.ListSerializer | serializers.ListField):
        if not isinstance(value, list):
            return [f"{where}: {type(value).__name__}, not a list"]
        child = field.child
        if child is None:
            raise TypeError(f"{where}: a list in a response needs a declared child.")
        return [error for i, item in enumerate(value) for error in shape_errors(child, item, _at(path, i))]
    if isinstance(field, serializers.Serializer):
        return _object_errors(field, value, path)
    if isinstance(field, serializers.DictField):
        return _dict_errors(field, value, path)
    for field_class, expected, conforms in SCALAR_RULES:
        if isinstance(field, field_class):
            return [] if conforms(field, value) else [f"{where}: {value!r} is not {expected}"]
    raise TypeError(f"{where}: no shape rule for {type(field).__name__}; add one to SCALAR_RULES.")


def _object_errors(serializer: serializers.Serializer, value: Any, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path or '(body)'}: {type(value).__name__}, not an object"]
    declared, name_of = serializer.fields, type(serializer).__name__
    errors = [f"{_at(path, key)}: not declared in {name_of}" for key in value if key not in declared]
    for name, field in declared.items():
        if field.source != name:
            raise TypeError(f"{_at(path, name)}: a response field must be named as its key.")
        if name in value:
            errors += shape_errors(field, value[name], _at(path, name))
        elif field.required:
            errors.append(f"{_at(path, name)}: missing (declared in {name_of})")
    return errors


def _dict_errors(field: serializers.DictField, value: Any, path: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{path or '(body)'}: {type(value).__name__}, not an object"]
    errors = []
    for key, item in value.items():
        if not isinstance(key, str):
            errors.append(f"{_at(path, key)}: the key is not a string")
        elif isinstance(field, DictWithKeysField) and key not in field.keys:
            errors.append(f"{_at(path, key)}: not one of the keys {', '.join(field.keys)}")
        errors += shape_errors(field.child, item, _at(path, key))
    return errors


@functools.cache
def _declared(serializer_class: type[serializers.Serializer]) -> serializers.Serializer:
    return serializer_class()


Body = TypeVar("Body", bound=Mapping[str, object])


def conforming(serializer_class: type[serializers.Serializer], body: Body) -> Body:
    """``body`` itself, once it is checked against ``serializer_class``; ResponseShapeError if not."""
    if errors := shape_errors(_declared(serializer_class), body):
        raise ResponseShapeError(f"{serializer_class.__name__}: " + "; ".join(errors))
    return body
