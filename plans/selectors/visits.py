"""Reads for visits: the baseline a visit is judged against, the measures compared, the visit form's
initial data, what a visit's page shows and the open prompts of a page's episodes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Subquery, Sum

from patients.models import Episode
from plans.clinical.progress import Goal, Measures, ProgressReport, evaluate_progress
from plans.clinical.progress.measures import OBJECTIVE_GOALS
from plans.clinical.prompts import sort_prompts
from plans.models import (
    Assessment,
    GoalMeasure,
    ObjectiveMeasures,
    PlanVersion,
    Prompt,
    QuestionnaireRequest,
    Visit,
    VisitIntervention,
)
from plans.selectors.home_logs import home_summary
from plans.selectors.library import progress_thresholds
from plans.selectors.objective import objective_summary
from plans.selectors.questionnaires import prefill_from, visit_measures_initial

# Every goal with a target: the goal-met prompt waits for all of them (a functional goal has none).
MEASURED_GOALS = tuple(measure for measure in GoalMeasure if measure != GoalMeasure.FUNCTION)


def baseline_for(episode: Episode, on: date) -> Assessment | None:
    """The assessment that visits on ``on`` are compared with: the latest one dated that day or
    before (a visit on the assessment day follows the assessment)."""
    return episode.assessments.filter(assessed_on__lte=on).order_by("-assessed_on", "-id").first()


def _compared_odi(percent: Decimal | None, valid: bool) -> Decimal | None:
    # An incomplete ODI (more than one section skipped) is shown, never compared.
    return percent if valid else None


def baseline_measures(assessment: Assessment, sex: str) -> Measures:
    """The baseline with its findings, age and sex: visits are screened with the episode's history."""
    findings = frozenset(f.code for f in assessment.findings.all())
    odi = _compared_odi(assessment.odi_percent, assessment.odi_valid)
    return Measures(
        assessment.assessed_on,
        assessment.nprs_current,
        odi,
        findings=findings,
        age=assessment.age,
        sex=sex,
        **_outcome_measures(assessment),
    )


def _outcome_measures(record: Assessment | Visit) -> dict[str, Any]:
    """RMDQ, PSFS and FABQ as the progress rules take them. PSFS is compared on its stored mean
    (two decimals): with 3-5 ratings two exact means differ by a multiple of 1/60, so rounding each
    by at most 0.005 never moves a change across the 2-point threshold."""
    return {
        "rmdq": record.rmdq_total,
        "psfs": record.psfs_mean,
        "fabq_pa": record.fabq_pa,
        "fabq_w": record.fabq_w,
    }


def visit_measures(visit: Visit, objective: ObjectiveMeasures | None = None) -> Measures:
    """``objective``: the visit's examination, whose range of motion a plan's goal may aim at."""
    findings = frozenset(f.code for f in visit.findings.all())
    odi = _compared_odi(visit.odi_percent, visit.odi_valid)
    return Measures(
        visit.visit_date,
        visit.nprs,
        odi,
        findings=findings,
        adherence=visit.adherence_percent,
        objective={
            name: degrees
            for name in OBJECTIVE_GOALS
            if objective is not None and (degrees := getattr(objective, name)) is not None
        },
        **_outcome_measures(visit),
    )


def plan_goals(version: PlanVersion | None) -> list[Goal]:
    """The plan version's measured goals still pursued (a functional goal has no target to compare;
    a dropped goal no longer counts)."""
    if version is None:
        return []
    return [
        Goal(goal.measure, goal.target)
        for goal in version.goals.all()
        if goal.measure in MEASURED_GOALS and goal.target is not None and goal.dropped_on is None
    ]


def progress_since(baseline: Assessment, visits: list[Visit], patient, goals=()) -> ProgressReport:
    """``visits`` in order of date and time; their objective measures are read, in one query, only
    when a goal aims at a range of motion."""
    objective: dict[int, ObjectiveMeasures] = {}
    if any(goal.measure in OBJECTIVE_GOALS for goal in goals):
        rows = ObjectiveMeasures.objects.filter(visit__in=[v.pk for v in visits if v.pk is not None])
        objective = {row.visit_id: row for row in rows if row.visit_id is not None}
    return evaluate_progress(
        baseline_measures(baseline, patient.sex),
        [visit_measures(v, objective.get(v.pk)) for v in visits],
        progress_thresholds(patient.clinic),
        goals=goals,
    )


def visit_initial(home_adherence, questionnaire: QuestionnaireRequest | None) -> dict:
    """Initial data for the visit form: adherence from the patient's home log, and the answers of
    questionnaires completed on the portal, for the therapist to confirm. Without a logged session
    adherence stays empty: unknown, not 0%."""
    initial = {}
    if home_adherence is not None and home_adherence.was_logged and home_adherence.percent is not None:
        initial["adherence_percent"] = home_adherence.percent
    if questionnaire is not None:
        answers = prefill_from(questionnaire)
        initial["nprs"] = answers["nprs_current"]
        initial.update({name: value for name, value in answers.items() if name.startswith("odi_")})
        initial.update(visit_measures_initial(questionnaire))
    return initial


def visit_page(visit: Visit) -> dict[str, Any]:
    """What a visit's page shows: its prompts (red flags first), findings and exercises done, and the
    patient's home sessions up to the visit day."""
    prompts = visit.prompts.select_related("resolved_by", "episode", "visit", "plan_version")
    return {
        "visit": visit,
        "prompts": sort_prompts(prompts),
        "findings": visit.findings.all(),
        "objective": objective_summary(getattr(visit, "objective", None)),
        "exercises": visit.exercises.select_related("exercise"),
        **treatment_of(visit),
        "psfs_pairs": list(
            zip(visit.baseline.psfs_activities if visit.baseline else (), visit.psfs_ratings, strict=False)
        ),
        **home_summary(visit.episode, visit.visit_date),
    }


def treatment_of(visit: Visit) -> dict[str, Any]:
    """The interventions done at a visit, in the order recorded, and their minutes in all (one query)."""
    interventions = list(visit.interventions.select_related("intervention_type"))
    return {
        "interventions": interventions,
        "treatment_minutes": sum(row.minutes for row in interventions) if interventions else None,
    }


def with_treatment_minutes(visits):
    """``visits`` with each one's minutes of treatment in all (None when none was recorded), in the
    same query."""
    minutes = (
        VisitIntervention.objects.filter(visit=OuterRef("pk"))
        .values("visit")
        .annotate(total=Sum("minutes"))
        .values("total")
    )
    return visits.annotate(treatment_minutes=Subquery(minutes))


def attach_open_prompts(episodes) -> None:
    """Give each episode of a page its open prompts, red flags first, in one query."""
    by_episode: dict[int, list[Prompt]] = {}
    for prompt in (
        Prompt.objects.open().filter(episode__in=[e.pk for e in episodes]).select_related("visit", "episode")
    ):
        by_episode.setdefault(prompt.episode_id, []).append(prompt)
    for episode in episodes:
        episode.open_prompt_list = sort_prompts(by_episode.get(episode.pk, []))
