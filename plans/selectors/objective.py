"""The objective measures of a record as a page shows them: only what was tested, each with its
normal range and the words that say why a value is outside it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.safestring import SafeString

from plans.clinical.objective import ROM_MAX, ROM_NORMAL, SLR_POSITIVE_BELOW, derive_findings, out_of_range
from plans.clinical.objective_words import normal_range
from plans.models.objective import MEASURE_FIELDS, ObjectiveMeasures, measure_label
from plans.render.charts import Point, Series, multi_line_chart


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


# The measures the episode page charts over time: (field, label, the lower end of its normal range).
CHARTED = (
    ("slr_left", "SLR left", SLR_POSITIVE_BELOW),
    ("slr_right", "SLR right", SLR_POSITIVE_BELOW),
    ("lumbar_flexion", "Lumbar flexion", ROM_NORMAL["lumbar_flexion"]),
)
_LEVELS = {
    SLR_POSITIVE_BELOW: f"SLR normal {SLR_POSITIVE_BELOW}°+",
    ROM_NORMAL["lumbar_flexion"]: "flexion normal 60°+",
}
CHART_TITLE = "Straight-leg raise and lumbar flexion (degrees)"


@dataclass(frozen=True)
class DegreesRow:
    """One record's charted measures: the degrees drawn, and the table's words (a grade too)."""

    on: date
    source: str
    degrees: tuple[int | None, ...]  # in CHARTED's order
    cells: tuple[str, ...]  # "40° with leg pain", "Mildly reduced", "" when not taken
    amended: str = ""  # who corrected the record, when and why (plans.selectors.amendments)
    history: str = ""  # the record's history page, when amended


def _cell(measures: ObjectiveMeasures, name: str) -> str:
    shown = _shown(measures, name) or (_shown(measures, f"{name}_grade") if name in ROM_NORMAL else "")
    return f"{shown} with leg pain" if shown and getattr(measures, f"{name}_leg_pain", False) else shown


def degrees_rows(
    records: Iterable[tuple[date, str, ObjectiveMeasures | None, str, str]],
) -> list[DegreesRow]:
    """The records (date, "Visit" or the assessment's kind, its measures, the record's amendment
    and its history page) that took a charted measure, by date."""
    rows = []
    for on, source, measures, amended, history in records:
        if measures is None:
            continue
        degrees = tuple(getattr(measures, name) for name, _, _ in CHARTED)
        cells = tuple(_cell(measures, name) for name, _, _ in CHARTED)
        if any(cells):
            rows.append(DegreesRow(on, source, degrees, cells, amended, history))
    return sorted(rows, key=lambda row: row.on)


def degrees_chart(rows: list[DegreesRow]) -> SafeString:
    """The chart of the charted measures: a line for each measure with two values or more; empty
    when none has two."""
    series = []
    levels = {}
    for index, (_, label, normal) in enumerate(CHARTED):
        taken = [(r, degrees) for r in rows if (degrees := r.degrees[index]) is not None]
        points = [Point(r.on, degrees, r.source, amended=r.amended) for r, degrees in taken]
        if len(points) >= 2:
            series.append(Series(label, points))
            levels[normal] = _LEVELS[normal]
    highest = max((p.value for s in series for p in s.points), default=0)
    return multi_line_chart(
        title=f"{CHART_TITLE} over time",
        series=series,
        y_max=100 if highest <= 100 else ROM_MAX,
        unit="°",
        levels=sorted(levels.items()),
    )
