"""The history of a record's values: each change, who made it, why, and what it was before; an
amendment's corrected objective measures and the findings derived again from them are shown in the
row of that amendment."""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils import timezone

from clinic.edit_conflicts import person
from plans.clinical.vocabulary import Finding
from plans.models import Assessment, AssessmentFinding, ObjectiveMeasures, Visit, VisitFinding
from plans.models.objective import MEASURE_FIELDS, measure_label

# The values a record's page shows and an amendment may change (the judgement follows them).
VISIT_HISTORY_FIELDS = (
    "visit_date", "nprs", "odi_percent", "psfs_mean", "rmdq_total", "fabq_pa", "fabq_w",
    "patient_rating", "adherence_percent", "note", "next_visit_date", "status",
)  # fmt: skip
ASSESSMENT_HISTORY_FIELDS = (
    "nprs_current", "nprs_best", "nprs_worst", "odi_percent", "startback_total", "startback_risk",
    "rmdq_total", "fabq_pa", "fabq_w", "notes",
    "stage", "triage_level",
)  # fmt: skip
LABELS = {
    "odi_percent": "ODI (%)",
    "startback_total": "STarT Back total",
    "startback_risk": "STarT Back risk",
    "rmdq_total": "RMDQ (0-24)",
    "fabq_pa": "FABQ physical activity",
    "fabq_w": "FABQ work",
}  # where the column's own name does not read well


def amended_text(record: Visit | Assessment) -> str:
    """Who corrected the record's values, when and why, for the "Amended" mark of each place that
    shows them; empty when it was never amended (``amended_by`` should be selected with the record)."""
    if record.amended_at is None:
        return ""
    on = timezone.localtime(record.amended_at)
    return f"amended on {on:%-d %b %Y} by {person(record.amended_by)}: {record.amendment_reason}"


def history_url(record: Visit | Assessment) -> str:
    name = "plans:visit_history" if isinstance(record, Visit) else "plans:assessment_history"
    return reverse(name, args=[record.code])


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
    value = getattr(record, name) if record is not None else None
    if value is None or value is False or value == "":
        return "—"
    if value is True:
        return "Yes"
    if isinstance(value, date):
        return f"{value:%d %b %Y}"
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
    labels = {name: LABELS.get(name) or _label(type(record), name) for name in fields}
    extra = _amended_measures(record, [state.history_date for state in records])
    rows: list[HistoryRow] = []
    previous: Any = None
    for index, state in enumerate(records):
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
        ) + tuple(extra.get(index, ()))
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


def _amended_measures(record: Visit | Assessment, dates: list[datetime]) -> dict[int, list[Change]]:
    """The measures and findings each amendment changed (two queries), keyed by the index in
    ``dates`` of the record's own history row that the amendment saved (the first one after)."""
    owner = {"visit_id": record.pk} if isinstance(record, Visit) else {"assessment_id": record.pk}
    finding_model = VisitFinding if isinstance(record, Visit) else AssessmentFinding
    changes: dict[int, list[Change]] = defaultdict(list)

    def at(when: datetime) -> int:
        return min(bisect_left(dates, when), len(dates) - 1)

    previous: Any = None
    for state in ObjectiveMeasures.history.filter(**owner).order_by("history_date", "history_id"):
        if state.history_change_reason:
            changes[at(state.history_date)] += [
                Change(measure_label(name), _shown(previous, name), _shown(state, name))
                for name in MEASURE_FIELDS
                if _shown(previous, name) != _shown(state, name)
            ]
        previous = state
    codes: set[str] = set()
    before: dict[int, set[str]] = {}
    after: dict[int, set[str]] = {}
    for event in finding_model.history.filter(**owner).order_by("history_date", "history_id"):
        index = at(event.history_date)
        if event.history_change_reason:
            before.setdefault(index, set(codes))
        (codes.discard if event.history_type == "-" else codes.add)(event.code)
        if event.history_change_reason:
            after[index] = set(codes)
    for index, was in before.items():
        if was != after[index]:
            changes[index].append(Change("Findings", _findings(was), _findings(after[index])))
    return changes


def _findings(codes: set[str]) -> str:
    return ", ".join(sorted(str(Finding(code).label) for code in codes)) or "—"
