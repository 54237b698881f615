"""The strict JSON fields the API's request serializers are built from.

Validation is strict where JSON makes a difference: integers must be JSON integers (``4`` or ``4.0``,
never ``"4"``, ``4.5`` or ``true``), booleans must be ``true``/``false``, codes must be strings from
the vocabulary. Optional fields may be ``null``, which means "not given". Unknown keys are ignored.

List items are named by their 0-based index in error keys: ``"odi.3"`` is the fourth ODI section,
``"startback.items.2"`` the third STarT Back item, ``"visits.1.date"`` the second visit's date.
"""

from __future__ import annotations

import math
import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import TextChoices
from rest_framework import serializers

from clinic import dates
from plans.clinical.vocabulary import Finding, contradictory_direction_messages

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: rejects strings, booleans and numbers with a fractional part."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if isinstance(data, float):
            if not data.is_integer():
                self.fail("invalid")
            data = int(data)
        return data


class StrictNumberField(serializers.FloatField):
    """A finite JSON number: rejects strings and booleans."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        try:
            value = float(data)
        except OverflowError:
            self.fail("invalid")
        if not math.isfinite(value):
            self.fail("invalid")
        return value


class StrictBooleanField(serializers.BooleanField):
    """JSON ``true`` or ``false`` only; DRF would also take "yes", "1" and 1."""

    def to_internal_value(self, data: Any) -> Any:
        if data is True or data is False:
            return data
        self.fail("invalid")


CODE_MAX_LENGTH = 50  # the width of the finding code columns (the longest code is 41 characters)


class StrictCharField(serializers.CharField):
    """A JSON string (DRF would also turn the number 4 into "4")."""

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictChoiceField(serializers.ChoiceField):
    """A code from the vocabulary, as a JSON string (DRF would also match the number 1 to "1").
    A string longer than any code is refused without being echoed in the error."""

    default_error_messages = {
        "max_length": f"Ensure this field has no more than {CODE_MAX_LENGTH} characters.",
    }

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        if len(data) > CODE_MAX_LENGTH:
            self.fail("max_length")
        return super().to_internal_value(data)


class StrictDateField(serializers.DateField):
    """An ISO calendar date, ``YYYY-MM-DD``, that exists (no 30 February) and has already happened
    (from 1900 to today): the API's dates are those of assessments and visits."""

    default_error_messages = {
        "not_a_date": "{input} is not a real calendar date.",
        "too_early": "The date cannot be before 1900.",
        "future": "The date cannot be in the future.",
    }

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("format", "iso-8601")
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str) or not ISO_DATE.match(data):
            self.fail("invalid", format="YYYY-MM-DD")
        try:
            day = date.fromisoformat(data)
        except ValueError:
            self.fail("not_a_date", input=data)
        if day < dates.EARLIEST_CLINICAL_DATE:
            self.fail("too_early")
        if day > dates.today():
            self.fail("future")
        return day


class JsonDecimalField(serializers.DecimalField):
    """A JSON number in a range with at most ``decimal_places`` decimals, as a Decimal."""

    def __init__(self, *, decimal_places: int, min_value: int, max_value: int, **kwargs: Any) -> None:
        self.range = (Decimal(min_value), Decimal(max_value))
        super().__init__(
            max_digits=None, decimal_places=decimal_places, min_value=min_value, max_value=max_value, **kwargs
        )

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | float):
            self.fail("invalid")
        if isinstance(data, float) and not math.isfinite(data):
            self.fail("invalid")
        try:
            value = Decimal(str(data))
        except InvalidOperation:
            self.fail("invalid")
        # Range first: DRF's quantize fails on values far beyond it (1e300) before its validators run.
        low, high = self.range
        if value < low:
            self.fail("min_value", min_value=self.min_value)
        if value > high:
            self.fail("max_value", max_value=self.max_value)
        return super().to_internal_value(value)


class OdiPercentField(JsonDecimalField):
    """An already-scored ODI percentage: a JSON number 0-100 with at most one decimal."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(decimal_places=1, min_value=0, max_value=100, **kwargs)


class PsfsMeanField(JsonDecimalField):
    """A PSFS score (the mean activity rating): a JSON number 0-10 with at most two decimals."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(decimal_places=2, min_value=0, max_value=10, **kwargs)


class DictWithKeysField(serializers.DictField):
    """A JSON object whose keys come from a fixed set (each optional): documented in the help text,
    as OpenAPI has no such map, and checked against responses (plans.api.conformance)."""

    def __init__(self, *, keys: tuple[str, ...], **kwargs: Any) -> None:
        self.keys = keys
        super().__init__(**kwargs)


def code_field(choices: type[TextChoices], **kwargs: Any) -> StrictChoiceField:
    return StrictChoiceField(choices=choices.choices, **kwargs)


def optional(field_class: type[serializers.Field], **kwargs: Any) -> Any:
    return field_class(required=False, allow_null=True, **kwargs)


def no_contradictory_directions(findings: list[str]) -> None:
    if errors := contradictory_direction_messages(findings):
        raise serializers.ValidationError(errors)


def findings_field() -> serializers.ListField:
    return serializers.ListField(
        child=code_field(Finding),
        required=False,
        allow_null=True,
        max_length=len(Finding),
        help_text="Finding codes present (each means 'yes'); unknown codes are errors.",
        validators=[no_contradictory_directions],
    )
