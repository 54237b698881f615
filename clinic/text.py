"""Length limits for free text people type, so that every layer agrees on them: the model field (its
validator gives a field-by-field message in full_clean and admin forms), the database (a CheckConstraint
on Length for TextFields), and the form (``maxlength`` on the input and "Up to N characters." under it).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual

NOTE = 2000  # clinical notes, advice, library texts shown to patients
REASON = 1000  # why something was done, a referral, a patient's comment
ADDRESS = 500
LIBRARY_TEXT = 4000  # exercise instructions, cause descriptions (the longest seeded is under 500)
SOAP_SECTION = 6000  # one section of a clinical note, drafted from the whole record
SHORT = 300  # one line: a goal, why an exercise is in the plan


def up_to(limit: int) -> str:
    return f"Up to {limit:,} characters."


def with_limit(help_text: str, limit: int) -> str:
    return f"{help_text} {up_to(limit)}" if help_text else up_to(limit)


def limited_text(
    limit: int, verbose_name: str | None = None, *, help_text: str = "", **kwargs: Any
) -> models.TextField:
    """A TextField that refuses more than ``limit`` characters; pair it with ``length_constraint``."""
    return models.TextField(
        verbose_name,
        max_length=limit,
        validators=[MaxLengthValidator(limit)],
        help_text=with_limit(help_text, limit),
        **kwargs,
    )


def length_constraint(field: str, limit: int, *, name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=LessThanOrEqual(Length(field), limit),
        name=name,
        violation_error_message=f"{field.replace('_', ' ').capitalize()}: {up_to(limit)}",
    )


def length_constraints(table: str, **limits: int) -> list[models.BaseConstraint]:
    """One ``length_constraint`` per field, each named ``<table>_<field>_length``."""
    return [
        length_constraint(field, limit, name=f"{table}_{field}_length") for field, limit in limits.items()
    ]


def text_field(limit: int, *, rows: int | None = None, help_text: str = "", **kwargs) -> forms.CharField:
    """A form field for free text of at most ``limit`` characters, saying so under the input."""
    if rows is not None:
        kwargs["widget"] = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(max_length=limit, help_text=with_limit(help_text, limit), **kwargs)
