"""Visits and the prompts they raise.

Every visit is judged against the episode's baseline (the latest assessment before it) with the
progress rules of ``plans.clinical.progress`` and the clinic's thresholds; the prompts of the new
visit are stored, and stay open until a therapist acts on them (a new plan version) or dismisses
them with a reason. A re-evaluation resets the baseline for later visits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from patients.models import Episode
from plans.clinical.progress import Goal, Measures, ProgressReport, evaluate_progress, red_flag_text
from plans.clinical.scoring import score_odi
from plans.clinical.triage import assess_red_flags
from plans.clinical.vocabulary import TRIAGE_SEVERITY, PromptKind, TriageLevel
from plans.library import progress_thresholds
from plans.models import (
    Assessment,
    GoalMeasure,
    PlanVersion,
    Prompt,
    PromptStatus,
    QuestionnaireRequest,
    Visit,
    VisitExercise,
    VisitFinding,
)
from plans.questionnaire_services import prefill_from

# The pages list red flags first; within a visit the API keeps the contract's order.
PROMPT_ORDER = {
    PromptKind.RED_FLAG: 0,
    PromptKind.REGRESSION: 1,
    PromptKind.RELAPSE: 2,
    PromptKind.PLATEAU: 3,
    PromptKind.REEVALUATION_DUE: 4,
    PromptKind.GOAL_MET: 5,
}
MEASURED_GOALS = (GoalMeasure.NPRS, GoalMeasure.ODI)


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


def baseline_for(episode: Episode, on: date) -> Assessment | None:
    """The assessment that visits on ``on`` are compared with: the latest one dated that day or
    before (a visit on the assessment day follows the assessment)."""
    return episode.assessments.filter(assessed_on__lte=on).order_by("-assessed_on", "-id").first()


def baseline_measures(assessment: Assessment, sex: str) -> Measures:
    """The baseline with its findings, age and sex: visits are screened with the episode's history."""
    # An incomplete ODI (more than one section skipped) is shown, never compared.
    odi = assessment.odi_percent if assessment.odi_valid else None
    return Measures(
        date=assessment.assessed_on,
        nprs=assessment.nprs_current,
        odi=odi,
        findings=frozenset(f.code for f in assessment.findings.all()),
        age=assessment.age,
        sex=sex,
    )


def visit_measures(visit: Visit) -> Measures:
    odi = visit.odi_percent if visit.odi_valid else None
    return Measures(
        date=visit.visit_date,
        nprs=visit.nprs,
        odi=odi,
        findings=frozenset(f.code for f in visit.findings.all()),
        adherence=visit.adherence_percent,
    )


def plan_goals(version: PlanVersion | None) -> list[Goal]:
    """The plan version's measured goals (a functional goal has no target to compare)."""
    if version is None:
        return []
    return [
        Goal(goal.measure, goal.target)
        for goal in version.goals.all()
        if goal.measure in MEASURED_GOALS and goal.target is not None
    ]


def progress_since(baseline: Assessment, visits: list[Visit], patient, goals=()) -> ProgressReport:
    """``visits`` in order of date and time."""
    return evaluate_progress(
        baseline_measures(baseline, patient.sex),
        [visit_measures(v) for v in visits],
        progress_thresholds(patient.clinic),
        goals=goals,
    )


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
def record_visit(*, episode: Episode, entry: VisitEntry, user) -> Visit:
    Episode.objects.select_for_update().filter(pk=episode.pk).get()
    visit_time = entry.visit_time or timezone.localtime().time().replace(microsecond=0)
    if errors := out_of_order(episode, entry.visit_date, visit_time):
        raise ValidationError(errors)
    baseline = baseline_for(episode, entry.visit_date)
    odi = score_odi(list(entry.odi_sections)) if entry.odi_sections else None
    current_version = PlanVersion.objects.current_for(episode, on=entry.visit_date)
    visit = Visit(
        episode=episode,
        visit_date=entry.visit_date,
        visit_time=visit_time,
        recorded_by=user,
        nprs=entry.nprs,
        odi_sections=list(entry.odi_sections) if odi else [],
        odi_percent=odi.percent if odi else None,
        odi_valid=odi.valid if odi else False,
        patient_rating=entry.patient_rating,
        adherence_percent=entry.adherence_percent,
        note=entry.note,
        plan_version=current_version,
        baseline=baseline,
    )
    visit._history_user = user
    visit.full_clean()
    visit.save()
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
    _judge_and_prompt(visit, entry.findings, baseline, user)
    return visit


def _judge_and_prompt(visit: Visit, findings: frozenset[str], baseline: Assessment | None, user) -> None:
    episode = visit.episode
    if baseline is None:
        triage = assess_red_flags(findings=findings)
        raised = []
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
    _supersede_open_prompts(episode, {p.kind for p in prompts}, visit, user)
    bulk_create_with_history(prompts, Prompt, default_user=user)


def _supersede_open_prompts(episode: Episode, kinds: set[str], visit: Visit, user) -> None:
    """One open prompt per kind: a new one closes the older ones of its kind, saying so. Red flags
    are never superseded: each stays until its referral is recorded."""
    for older in episode.prompts.open().filter(kind__in=kinds).exclude(kind=PromptKind.RED_FLAG):
        older.status = PromptStatus.DISMISSED
        older.dismissal_reason = f"Superseded by the same prompt at the visit of {visit.visit_date:%d %b %Y}."
        older.resolved_by = user
        older.resolved_at = timezone.now()
        older._history_user = user
        older.save()


def sort_prompts(prompts) -> list[Prompt]:
    """Red flags first (most severe first), then regression, plateau, re-evaluation, goal met."""
    return sorted(
        prompts,
        key=lambda p: (
            PROMPT_ORDER.get(p.kind, 9),
            -TRIAGE_SEVERITY.get(p.level or TriageLevel.NONE, 0),
            -p.visit_id,
        ),
    )


@transaction.atomic
def dismiss_prompt(*, prompt: Prompt, user, reason: str) -> Prompt:
    prompt = Prompt.objects.select_for_update().get(pk=prompt.pk)
    if prompt.kind == PromptKind.RED_FLAG:
        raise ValidationError("A red flag cannot be dismissed: record the referral instead.")
    if prompt.status != PromptStatus.OPEN:
        raise ValidationError("This prompt has already been dealt with.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the prompt is dismissed."})
    prompt.status = PromptStatus.DISMISSED
    prompt.dismissal_reason = reason.strip()
    prompt.resolved_by = user
    prompt.resolved_at = timezone.now()
    prompt._history_user = user
    prompt.save()
    return prompt


def mark_prompt_acted(*, prompt: Prompt, user, plan_version: PlanVersion | None = None) -> None:
    """A new plan version or a re-evaluation answers a prompt, except a red flag: only its referral
    closes that (services.record_referral)."""
    if prompt.kind == PromptKind.RED_FLAG:
        return
    close_prompt(prompt=prompt, user=user, plan_version=plan_version)


def close_prompt(*, prompt: Prompt, user, plan_version: PlanVersion | None = None) -> None:
    prompt.status = PromptStatus.ACTED
    prompt.resolved_by = user
    prompt.resolved_at = timezone.now()
    prompt.plan_version = plan_version
    prompt._history_user = user
    prompt.save()


def resolve_reevaluation_prompts(*, episode: Episode, user) -> int:
    """A re-evaluation answers the open re-evaluation prompts of the episode."""
    prompts = list(episode.prompts.open().filter(kind=PromptKind.REEVALUATION_DUE))
    for prompt in prompts:
        mark_prompt_acted(prompt=prompt, user=user)
    return len(prompts)


def visit_initial(home_adherence, questionnaire: QuestionnaireRequest | None) -> dict:
    """Initial data for the visit form: adherence from the patient's home log, and the answers of
    questionnaires completed on the portal, for the therapist to confirm."""
    initial = {}
    if home_adherence is not None and home_adherence.percent is not None:
        initial["adherence_percent"] = home_adherence.percent
    if questionnaire is not None:
        answers = prefill_from(questionnaire)
        initial["nprs"] = answers["nprs_current"]
        initial.update({name: value for name, value in answers.items() if name.startswith("odi_")})
    return initial


def _plan_start(episode: Episode) -> date | None:
    first = PlanVersion.objects.filter(plan__episode=episode).order_by("number").first()
    return first.approved_at.date() if first else None


def home_summary(episode: Episode, until: date) -> dict:
    """Home sessions since the visit before ``until`` (or since the plan started): adherence and
    the sessions where pain after exercise rose by 3 points or more."""
    from plans import homelog

    previous = episode.visits.filter(visit_date__lt=until).order_by("-visit_date").first()
    since = previous.visit_date if previous else _plan_start(episode)
    if since is None or since > until:
        return {"home_adherence": None, "home_flares": []}
    return {
        "home_adherence": homelog.adherence(episode, since, until),
        "home_flares": [log for log in homelog.flares_since(episode, since) if log.done_on <= until],
    }


def attach_open_prompts(episodes) -> None:
    """Give each episode of a page its open prompts, red flags first, in one query."""
    by_episode: dict[int, list[Prompt]] = {}
    for prompt in (
        Prompt.objects.open().filter(episode__in=[e.pk for e in episodes]).select_related("visit", "episode")
    ):
        by_episode.setdefault(prompt.episode_id, []).append(prompt)
    for episode in episodes:
        episode.open_prompt_list = sort_prompts(by_episode.get(episode.pk, []))
