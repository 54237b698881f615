"""Visits and the prompts they raise.

Every visit is judged against the episode's baseline (the latest assessment before it) with the
progress rules of ``plans.clinical.progress`` and the clinic's thresholds; the prompts of the new
visit are stored, and stay open until a therapist acts on them (a new plan version) or dismisses
them with a reason. A re-evaluation resets the baseline for later visits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from patients.models import Episode
from plans.clinical.progress import Measures, ProgressReport, evaluate_progress
from plans.clinical.scoring import score_odi
from plans.clinical.triage import assess_red_flags
from plans.clinical.vocabulary import TRIAGE_SEVERITY, PromptKind, TriageLevel
from plans.library import progress_thresholds
from plans.models import (
    Assessment,
    PlanVersion,
    Prompt,
    PromptStatus,
    QuestionnaireRequest,
    Visit,
    VisitExercise,
    VisitFinding,
)
from plans.questionnaire_services import prefill_from

LOW_ADHERENCE_PERCENT = 50
PROMPT_ORDER = {
    PromptKind.RED_FLAG: 0,
    PromptKind.REGRESSION: 1,
    PromptKind.PLATEAU: 2,
    PromptKind.REEVALUATION_DUE: 3,
    PromptKind.GOAL_MET: 4,
}
REASON_WORDS = {
    "nprs": "pain (NPRS)",
    "odi": "disability (ODI)",
    "unchanged_twice": "unchanged at two visits in a row",
}


@dataclass(frozen=True)
class VisitEntry:
    visit_date: date
    nprs: int | None = None
    odi_sections: tuple[int | None, ...] | None = None
    patient_rating: str = ""
    adherence_percent: int | None = None
    findings: frozenset[str] = frozenset()
    exercises: list[dict] = field(default_factory=list)  # exercise, sets, reps, hold_seconds, load
    note: str = ""


def baseline_for(episode: Episode, on: date) -> Assessment | None:
    """The assessment that visits on ``on`` are compared with: the latest one dated before it."""
    return episode.assessments.filter(assessed_on__lt=on).order_by("-assessed_on", "-id").first()


def baseline_measures(assessment: Assessment) -> Measures:
    # An incomplete ODI (more than one section skipped) is shown, never compared.
    odi = assessment.odi_percent if assessment.odi_valid else None
    return Measures(date=assessment.assessed_on, nprs=assessment.nprs_current, odi=odi)


def visit_measures(visit: Visit, findings: frozenset[str] | None = None) -> Measures:
    if findings is None:
        findings = frozenset(f.code for f in visit.findings.all())
    odi = visit.odi_percent if visit.odi_valid else None
    return Measures(date=visit.visit_date, nprs=visit.nprs, odi=odi, findings=findings)


def progress_since(baseline: Assessment, visits: list[Visit], clinic) -> ProgressReport:
    return evaluate_progress(
        baseline_measures(baseline), [visit_measures(v) for v in visits], progress_thresholds(clinic)
    )


def _reason_text(reason: str) -> str:
    if reason in REASON_WORDS:
        return REASON_WORDS[reason]
    if reason.startswith("not_improved_by_day_"):
        return f"no clinically important improvement by day {reason.rsplit('_', 1)[-1]}"
    if reason.endswith("_days_since_baseline"):
        return f"{reason.split('_', 1)[0]} days since the baseline assessment"
    if reason.startswith("visit_"):
        return f"visit number {reason.split('_', 1)[1]} since the baseline"
    return reason.replace("_", " ")


def prompt_message(kind: str, reasons: list[str], *, level: str = "", adherence: int | None = None) -> str:
    reason_text = ", ".join(_reason_text(r) for r in reasons)
    if kind == PromptKind.RED_FLAG:
        triage = assess_red_flags(findings=reasons)
        actions = "; ".join(f"{f.condition}: {f.action}" for f in triage.flags)
        message = f"Red flag ({TriageLevel(level).label.lower()}): {actions}."
    elif kind == PromptKind.REGRESSION:
        message = f"Regression: {reason_text} worsened by at least the clinically important amount."
    elif kind == PromptKind.PLATEAU:
        message = f"Plateau: {reason_text}. Consider changing the approach, the dose or the education."
    elif kind == PromptKind.GOAL_MET:
        message = f"Goal met: {reason_text} at or below the recovery level. Consider discharge or new goals."
    else:
        message = f"Re-evaluation due: {reason_text}. Record a re-evaluation to reset the baseline."
    if (
        kind in (PromptKind.PLATEAU, PromptKind.REGRESSION)
        and adherence is not None
        and adherence < LOW_ADHERENCE_PERCENT
    ):
        message += (
            f" Home-exercise adherence is only {adherence}%: address adherence (barriers, dose, "
            "timing) before changing the exercises."
        )
    return message


@transaction.atomic
def record_visit(*, episode: Episode, entry: VisitEntry, user) -> Visit:
    Episode.objects.select_for_update().filter(pk=episode.pk).get()
    last = episode.visits.order_by("-visit_date").first()
    if last is not None and entry.visit_date <= last.visit_date:
        raise ValidationError(
            {"visit_date": f"Visits are recorded in order: the last one was on {last.visit_date:%d %b %Y}."}
        )
    baseline = baseline_for(episode, entry.visit_date)
    odi = score_odi(list(entry.odi_sections)) if entry.odi_sections else None
    current_version = (
        PlanVersion.objects.filter(plan__episode=episode, approved_at__date__lte=entry.visit_date)
        .order_by("-number")
        .first()
    ) or PlanVersion.objects.filter(plan__episode=episode).order_by("-number").first()
    visit = Visit(
        episode=episode,
        visit_date=entry.visit_date,
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
    raised: list[tuple[str, list[str], str]] = []
    if baseline is None:
        triage = assess_red_flags(findings=findings)
        if triage.level != TriageLevel.NONE:
            raised.append((PromptKind.RED_FLAG, list(triage.reasons), triage.level.value))
    else:
        series = list(
            episode.visits.filter(visit_date__gt=baseline.assessed_on, visit_date__lte=visit.visit_date)
            .prefetch_related("findings")
            .order_by("visit_date")
        )
        report = progress_since(baseline, series, episode.patient.clinic)
        index = len(series) - 1
        judgement = report.visits[index]
        visit.status = judgement.status.value if judgement.status else ""
        visit.judgement = {name: change.as_dict() for name, change in judgement.measures.items()}
        visit.save(update_fields=["status", "judgement", "updated_at"])
        for prompt in report.prompts_for(index):
            raised.append(
                (prompt.kind.value, list(prompt.reasons), prompt.level.value if prompt.level else "")
            )
    prompts = [
        Prompt(
            episode=episode,
            visit=visit,
            kind=kind,
            level=level,
            reasons=reasons,
            message=prompt_message(kind, reasons, level=level, adherence=visit.adherence_percent),
        )
        for kind, reasons, level in raised
    ]
    _supersede_open_prompts(episode, {p.kind for p in prompts}, visit, user)
    bulk_create_with_history(prompts, Prompt, default_user=user)


def _supersede_open_prompts(episode: Episode, kinds: set[str], visit: Visit, user) -> None:
    """One open prompt per kind: a new one closes the older ones of its kind, saying so."""
    for older in episode.prompts.open().filter(kind__in=kinds):
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
