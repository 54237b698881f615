"""Form pieces every app uses: HTML5 date and time inputs, a select for rows that share one long
list, and a service's ValidationError shown on the form that sent the data."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class SharedOptionsSelect(forms.Select):
    """A select for the rows of a formset that all offer the same long list (a plan's exercises):
    the options' HTML is built once per list, and each row marks its own value, instead of a
    template rendered for every option of every row. The same markup as ``forms.Select``."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        chosen = self.format_value(value)
        options = _option_parts(_frozen(self.choices))
        html: list[str] = [
            format_html('<select name="{}"{}>', name, flatatt(self.build_attrs(self.attrs, attrs)))
        ]
        for option_value, start, end in options:
            if chosen and option_value == chosen[0]:
                html.append(f"{start} selected{end}")
                chosen = []  # one selected option, as a single select has
            else:
                html.append(start + end)
        html.append("</select>")
        return mark_safe("".join(html))  # noqa: S308  # every part is escaped above


def _frozen(choices) -> tuple:
    def text(value) -> str:
        return "" if value is None else str(value)

    return tuple(
        (text(value), tuple((text(v), str(label)) for v, label in group))
        if isinstance(group, list | tuple)
        else (text(value), str(group))
        for value, group in choices
    )


@lru_cache(maxsize=64)
def _option_parts(choices: tuple) -> tuple[tuple[str | None, str, str], ...]:
    """Each option as (value, ``<option value="…"``, ``>label</option>``); an optgroup's tags with
    no value."""

    def option(value: str, label: str) -> tuple[str | None, str, str]:
        return value, f'<option value="{conditional_escape(value)}"', f">{conditional_escape(label)}</option>"

    parts: list[tuple[str | None, str, str]] = []
    for value, group in choices:
        if isinstance(group, tuple):
            tags = (f'<optgroup label="{conditional_escape(value)}">', "</optgroup>") if value else ("", "")
            parts.append((None, tags[0], ""))
            parts.extend(option(v, label) for v, label in group)
            parts.append((None, tags[1], ""))
        else:
            parts.append(option(value, group))
    return tuple(parts)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Put a service's ``ValidationError`` on ``form``: each message next to its field when the form
    has that field, the others (and a message for no field) at the top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)
