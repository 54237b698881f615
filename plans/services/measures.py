"""Scoring a questionnaire's answers where a record is written: what the scoring refuses becomes an
error on the form field that holds the answers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from django.core.exceptions import ValidationError

Score = TypeVar("Score")
Answer = TypeVar("Answer")


def scored_or_refused(score: Callable[[list[Answer]], Score], answers: Sequence[Answer], field: str) -> Score:
    try:
        return score(list(answers))
    except ValueError as error:
        raise ValidationError({field: str(error)}) from error
