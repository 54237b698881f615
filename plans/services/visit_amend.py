"""Correcting a visit: the amended values replace the saved ones, the old ones stay in the history
with the reason, and the judgements and prompts that read them are made again.

A visit's judgement compares it with its baseline and with the visits before it (best so far,
relapse, plateau), so amending one visit re-judges it and every later visit of the same baseline.
Prompts follow: one no longer raised is closed saying why, one newly raised is opened, and an
episode keeps one open prompt per kind (the latest). Red flags come from the findings, which an
amendment does not change: their prompts are left alone. An untouched draft note of the visit is
drafted again (``plans.services.note_redraft``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from patients.models import Episode
from plans.clinical.vocabulary import PromptKind
from plans.models import Assessment, Prompt, PromptStatus, Visit
from plans.selectors.visits import plan_goals, progress_since
from plans.services.history import history_user_set
from plans.services.note_redraft import draft_before_amendment, note_redraft_after_amendment

AMENDABLE_FIELDS = ("nprs", "patient_rating", "adherence_percent", "note")


@dataclass(frozen=True)
class VisitAmendment:
    nprs: int | None
    patient_rating: str
    adherence_percent: int | None
    note: str


class AmendConflict(Exception):
    """Someone saved the record after the form was opened; nothing was saved."""

    def __init__(self, saved: Visit | Assessment):
        super().__init__("The visit changed since it was opened.")
        self.saved = saved


@transaction.atomic
def visit_amend(
    *, visit: Visit, amendment: VisitAmendment, reason: str, loaded_version: int, user: User
) -> Visit:
    """Amend ``visit`` as loaded at ``loaded_version``; raises ``AmendConflict`` when it changed since."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the visit is amended."})
    Episode.objects.select_for_update().filter(pk=visit.episode_id).get()
    saved = Visit.objects.select_for_update().select_related("episode__patient__clinic").get(pk=visit.pk)
    if saved.version != loaded_version:
        raise AmendConflict(saved)
    before = draft_before_amendment(saved)
    for name in AMENDABLE_FIELDS:
        setattr(saved, name, getattr(amendment, name))
    saved.amended_at = timezone.now()
    saved.amended_by = user
    saved.amendment_reason = reason
    history_user_set(saved, user)
    saved._change_reason = reason  # type: ignore[attr-defined]  # simple-history's change reason
    saved.full_clean()
    if saved.baseline is not None:
        why = f"Judged again after the amendment of the visit of {saved.visit_date:%d %b %Y}."
        rejudge_from(saved.baseline, from_visit=saved, user=user, why=why, unsaved=saved)
    saved.save()  # one history row: the amended values with the judgement made from them
    note_redraft_after_amendment(record=saved, before=before, user=user)
    return saved


def rejudge_from(
    baseline: Assessment, *, from_visit: Visit, user: User, why: str, unsaved: Visit | None = None
) -> None:
    """Judge again ``from_visit`` and the later visits of ``baseline``, and their prompts; the
    ``unsaved`` visit (the one amended) is given its judgement for the caller to save."""
    episode = baseline.episode
    series = list(
        episode.visits.filter(baseline_id=baseline.pk)
        .select_related("plan_version")
        .prefetch_related("findings", "prompts", "plan_version__goals")
        .order_by("visit_date", "visit_time", "id")
    )
    start = next(i for i, v in enumerate(series) if v.pk == from_visit.pk)
    if unsaved is not None:
        series[start] = unsaved
    reports = {}
    new_prompts: list[Prompt] = []
    for index in range(start, len(series)):
        visit = series[index]
        if visit.plan_version_id not in reports:
            goals = plan_goals(visit.plan_version)
            reports[visit.plan_version_id] = progress_since(baseline, series, episode.patient, goals)
        report = reports[visit.plan_version_id]
        judgement = report.visits[index]
        status = judgement.status.value if judgement.status else ""
        measures = {name: change.as_dict() for name, change in judgement.measures.items()}
        if visit is unsaved:
            visit.status, visit.judgement = status, measures
        elif (status, measures) != (visit.status, visit.judgement):
            visit.status, visit.judgement = status, measures
            history_user_set(visit, user)
            visit._change_reason = why  # type: ignore[attr-defined]  # simple-history's change reason
            visit.save(update_fields=["status", "judgement", "updated_at"])
        raised = {p.kind: p for p in report.prompts_for(index) if p.kind != PromptKind.RED_FLAG}
        kept = {p.kind for p in visit.prompts.all()}
        for prompt in visit.prompts.all():
            if (
                prompt.kind != PromptKind.RED_FLAG
                and prompt.kind not in raised
                and prompt.status == PromptStatus.OPEN
            ):
                _close(prompt, user, f"No longer raised: {why[0].lower()}{why[1:]}")
        new_prompts += [
            Prompt(
                episode=episode,
                visit=visit,
                kind=kind,
                level=p.level.value if p.level else "",
                reasons=list(p.reasons),
                message=p.message,
            )
            for kind, p in raised.items()
            if kind not in kept
        ]
    bulk_create_with_history(new_prompts, Prompt, default_user=user)
    _one_open_per_kind(episode, user)


def _close(prompt: Prompt, user: User, reason: str) -> None:
    prompt.status = PromptStatus.DISMISSED
    prompt.dismissal_reason = reason
    prompt.resolved_by = user
    prompt.resolved_at = timezone.now()
    history_user_set(prompt, user)
    prompt.save()


def _one_open_per_kind(episode: Episode, user: User) -> None:
    """The latest visit's open prompt of each kind stays open; older ones of its kind are superseded."""
    latest: dict[str, Prompt] = {}
    for prompt in (
        episode.prompts.open()
        .exclude(kind=PromptKind.RED_FLAG)
        .select_related("visit")
        .order_by("-visit__visit_date", "-visit__visit_time", "-visit_id")
    ):
        if prompt.kind not in latest:
            latest[prompt.kind] = prompt
            continue
        on = latest[prompt.kind].visit.visit_date
        _close(prompt, user, f"Superseded by the same prompt at the visit of {on:%d %b %Y}.")
