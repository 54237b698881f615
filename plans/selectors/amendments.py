"""The history of a record's values: each change, who made it, why, and what it was before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import models

from clinic.edit_conflicts import person
from plans.models import Assessment, Visit

# The values a record's page shows and an amendment may change (the judgement follows them).
VISIT_HISTORY_FIELDS = ("nprs", "patient_rating", "adherence_percent", "note", "next_visit_date", "status")
ASSESSMENT_HISTORY_FIELDS = ("nprs_current", "nprs_best", "nprs_worst", "notes", "stage", "triage_level")


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class HistoryRow:
    at: datetime
    by: str
    reason: str
    kind: str
    changes: tuple[Change, ...]


def _shown(record, name: str) -> str:
    value = getattr(record, name)
    if value in (None, ""):
        return "—"
    display = getattr(record, f"get_{name}_display", None)
    return str(display()) if display else str(value)


def _label(model, name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)  # the fields shown are the visit's own columns
    return str(field.verbose_name).capitalize()


def history_rows(record: Visit | Assessment) -> list[HistoryRow]:
    """Newest first, one query: each saved state of the record and what it changed from the one before."""
    fields = VISIT_HISTORY_FIELDS if isinstance(record, Visit) else ASSESSMENT_HISTORY_FIELDS
    records: list[Any] = list(
        record.history.select_related("history_user").order_by("history_date", "history_id")
    )
    labels = {name: _label(type(record), name) for name in fields}
    rows: list[HistoryRow] = []
    previous: Any = None
    for state in records:
        if (
            len(rows) == 1
            and previous is not None
            and getattr(previous, "status", None) == ""
            and not state.history_change_reason
        ):
            previous = state  # the judgement made when the visit was recorded: part of recording it
            continue
        changes = tuple(
            Change(labels[name], _shown(previous, name), _shown(state, name))
            for name in fields
            if previous is not None and getattr(previous, name) != getattr(state, name)
        )
        if previous is None or changes:
            rows.append(
                HistoryRow(
                    at=state.history_date,
                    by=person(state.history_user),
                    reason=state.history_change_reason or ("Recorded" if previous is None else ""),
                    kind="Recorded" if previous is None else "Changed",
                    changes=changes if previous is not None else (),
                )
            )
        previous = state
    return list(reversed(rows))
