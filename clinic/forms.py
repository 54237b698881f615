"""Form pieces every app uses: HTML5 date and time inputs, and a service's ValidationError shown on
the form that sent the data."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: each message next to its field when the form
    has that field, the others (and a message for no field) at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
