"""Correcting an assessment's pain scores, ODI, STarT Back, RMDQ and FABQ answers, objective
measures or notes with a reason (not its PSFS: the visits re-rate its activities): the
questionnaires are scored again, the findings the measures stand for are derived again
(plans.services.objective_amend), the triage, stage and suggestion are made again from the amended
values (the old ones stay in the history), and the visits judged against it are judged again (a red
flag they now show is raised). An approved plan version is never changed: the page says the plan may
need a change. An untouched draft note of the assessment is drafted again
(``plans.services.note_redraft``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from patients.models import Episode
from plans.clinical.engine import AssessmentInput, suggest
from plans.models import Assessment
from plans.selectors.library import load_catalog, stage_thresholds
from plans.services.caseload_state import caseload_state_refresh
from plans.services.history import history_user_set
from plans.services.note_redraft import draft_before_amendment, note_redraft_after_amendment
from plans.services.objective_amend import objective_amend
from plans.services.visit_amend import AmendConflict, rejudge_from

ASSESSMENT_AMENDABLE_FIELDS = ("nprs_current", "nprs_best", "nprs_worst", "notes")


@dataclass(frozen=True)
class AssessmentAmendment:
    nprs_current: int
    nprs_best: int | None
    nprs_worst: int | None
    notes: str
    odi_sections: tuple[int | None, ...] | None  # ten answers, None where skipped; None: not taken
    startback_items: tuple[int, ...] | None  # the eight 0/1 answers; None: not taken
    startback_bothersomeness: str
    rmdq_items: tuple[int, ...] | None  # the 24 answers 0/1; None: not taken
    fabq_items: tuple[int | None, ...] | None  # the 16 answers 0-6 or None; None: not taken
    objective: Mapping[str, Any] | None  # plans.models.objective.MEASURE_FIELDS; None: nothing tested


def _engine_input(assessment: Assessment) -> AssessmentInput:
    """The engine's input, from the saved (amended) record."""
    startback = tuple(int(c) for c in assessment.startback_items) or None
    odi = assessment.odi_sections if any(v is not None for v in assessment.odi_sections) else None
    return AssessmentInput(
        age=assessment.age,
        region=assessment.region,
        onset=assessment.onset,
        duration_days=assessment.duration_days,
        sex=assessment.episode.patient.sex or None,
        recurrent=assessment.recurrent,
        mechanism=assessment.mechanism,
        pain_distribution=assessment.pain_distribution,
        nprs=assessment.nprs_current,
        bmi=assessment.bmi,
        odi=odi,
        startback_items=startback,
        startback_bothersomeness=assessment.startback_bothersomeness or None,
        findings=frozenset(f.code for f in assessment.findings.all()),
        pregnancy_weeks=assessment.pregnancy_weeks,
        walking_tolerance_minutes=assessment.walking_tolerance_minutes,
        psfs_items=tuple(assessment.psfs_ratings) or None,
        psfs_activities=tuple(assessment.psfs_activities) or None,
        rmdq_items=tuple(int(c) for c in assessment.rmdq_items) or None,
        fabq_items=tuple(assessment.fabq_items) or None,
    )


@transaction.atomic
def assessment_amend(
    *, assessment: Assessment, amendment: AssessmentAmendment, reason: str, loaded_version: int, user: User
) -> Assessment:
    """Amend ``assessment`` as loaded at ``loaded_version``; raises ``AmendConflict`` when it changed
    since."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the assessment is amended."})
    Episode.objects.select_for_update().filter(pk=assessment.episode_id).get()
    saved = (
        Assessment.objects.select_for_update()
        .select_related("episode__patient__clinic")
        .get(pk=assessment.pk)
    )
    if saved.version != loaded_version:
        raise AmendConflict(saved)
    before = draft_before_amendment(saved)
    for name in ASSESSMENT_AMENDABLE_FIELDS:
        setattr(saved, name, getattr(amendment, name))
    for number, answer in enumerate(amendment.odi_sections or (None,) * 10, start=1):
        setattr(saved, f"odi_{number}", answer)
    items = amendment.startback_items
    saved.startback_items = "".join(str(i) for i in items) if items else ""
    saved.startback_bothersomeness = amendment.startback_bothersomeness if items else ""
    saved.rmdq_items = "".join(str(i) for i in amendment.rmdq_items or ())
    saved.fabq_items = list(amendment.fabq_items or ())
    saved.amended_at, saved.amended_by, saved.amendment_reason = timezone.now(), user, reason
    findings_changed = objective_amend(record=saved, values=amendment.objective, reason=reason, user=user)
    clinic = saved.episode.patient.clinic
    suggestion = suggest(_engine_input(saved), load_catalog(), stage_thresholds=stage_thresholds(clinic))
    odi = suggestion.odi
    saved.odi_percent = odi.percent if odi else None
    saved.odi_band = odi.band.value if odi and odi.band else ""
    saved.odi_answered = odi.answered if odi else 0
    saved.odi_valid = odi.valid if odi else False
    startback = suggestion.startback
    if startback is None:
        saved.startback_items = saved.startback_bothersomeness = ""
    saved.startback_total = startback.total if startback else None
    saved.startback_psychosocial = startback.psychosocial if startback else None
    saved.startback_risk = startback.risk.value if startback else ""
    rmdq, fabq = suggestion.rmdq, suggestion.fabq
    saved.rmdq_total = rmdq.total if rmdq else None
    saved.fabq_pa, saved.fabq_w = (fabq.pa, fabq.w) if fabq else (None, None)
    saved.stage = suggestion.stage
    saved.triage_level = suggestion.triage.level.value
    saved.suggestion = suggestion.as_dict()
    history_user_set(saved, user)
    saved._change_reason = reason  # type: ignore[attr-defined]  # simple-history's change reason
    saved.full_clean()
    saved.save()
    first = saved.visits.order_by("visit_date", "visit_time", "id").first()
    if first is not None:
        why = f"Judged again after the amendment of the {str(saved).lower()}."
        rejudge_from(saved, from_visit=first, user=user, why=why, red_flags=findings_changed)
    note_redraft_after_amendment(record=saved, before=before, user=user)
    caseload_state_refresh(episode_ids=[saved.episode_id])
    return saved
