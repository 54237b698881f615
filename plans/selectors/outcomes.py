"""An episode's outcome: each measure's latest value against the baseline with its MCID verdict,
and each goal of the latest plan version with its status. The discharge summary and the episode
page read it; a fixed number of queries whatever the number of visits.

Every measured goal is judged from the records: NPRS, ODI, RMDQ and PSFS as the assessment and the
visits recorded them (portal questionnaires reach them through the visit form), and range-of-motion
goals on the objective measures of the same records, read in one more query only when the plan has
such a goal. A functional goal carries the status the therapist gave it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from patients.models import Episode
from plans.clinical.goal_status import goal_status
from plans.clinical.progress import Measures, judge_visit
from plans.clinical.progress.measures import MEASURES, OBJECTIVE_GOALS, MeasureChange
from plans.clinical.vocabulary import GoalStatus
from plans.models import Assessment, ObjectiveMeasures, PlanGoal, PlanVersion, Visit
from plans.selectors.library import progress_thresholds

MEASURE_NAMES = {
    "nprs": "Pain (NPRS 0-10)",
    "odi": "Disability (ODI %)",
    "rmdq": "Disability (RMDQ 0-24)",
    "psfs": "Activities (PSFS mean 0-10, higher is better)",
}


@dataclass(frozen=True)
class MeasureOutcome:
    measure: str
    name: str
    baseline: Decimal
    latest: Decimal | None
    change: MeasureChange | None  # None when not measured since the baseline


@dataclass(frozen=True)
class GoalOutcome:
    goal: PlanGoal
    status: GoalStatus | None
    latest: Decimal | None

    @property
    def plain_words(self) -> str:
        """The goal and its status in the patient's words."""
        return self.goal.plain_words(self.status)


# The degrees of the objective goals' measures, by assessment id and by visit id.
Objective = tuple[dict[int, dict[str, int]], dict[int, dict[str, int]]]
NO_OBJECTIVE: Objective = ({}, {})


def objective_values(plan_id: int, goals: list[PlanGoal]) -> Objective:
    """The objective measures of the plan's episode: one query, only when a goal aims at one."""
    if not any(goal.measure in OBJECTIVE_GOALS for goal in goals):
        return NO_OBJECTIVE
    by_assessment: dict[int, dict[str, int]] = {}
    by_visit: dict[int, dict[str, int]] = {}
    rows = ObjectiveMeasures.objects.filter(episode__plan=plan_id).values(
        "assessment_id", "visit_id", *OBJECTIVE_GOALS
    )
    for row in rows:
        degrees = {name: row[name] for name in OBJECTIVE_GOALS if row[name] is not None}
        if row["assessment_id"] is not None:
            by_assessment[row["assessment_id"]] = degrees
        else:
            by_visit[row["visit_id"]] = degrees
    return by_assessment, by_visit


def _measures(record: Assessment | Visit, on, nprs: int | None, objective=None) -> Measures:
    return Measures(
        on,
        nprs,
        record.odi_percent if record.odi_valid else None,
        rmdq=record.rmdq_total,
        psfs=record.psfs_mean,
        objective=objective or {},
    )


def _baseline(source: Assessment, objective: Objective) -> Measures:
    return _measures(source, source.assessed_on, source.nprs_current, objective[0].get(source.pk))


def _latest_values(visits: list[Measures]) -> dict[str, Decimal]:
    latest: dict[str, Decimal] = {}
    for visit in visits:
        for name in (*MEASURES, *OBJECTIVE_GOALS):
            if (value := visit.value(name)) is not None:
                latest[name] = value
    return latest


def goal_outcomes(
    goals: list[PlanGoal], baseline: Measures | None, visits: list[Measures]
) -> list[GoalOutcome]:
    """Each goal judged on the latest value of its measure among ``visits`` (in order)."""
    latest = _latest_values(visits)
    rows = []
    for goal in goals:
        measured = goal.measure in MEASURES or goal.measure in OBJECTIVE_GOALS
        value = latest.get(goal.measure) if measured else None
        status = goal_status(
            baseline=baseline.value(goal.measure) if baseline and measured else None,
            target=goal.target if measured else None,
            latest=value,
            higher_is_better=goal.higher_is_better,
            dropped=goal.dropped_on is not None,
            judged=goal.judged,
        )
        rows.append(GoalOutcome(goal, status, value))
    return rows


def plan_goal_outcomes(
    version: PlanVersion | None, first: Assessment | None, visits: list[Visit]
) -> list[GoalOutcome]:
    """The goals of ``version`` (its goals prefetched, its assessment selected), against the
    assessment they were set from (else ``first``) and the visits since it."""
    if version is None:
        return []
    goals = list(version.goals.all())
    objective = objective_values(version.plan_id, goals)
    source = version.assessment or first
    baseline = _baseline(source, objective) if source else None
    since = [v for v in visits if source is None or v.visit_date >= source.assessed_on]
    return goal_outcomes(goals, baseline, [_visit(v, objective) for v in since])


def _visit(visit: Visit, objective: Objective = NO_OBJECTIVE) -> Measures:
    return _measures(visit, visit.visit_date, visit.nprs, objective[1].get(visit.pk))


@dataclass(frozen=True)
class EpisodeOutcome:
    baseline_record: Assessment | None
    measures: list[MeasureOutcome]
    goals: list[GoalOutcome]
    version: PlanVersion | None
    visit_count: int


def episode_outcome(episode: Episode) -> EpisodeOutcome:
    """Against the first assessment (the initial evaluation): a discharge reports the whole episode."""
    thresholds = progress_thresholds(episode.patient.clinic)
    first = episode.assessments.order_by("assessed_on", "id").first()
    visit_records = list(episode.visits.order_by("visit_date", "visit_time", "id"))
    visits = [_visit(v) for v in visit_records]
    version = PlanVersion.objects.with_items().filter(plan__episode=episode).order_by("-number").first()
    goals = plan_goal_outcomes(version, first, visit_records)
    if first is None:
        return EpisodeOutcome(None, [], goals, version, len(visits))
    baseline = _measures(first, first.assessed_on, first.nprs_current)
    latest = _latest_values(visits)
    last_date = visits[-1].date if visits else first.assessed_on
    judged = judge_visit(baseline, Measures(last_date, **_as_fields(latest)), thresholds).measures
    measures = [
        MeasureOutcome(name, MEASURE_NAMES[name], value, latest.get(name), judged.get(name))
        for name in MEASURES
        if (value := baseline.value(name)) is not None
    ]
    return EpisodeOutcome(first, measures, goals, version, len(visits))


def _as_fields(latest: dict[str, Decimal]) -> dict:
    fields: dict = {name: value for name, value in latest.items() if name in MEASURES}
    for whole in ("nprs", "rmdq"):
        if whole in fields:
            fields[whole] = int(fields[whole])
    return fields


def version_goal_outcomes(version: PlanVersion) -> list[GoalOutcome]:
    """The goals of a version already read through the gate, judged on its episode's visits (the
    portal shows only each goal's status, not the visits)."""
    episode_id = version.plan.episode_id
    assessments = list(Assessment.objects.filter(episode_id=episode_id).order_by("assessed_on", "id"))
    source = next((a for a in assessments if a.pk == version.assessment_id), None)
    first = source or (assessments[0] if assessments else None)
    visits = list(Visit.objects.filter(episode_id=episode_id).order_by("visit_date", "visit_time", "id"))
    since = [v for v in visits if first is None or v.visit_date >= first.assessed_on]
    goals = list(version.goals.all())
    objective = objective_values(version.plan_id, goals)
    baseline = _baseline(first, objective) if first else None
    return goal_outcomes(goals, baseline, [_visit(v, objective) for v in since])
