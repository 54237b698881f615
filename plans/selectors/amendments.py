"""The history of a record's values: each change, who made it, why, and what it was before."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import models

from clinic.edit_conflicts import person
from plans.models import Visit

# The values a visit's page shows and an amendment may change (the status follows them).
VISIT_HISTORY_FIELDS = ("nprs", "patient_rating", "adherence_percent", "note", "next_visit_date", "status")


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


def _label(name: str) -> str:
    field = Visit._meta.get_field(name)
    assert isinstance(field, models.Field)  # the fields shown are the visit's own columns
    return str(field.verbose_name).capitalize()


def visit_history_rows(visit: Visit) -> list[HistoryRow]:
    """Newest first, one query: each saved state of the visit and what it changed from the one before."""
    records = list(visit.history.select_related("history_user").order_by("history_date", "history_id"))
    labels = {name: _label(name) for name in VISIT_HISTORY_FIELDS}
    rows: list[HistoryRow] = []
    previous = None
    for record in records:
        if (
            len(rows) == 1
            and previous is not None
            and not previous.status
            and not record.history_change_reason
        ):
            previous = record  # the judgement made when the visit was recorded: part of recording it
            continue
        changes = tuple(
            Change(labels[name], _shown(previous, name), _shown(record, name))
            for name in VISIT_HISTORY_FIELDS
            if previous is not None and getattr(previous, name) != getattr(record, name)
        )
        if previous is None or changes:
            rows.append(
                HistoryRow(
                    at=record.history_date,
                    by=person(record.history_user),
                    reason=record.history_change_reason or ("Recorded" if previous is None else ""),
                    kind="Recorded" if previous is None else "Changed",
                    changes=changes if previous is not None else (),
                )
            )
        previous = record
    return list(reversed(rows))
