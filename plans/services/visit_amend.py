"""Correcting a visit: the amended values replace the saved ones, the old ones stay in the history
with the reason, and the judgements and prompts that read them are made again.

A visit's judgement compares it with its baseline and with the visits before it (best so far,
relapse, plateau), so amending one visit re-judges it and every later visit of the same baseline; a
visit moved to another day is re-sorted among them and judged again from the earlier of its two
places. Its day must keep its baseline (no day before it, none on or after a later assessment), and
must not be in the future.
Its questionnaires are scored again from the amended answers with the scoring a recorded visit has
(ODI percent and validity, the PSFS mean of the baseline's activities, the RMDQ total), so a
corrected ODI, PSFS or RMDQ is judged as a corrected NPRS is.
Prompts follow: one no longer raised is closed saying why, one newly raised is opened, and an
episode keeps one open prompt per kind (the latest). Red flags come from the findings, which only
corrected objective measures change (plans.services.objective_amend): a red flag they newly show is
raised as a visit recording it would raise it; one they no longer show stays open, since only a
referral closes a red flag. An untouched draft note of the visit is drafted again
(``plans.services.note_redraft``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from patients.models import Episode
from plans.clinical.progress import red_flag_text
from plans.clinical.scoring import ODI_MAX_PER_SECTION, score_odi
from plans.clinical.triage import assess_red_flags
from plans.clinical.vocabulary import PromptKind, TriageLevel
from plans.models import Assessment, PlanVersion, Prompt, PromptStatus, Visit, episode_day_error
from plans.selectors.visits import baseline_for, plan_goals, progress_since
from plans.services.caseload_state import caseload_state_refresh
from plans.services.history import history_user_set
from plans.services.measures import scored_or_refused
from plans.services.note_redraft import draft_before_amendment, note_redraft_after_amendment
from plans.services.objective_amend import objective_amend
from plans.services.visits import scored_visit_measures

AMENDABLE_FIELDS = ("visit_date", "nprs", "patient_rating", "adherence_percent", "note")


@dataclass(frozen=True)
class VisitAmendment:
    visit_date: date
    nprs: int | None
    patient_rating: str
    adherence_percent: int | None
    note: str
    objective: Mapping[str, Any] | None  # plans.models.objective.MEASURE_FIELDS; None: nothing tested
    odi_sections: tuple[int | None, ...] | None  # ten answers, None where skipped; None: not taken
    psfs_ratings: tuple[int, ...] | None  # one per activity of the baseline, in its order; None: not taken
    rmdq_items: tuple[int, ...] | None  # the 24 answers 0/1; None: not ticked one by one
    rmdq_total: int | None  # the total alone, or the statements' total
    fabq_pa: int | None
    fabq_w: int | None


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
    if amendment.visit_date != saved.visit_date:
        if errors := _day_errors(saved, amendment.visit_date):
            raise ValidationError(errors)
        saved.plan_version = PlanVersion.objects.current_for(saved.episode, on=amendment.visit_date)
    for name in AMENDABLE_FIELDS:
        setattr(saved, name, getattr(amendment, name))
    _measures_set(saved, amendment)
    saved.amended_at = timezone.now()
    saved.amended_by = user
    saved.amendment_reason = reason
    history_user_set(saved, user)
    saved._change_reason = reason  # type: ignore[attr-defined]  # simple-history's change reason
    saved.full_clean()
    findings_changed = objective_amend(record=saved, values=amendment.objective, reason=reason, user=user)
    why = f"Judged again after the amendment of the visit of {saved.visit_date:%d %b %Y}."
    if saved.baseline is not None:
        rejudge_from(
            saved.baseline, from_visit=saved, user=user, why=why, unsaved=saved, red_flags=findings_changed
        )
    elif findings_changed:
        triage = assess_red_flags(findings=frozenset(f.code for f in saved.findings.all()))
        if triage.level != TriageLevel.NONE:
            text = red_flag_text(triage.level, triage.flags)
            flag = (triage.level.value, list(triage.reasons), text)
            bulk_create_with_history(red_flag_raise(saved, flag, user, why), Prompt, default_user=user)
    saved.save()  # one history row: the amended values with the judgement made from them
    _one_open_per_kind(saved.episode, user)  # read in order of the saved days
    note_redraft_after_amendment(record=saved, before=before, user=user)
    caseload_state_refresh(episode_ids=[saved.episode_id])
    return saved


def _measures_set(visit: Visit, amendment: VisitAmendment) -> None:
    """The amended questionnaire answers and the scores made from them, as ``visit_record`` scores
    them; an answer out of range is refused on its own field."""
    sections = amendment.odi_sections
    if sections is not None:
        errors = {
            f"odi_{number}": f"An ODI section scores 0 to {ODI_MAX_PER_SECTION}; got {answer!r}."
            for number, answer in enumerate(sections, start=1)
            if answer is not None and not 0 <= answer <= ODI_MAX_PER_SECTION
        }
        if errors:
            raise ValidationError(errors)
    odi = scored_or_refused(score_odi, sections, "odi_1") if sections else None
    visit.odi_sections = list(sections or ()) if odi else []
    visit.odi_percent = odi.percent if odi else None
    visit.odi_valid = odi.valid if odi else False
    psfs, rmdq_total = scored_visit_measures(
        psfs_ratings=amendment.psfs_ratings,
        rmdq_items=amendment.rmdq_items,
        rmdq_total=amendment.rmdq_total,
        baseline=visit.baseline,
    )
    visit.psfs_ratings = list(psfs.ratings) if psfs else []
    visit.psfs_mean = psfs.mean if psfs else None
    items = amendment.rmdq_items
    visit.rmdq_items = "".join(str(i) for i in items) if items else ""
    visit.rmdq_total = rmdq_total
    visit.fabq_pa, visit.fabq_w = amendment.fabq_pa, amendment.fabq_w


def _day_errors(visit: Visit, day: date) -> dict[str, str]:
    """Why ``visit`` cannot move to ``day``, on the date's field, if it cannot."""
    if error := episode_day_error(day, visit.episode, "visit"):
        return {"visit_date": error}
    baseline = visit.baseline
    if baseline is not None and day < baseline.assessed_on:
        return {"visit_date": f"The visit cannot be before its baseline, the {_named(baseline)}."}
    if (other := baseline_for(visit.episode, day)) is not None and other != baseline:
        return {
            "visit_date": f"The {_named(other)} comes before that day: the visit would be judged "
            "against it instead of its own baseline. Record a new visit instead."
        }
    if visit.next_visit_date is not None and visit.next_visit_date <= day:
        booked = f"{visit.next_visit_date:%d %b %Y}"
        return {"visit_date": f"The next visit was booked for {booked}: the visit must come before it."}
    clash = visit.episode.visits.filter(visit_date=day, visit_time=visit.visit_time).exclude(pk=visit.pk)
    if clash.exists():
        return {"visit_date": f"Another visit is recorded on {day:%d %b %Y} at {visit.visit_time:%H:%M}."}
    return {}


def _named(assessment: Assessment) -> str:
    return f"{assessment.get_kind_display().lower()} of {assessment.assessed_on:%d %b %Y}"


def rejudge_from(
    baseline: Assessment,
    *,
    from_visit: Visit,
    user: User,
    why: str,
    unsaved: Visit | None = None,
    red_flags: bool = False,
) -> None:
    """Judge again ``from_visit`` and the later visits of ``baseline``, and their prompts; the
    ``unsaved`` visit (the one amended) is given its judgement for the caller to save. With
    ``red_flags`` (the findings changed) a red flag the visits now show is raised too."""
    episode = baseline.episode
    series = list(
        episode.visits.filter(baseline_id=baseline.pk)
        .select_related("plan_version")
        .prefetch_related("findings", "prompts", "plan_version__goals")
        .order_by("visit_date", "visit_time", "id")
    )
    start = next(i for i, v in enumerate(series) if v.pk == from_visit.pk)
    if unsaved is not None:  # amended, perhaps moved to another day: judged from its earlier place
        series = sorted(
            [unsaved if v.pk == unsaved.pk else v for v in series],
            key=lambda v: (v.visit_date, v.visit_time, v.pk),
        )
        start = min(start, next(i for i, v in enumerate(series) if v.pk == unsaved.pk))
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
        flag = next((p for p in report.prompts_for(index) if p.kind == PromptKind.RED_FLAG), None)
        if red_flags and flag is not None and flag.level is not None:
            new_prompts += red_flag_raise(
                visit, (flag.level.value, list(flag.reasons), flag.message), user, why
            )
    bulk_create_with_history(new_prompts, Prompt, default_user=user)
    if unsaved is None:  # else once the amended visit is saved on its day
        _one_open_per_kind(episode, user)


def red_flag_raise(visit: Visit, flag: tuple[str, list[str], str], user: User, why: str) -> list[Prompt]:
    """The red-flag prompt (level, reasons, message) the visit's findings now raise: a new one to
    create, or its open one brought up to date (the history keeps what it said); one already closed by
    its referral is left, and so is one that says the same."""
    level, reasons, message = flag
    existing = next((p for p in visit.prompts.all() if p.kind == PromptKind.RED_FLAG), None)
    if existing is None:
        kind = PromptKind.RED_FLAG
        return [
            Prompt(
                episode_id=visit.episode_id,
                visit=visit,
                kind=kind,
                level=level,
                reasons=reasons,
                message=message,
            )
        ]
    if existing.status == PromptStatus.OPEN and (existing.level, existing.reasons) != (level, reasons):
        existing.level, existing.reasons, existing.message = level, reasons, message
        history_user_set(existing, user)
        existing._change_reason = why  # type: ignore[attr-defined]  # simple-history's change reason
        existing.save()
    return []


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
