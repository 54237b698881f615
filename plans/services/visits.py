"""Visits and the prompts they raise.

Every visit is judged against the episode's baseline (the latest assessment before it) with the
progress rules of ``plans.clinical.progress`` and the clinic's thresholds; the prompts of the new
visit are stored, and stay open until a therapist acts on them (a new plan version) or dismisses
them with a reason. A re-evaluation resets the baseline for later visits.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from patients.models import Episode
from plans.clinical.objective import derive_findings
from plans.clinical.progress import red_flag_text
from plans.clinical.scoring import PsfsScore, score_odi, score_psfs, score_rmdq
from plans.clinical.triage import assess_red_flags
from plans.clinical.vocabulary import PromptKind, TriageLevel
from plans.models import (
    INTERVENTION_MINUTES_MAX,
    INTERVENTION_MINUTES_MIN,
    Assessment,
    InterventionType,
    ObjectiveMeasures,
    PlanVersion,
    Prompt,
    Visit,
    VisitExercise,
    VisitFinding,
    VisitIntervention,
)
from plans.selectors.visits import baseline_for, plan_goals, progress_since
from plans.services.caseload_state import caseload_state_refresh
from plans.services.history import audited_save
from plans.services.measures import scored_or_refused
from plans.services.prompts import prompts_supersede


@dataclass(frozen=True)
class VisitEntry:
    visit_date: date
    visit_time: time | None = None  # now, when not given
    nprs: int | None = None
    odi_sections: tuple[int | None, ...] | None = None
    patient_rating: str = ""
    adherence_percent: int | None = None
    findings: frozenset[str] = frozenset()
    exercises: list[dict] = field(default_factory=list)  # exercise, sets, reps, hold_seconds, load
    note: str = ""
    psfs_ratings: tuple[int, ...] | None = None  # one per activity of the baseline, in its order
    rmdq_items: tuple[int, ...] | None = None  # the 24 answers 0/1, when ticked one by one
    rmdq_total: int | None = None  # or the total alone
    fabq_pa: int | None = None
    fabq_w: int | None = None
    next_visit_date: date | None = None
    objective: Mapping[str, Any] | None = None  # plans.models.objective.MEASURE_FIELDS; None: not taken
    interventions: tuple[tuple[InterventionType, int], ...] = ()  # the treatment given, with minutes


def out_of_order(episode: Episode, visit_date: date, visit_time: time) -> dict[str, str]:
    """Visits are recorded in order of date and time: the field to blame and why, or nothing."""
    last = episode.visits.order_by("-visit_date", "-visit_time", "-id").first()
    if last is None or (visit_date, visit_time) > (last.visit_date, last.visit_time):
        return {}
    field_name = "visit_time" if visit_date == last.visit_date else "visit_date"
    return {
        field_name: f"Visits are recorded in order: the last one was on {last.visit_date:%d %b %Y} "
        f"at {last.visit_time:%H:%M}."
    }


@transaction.atomic
def visit_record(*, episode: Episode, entry: VisitEntry, user) -> Visit:
    Episode.objects.select_for_update().filter(pk=episode.pk).get()
    visit_time = entry.visit_time or timezone.localtime().time().replace(microsecond=0)
    if errors := out_of_order(episode, entry.visit_date, visit_time):
        raise ValidationError(errors)
    _check_interventions(episode, entry.interventions)
    if entry.objective:
        entry = replace(entry, findings=entry.findings | derive_findings(entry.objective))
    baseline = baseline_for(episode, entry.visit_date)
    psfs, rmdq_total = _scored_measures(entry, baseline)
    odi = score_odi(list(entry.odi_sections)) if entry.odi_sections else None
    current_version = PlanVersion.objects.current_for(episode, on=entry.visit_date)
    visit = Visit(
        episode=episode,
        visit_date=entry.visit_date,
        visit_time=visit_time,
        recorded_by=user,
        nprs=entry.nprs,
        odi_sections=list(entry.odi_sections or ()) if odi else [],
        odi_percent=odi.percent if odi else None,
        odi_valid=odi.valid if odi else False,
        psfs_ratings=list(psfs.ratings) if psfs else [],
        psfs_mean=psfs.mean if psfs else None,
        rmdq_items="".join(str(i) for i in entry.rmdq_items) if entry.rmdq_items else "",
        rmdq_total=rmdq_total,
        fabq_pa=entry.fabq_pa,
        fabq_w=entry.fabq_w,
        patient_rating=entry.patient_rating,
        adherence_percent=entry.adherence_percent,
        note=entry.note,
        next_visit_date=entry.next_visit_date,
        plan_version=current_version,
        baseline=baseline,
    )
    audited_save(visit, user)
    bulk_create_with_history(
        [VisitFinding(visit=visit, code=code) for code in sorted(entry.findings)],
        VisitFinding,
        default_user=user,
    )
    bulk_create_with_history(
        [
            VisitExercise(
                visit=visit,
                exercise=row["exercise"],
                sets=row.get("sets"),
                reps=row.get("reps"),
                hold_seconds=row.get("hold_seconds"),
                load=row.get("load") or "",
            )
            for row in entry.exercises
        ],
        VisitExercise,
        default_user=user,
    )
    bulk_create_with_history(
        [
            VisitIntervention(visit=visit, intervention_type=kind, minutes=minutes)
            for kind, minutes in entry.interventions
        ],
        VisitIntervention,
        default_user=user,
    )
    if entry.objective:
        audited_save(ObjectiveMeasures(visit=visit, episode=episode, **entry.objective), user)
    _judge_and_prompt(visit, entry.findings, baseline, user)
    caseload_state_refresh(episode_ids=[episode.pk])
    return visit


def _check_interventions(episode: Episode, rows: tuple[tuple[InterventionType, int], ...]) -> None:
    """Only the active types of the episode's clinic and the shared ones, each once, for 1-240 minutes
    (the form says the same field by field; this refuses a caller that skipped it)."""
    if not rows:
        return
    offered = set(
        InterventionType.objects.offered_at(episode.patient.clinic_id)
        .filter(pk__in=[kind.pk for kind, _ in rows])
        .values_list("pk", flat=True)
    )
    seen: set[int] = set()
    for kind, minutes in rows:
        if kind.pk not in offered:
            raise ValidationError({"treatment": f"{kind} is not an intervention of this clinic."})
        if kind.pk in seen:
            raise ValidationError({"treatment": f"{kind} is listed twice."})
        if not INTERVENTION_MINUTES_MIN <= minutes <= INTERVENTION_MINUTES_MAX:
            raise ValidationError(
                {"treatment": f"Enter {INTERVENTION_MINUTES_MIN} to {INTERVENTION_MINUTES_MAX} minutes."}
            )
        seen.add(kind.pk)


def _scored_measures(entry: VisitEntry, baseline: Assessment | None) -> tuple[PsfsScore | None, int | None]:
    return scored_visit_measures(
        psfs_ratings=entry.psfs_ratings,
        rmdq_items=entry.rmdq_items,
        rmdq_total=entry.rmdq_total,
        baseline=baseline,
    )


def scored_visit_measures(
    *,
    psfs_ratings: tuple[int, ...] | None,
    rmdq_items: tuple[int, ...] | None,
    rmdq_total: int | None,
    baseline: Assessment | None,
) -> tuple[PsfsScore | None, int | None]:
    """The PSFS re-rating of the baseline's activities and the RMDQ total, or the field to blame
    (recording a visit and amending one)."""
    psfs = None
    if psfs_ratings is not None:
        activities = baseline.psfs_activities if baseline else []
        if len(activities) != len(psfs_ratings):
            raise ValidationError(
                {
                    "psfs_rating_1": f"The PSFS re-rates the {len(activities)} activities of the baseline "
                    f"assessment; {len(psfs_ratings)} ratings were given."
                }
            )
        psfs = scored_or_refused(score_psfs, psfs_ratings, "psfs_rating_1")
    if rmdq_items is not None:
        ticked = scored_or_refused(score_rmdq, rmdq_items, "rmdq_taken").total
        if rmdq_total is not None and rmdq_total != ticked:
            raise ValidationError({"rmdq_total": "The RMDQ total differs from the statements ticked."})
        rmdq_total = ticked
    return psfs, rmdq_total


def _judge_and_prompt(visit: Visit, findings: frozenset[str], baseline: Assessment | None, user) -> None:
    episode = visit.episode
    if baseline is None:
        triage = assess_red_flags(findings=findings)
        raised: list[tuple[str, list[str], TriageLevel | None, str]] = []
        if triage.level != TriageLevel.NONE:
            raised.append(
                (
                    PromptKind.RED_FLAG,
                    list(triage.reasons),
                    triage.level,
                    red_flag_text(triage.level, triage.flags),
                )
            )
    else:
        series = list(
            episode.visits.filter(baseline=baseline)
            .prefetch_related("findings")
            .order_by("visit_date", "visit_time", "id")
        )
        report = progress_since(baseline, series, episode.patient, plan_goals(visit.plan_version))
        index = len(series) - 1
        judgement = report.visits[index]
        visit.status = judgement.status.value if judgement.status else ""
        visit.judgement = {name: change.as_dict() for name, change in judgement.measures.items()}
        visit.save(update_fields=["status", "judgement", "updated_at"])
        raised = [(p.kind, list(p.reasons), p.level, p.message) for p in report.prompts_for(index)]
    prompts = [
        Prompt(
            episode=episode,
            visit=visit,
            kind=kind,
            level=level.value if level else "",
            reasons=reasons,
            message=message,
        )
        for kind, reasons, level, message in raised
    ]
    prompts_supersede(episode=episode, kinds={p.kind for p in prompts}, on=visit.visit_date, user=user)
    bulk_create_with_history(prompts, Prompt, default_user=user)
