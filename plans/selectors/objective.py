"""The objective measures of a record as a page shows them: only what was tested, each with its
normal range and the words that say why a value is outside it."""

from __future__ import annotations

from dataclasses import dataclass

from plans.clinical.objective import derive_findings, out_of_range
from plans.clinical.objective_words import normal_range
from plans.models.objective import MEASURE_FIELDS, ObjectiveMeasures, measure_label


@dataclass(frozen=True)
class MeasureRow:
    label: str
    value: str
    outside: str  # empty when within the normal range
    normal: str = ""  # the normal range in words


@dataclass(frozen=True)
class ObjectiveSummary:
    rows: list[MeasureRow]
    findings: frozenset[str]  # the findings these measures stand for


def _shown(measures: ObjectiveMeasures, name: str) -> str:
    value = getattr(measures, name)
    if name.endswith("_leg_pain"):
        return "yes" if value else ""
    if isinstance(value, int):
        return f"{value}/5" if name.startswith("myotome_") else f"{value}°"
    return getattr(measures, f"get_{name}_display")() if value else ""


def objective_summary(measures: ObjectiveMeasures | None) -> ObjectiveSummary | None:
    if measures is None:
        return None
    values = measures.values()
    reasons = out_of_range(values)
    rows = []
    for name in MEASURE_FIELDS:
        if shown := _shown(measures, name):
            rows.append(MeasureRow(measure_label(name), shown, reasons.get(name, ""), normal_range(name)))
    return ObjectiveSummary(rows, derive_findings(values))
