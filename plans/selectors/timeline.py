"""What the episode page shows: the open prompts, charts of the measures over time and the
timeline of assessments, visits, plan versions and home sessions, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from patients.models import Episode
from plans.clinical.prompts import sort_prompts
from plans.models import PlanVersion, Prompt
from plans.render.charts import Marker, Point, line_chart
from plans.selectors.amendments import amended_text, history_url
from plans.selectors.home_logs import home_logs_for_episode
from plans.selectors.library import progress_thresholds
from plans.selectors.notes import episode_notes
from plans.selectors.objective import CHART_TITLE, degrees_chart, degrees_rows
from plans.selectors.outcomes import plan_goal_outcomes
from plans.selectors.visits import with_treatment_minutes


@dataclass(frozen=True)
class MeasureRow:
    on: date
    source: str
    nprs: int | None
    odi: Decimal | None
    status: str
    rmdq: int | None = None
    psfs: Decimal | None = None
    fabq_pa: int | None = None
    fabq_w: int | None = None
    amended: str = ""  # who corrected the values, when and why (plans.selectors.amendments)
    history: str = ""  # the record's history page, when amended

    @classmethod
    def of(cls, on: date, source: str, nprs: int | None, record, status: str) -> MeasureRow:
        amended = amended_text(record)
        return cls(
            on, source, nprs, record.odi_percent, status,
            record.rmdq_total, record.psfs_mean, record.fabq_pa, record.fabq_w,
            amended, history_url(record) if amended else "",
        )  # fmt: skip

    def point(self, value) -> Point:
        return Point(self.on, value, self.source, amended=self.amended)


def episode_context(episode: Episode) -> dict:
    clinic = episode.patient.clinic
    thresholds = progress_thresholds(clinic)
    assessments = list(
        episode.assessments.select_related("assessed_by", "objective", "amended_by").order_by(
            "assessed_on", "id"
        )
    )
    visits = list(
        with_treatment_minutes(
            episode.visits.select_related("recorded_by", "objective", "amended_by")
        ).order_by("visit_date", "visit_time", "id")
    )
    versions = list(
        PlanVersion.objects.filter(plan__episode=episode)
        .select_related("approved_by", "assessment")
        .prefetch_related("goals")
        .order_by("number")
    )
    open_prompts = sort_prompts(
        (Prompt.objects.open() | Prompt.objects.open_red_flags())
        .filter(episode=episode)
        .select_related("visit", "episode")
    )
    home_logs = home_logs_for_episode(episode)

    rows_of_assessments = [
        MeasureRow.of(a.assessed_on, a.get_kind_display(), a.nprs_current, a, "baseline") for a in assessments
    ]
    rows_of_visits = [MeasureRow.of(v.visit_date, "Visit", v.nprs, v, v.get_status_display()) for v in visits]
    rows = sorted(rows_of_assessments + rows_of_visits, key=lambda r: r.on)
    baseline = assessments[-1] if assessments else None
    markers = [Marker(v.approved_on, f"v{v.number}") for v in versions] + [
        Marker(a.assessed_on, "re-eval") for a in assessments[1:]
    ]
    nprs_points = [r.point(r.nprs) for r in rows if r.nprs is not None]
    odi_points = [r.point(r.odi) for r in rows if r.odi is not None]
    rmdq_points = [r.point(r.rmdq) for r in rows if r.rmdq is not None]
    psfs_points = [r.point(r.psfs) for r in rows if r.psfs is not None]
    home_pain = [Point(log.done_on, log.pain_after) for log in reversed(home_logs)]
    # Each chart's line_chart arguments; a measure with no points has no chart.
    series: list[tuple[str, dict[str, Any]]] = [
        ("Pain (NPRS 0-10)", {"title": "Pain (NPRS) over time", "points": nprs_points, "y_max": 10,
         "baseline": baseline.nprs_current if baseline else None, "mcid": thresholds.nprs_mcid,
         "secondary": home_pain, "secondary_label": "Home session, pain after"}),
        ("Disability (ODI %)", {"title": "Disability (ODI %) over time", "points": odi_points, "y_max": 100,
         "baseline": baseline.odi_percent if baseline else None, "mcid": thresholds.odi_mcid}),
        ("Disability (RMDQ 0-24)", {"title": "Disability (RMDQ) over time", "points": rmdq_points,
         "y_max": 24, "baseline": baseline.rmdq_total if baseline else None, "mcid": thresholds.rmdq_mcid}),
        ("Function (PSFS mean 0-10, higher is better)", {"title": "Function (PSFS) over time",
         "points": psfs_points, "y_max": 10, "baseline": baseline.psfs_mean if baseline else None,
         "mcid": thresholds.psfs_mcid}),
    ]  # fmt: skip
    charts = [(label, line_chart(markers=markers, **chart)) for label, chart in series if chart["points"]]
    objective_rows = degrees_rows(
        (r.on, r.source, getattr(record, "objective", None), r.amended, r.history)
        for r, record in [
            *zip(rows_of_assessments, assessments, strict=True),
            *zip(rows_of_visits, visits, strict=True),
        ]
    )
    if degrees_svg := degrees_chart(objective_rows):
        charts.append((CHART_TITLE, degrees_svg))
    return {
        "assessments": list(reversed(assessments)),
        "visits": list(reversed(visits)),
        "versions": list(reversed(versions)),
        "open_prompts": open_prompts,
        "referrals": list(episode.referrals.select_related("recorded_by", "assessment", "prompt__visit")),
        "hold_overrides": list(
            episode.hold_overrides.select_related("overridden_by", "assessment", "prompt__visit")
        ),
        "home_logs": home_logs,
        "measure_rows": rows,
        "measure_rows_amended": any(r.amended for r in rows),  # the charts' legend says how they show
        # The RMDQ, PSFS and FABQ columns, only when any was recorded.
        "measure_rows_more": any(
            value is not None for r in rows for value in (r.rmdq, r.psfs, r.fabq_pa, r.fabq_w)
        ),
        "charts": charts,
        "degrees_rows": objective_rows,  # the degrees chart's table
        "baseline": baseline,
        "notes": episode_notes(episode),
        "goal_outcomes": plan_goal_outcomes(
            versions[-1] if versions else None,
            assessments[0] if assessments else None,
            visits,
        ),
    }
