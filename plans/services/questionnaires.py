"""Questionnaires sent to a patient to fill in on the portal before a visit: sending, completing
(scored exactly as in the clinic, by plans.clinical.scoring), cancelling, marking as used once the
therapist confirmed the answers, and reviewing. Reading the answers into the assessment or visit form
is plans.selectors.questionnaires."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from patients.models import Episode
from plans.clinical.scoring import (
    ODI_SECTIONS,
    STARTBACK_ITEMS,
    score_fabq,
    score_odi,
    score_psfs,
    score_rmdq,
    score_startback,
)
from plans.models import QuestionnaireRequest
from plans.selectors.visits import baseline_for
from plans.services.caseload_state import caseload_state_refresh
from plans.services.history import first_seen_stamp, history_user_set
from plans.services.measures import scored_or_refused

Status = QuestionnaireRequest.Status


def _locked(questionnaire: QuestionnaireRequest) -> QuestionnaireRequest:
    """The request, locked after its episode (whose caseload state counts the unreviewed answers)."""
    Episode.objects.select_for_update().filter(pk=questionnaire.episode_id).get()
    return QuestionnaireRequest.objects.select_for_update().get(pk=questionnaire.pk)


def _save(questionnaire: QuestionnaireRequest, user, fields: list[str] | None = None) -> None:
    if user is not None:
        history_user_set(questionnaire, user)
    questionnaire.full_clean()
    questionnaire.save(update_fields=None if fields is None else [*fields, "updated_at"])


@transaction.atomic
def questionnaire_send(
    *,
    episode: Episode,
    user,
    include_odi: bool = True,
    include_startback: bool = True,
    include_psfs: bool = False,
    include_rmdq: bool = False,
    include_fabq: bool = False,
) -> tuple[QuestionnaireRequest, bool]:
    """Ask the patient to fill in the pain rating (always) and the chosen questionnaires; returns the
    request and whether it is new. While a request for the episode is still waiting for the patient,
    sending again returns that one unchanged. The PSFS re-rates the activities of the latest
    assessment, copied into the request: it needs an assessment that named them."""
    Episode.objects.select_for_update().filter(pk=episode.pk).get()
    waiting = QuestionnaireRequest.objects.filter(episode=episode, status=Status.PENDING).first()
    if waiting is not None:
        return waiting, False
    if episode.status != Episode.Status.OPEN or not episode.is_active:
        raise ValidationError("Questionnaires can only be sent for an open episode of care.")
    activities: list[str] = []
    if include_psfs:
        baseline = baseline_for(episode, timezone.localdate())
        activities = list(baseline.psfs_activities) if baseline else []
        if not activities:
            raise ValidationError(
                {
                    "include_psfs": "The PSFS re-rates the activities of an assessment: "
                    "record one with PSFS first."
                }
            )
    questionnaire = QuestionnaireRequest(
        episode=episode,
        requested_by=user,
        include_odi=include_odi,
        include_startback=include_startback,
        include_psfs=include_psfs,
        include_rmdq=include_rmdq,
        include_fabq=include_fabq,
        psfs_activities=activities,
    )
    _save(questionnaire, user)
    return questionnaire, True


@transaction.atomic
def questionnaire_complete(
    *,
    questionnaire: QuestionnaireRequest,
    nprs: int,
    odi_sections: Sequence[int | None] | None = None,
    startback_items: Sequence[int] | None = None,
    startback_bothersomeness: str = "",
    psfs_ratings: Sequence[int] | None = None,
    rmdq_items: Sequence[int] | None = None,
    fabq_items: Sequence[int | None] | None = None,
    user,
) -> QuestionnaireRequest:
    """Store the patient's answers with their scores. Only a waiting request can be completed, once."""
    questionnaire = _locked(questionnaire)
    if questionnaire.status != Status.PENDING:
        raise ValidationError("These questionnaires are no longer waiting for answers.")
    if questionnaire.include_odi:
        if odi_sections is None or len(odi_sections) != ODI_SECTIONS:
            raise ValidationError({"odi_sections": f"The ODI has {ODI_SECTIONS} sections."})
        try:
            odi = score_odi(list(odi_sections))
        except ValueError as error:
            raise ValidationError({"odi_sections": str(error)}) from error
        questionnaire.odi_sections = list(odi_sections)
        questionnaire.odi_percent = odi.percent
    if questionnaire.include_startback:
        if startback_items is None or len(startback_items) != STARTBACK_ITEMS:
            raise ValidationError({"startback_items": "Answer every STarT Back question."})
        try:
            startback = score_startback(list(startback_items), startback_bothersomeness)
        except ValueError as error:
            raise ValidationError({"startback_items": str(error)}) from error
        questionnaire.startback_items = "".join(str(item) for item in startback_items)
        questionnaire.startback_bothersomeness = startback_bothersomeness
        questionnaire.startback_total = startback.total
        questionnaire.startback_psychosocial = startback.psychosocial
        questionnaire.startback_risk = startback.risk.value
    _complete_measures(questionnaire, psfs_ratings, rmdq_items, fabq_items)
    questionnaire.nprs = nprs
    questionnaire.status = Status.COMPLETED
    questionnaire.completed_at = timezone.now()
    _save(questionnaire, user)
    caseload_state_refresh(episode_ids=[questionnaire.episode_id])
    return questionnaire


def _complete_measures(
    questionnaire: QuestionnaireRequest,
    psfs_ratings: Sequence[int] | None,
    rmdq_items: Sequence[int] | None,
    fabq_items: Sequence[int | None] | None,
) -> None:
    """Score the PSFS, RMDQ and FABQ answers asked for, exactly (plans.clinical.scoring)."""
    if questionnaire.include_psfs:
        activities = questionnaire.psfs_activities
        if psfs_ratings is None or len(psfs_ratings) != len(activities):
            raise ValidationError({"psfs_ratings": f"Rate each of the {len(activities)} activities."})
        psfs = scored_or_refused(score_psfs, psfs_ratings, "psfs_ratings")
        questionnaire.psfs_ratings = list(psfs.ratings)
        questionnaire.psfs_mean = psfs.mean
    if questionnaire.include_rmdq:
        rmdq = scored_or_refused(score_rmdq, rmdq_items or (), "rmdq_items")
        questionnaire.rmdq_items = "".join(str(item) for item in rmdq_items or ())
        questionnaire.rmdq_total = rmdq.total
    if questionnaire.include_fabq:
        fabq = scored_or_refused(score_fabq, fabq_items or (), "fabq_items")
        questionnaire.fabq_items = list(fabq_items or ())
        questionnaire.fabq_pa, questionnaire.fabq_w = fabq.pa, fabq.w


@transaction.atomic
def questionnaire_cancel(*, questionnaire: QuestionnaireRequest, user) -> QuestionnaireRequest:
    """Withdraw a request the patient has not answered yet; answered ones are kept as they are."""
    questionnaire = QuestionnaireRequest.objects.select_for_update().get(pk=questionnaire.pk)
    if questionnaire.status != Status.PENDING:
        raise ValidationError("Only questionnaires still waiting for the patient can be cancelled.")
    questionnaire.status = Status.CANCELLED
    _save(questionnaire, user, ["status"])
    return questionnaire


@transaction.atomic
def questionnaire_mark_used(*, questionnaire: QuestionnaireRequest, user=None) -> QuestionnaireRequest:
    """Record that the therapist confirmed these answers into an assessment or visit."""
    questionnaire = _locked(questionnaire)
    if questionnaire.status == Status.COMPLETED:
        questionnaire.status = Status.USED
        _save(questionnaire, user, ["status"])
        caseload_state_refresh(episode_ids=[questionnaire.episode_id])
    return questionnaire


@transaction.atomic
def questionnaire_review(*, questionnaire: QuestionnaireRequest, user) -> QuestionnaireRequest:
    """A therapist has read the patient's answers: they leave the inbox but stay ready to prefill."""
    questionnaire = _locked(questionnaire)
    if questionnaire.status not in (QuestionnaireRequest.Status.COMPLETED, QuestionnaireRequest.Status.USED):
        raise ValidationError("The patient has not answered these questionnaires yet.")
    first_seen_stamp(questionnaire, user, at_field="reviewed_at", by_field="reviewed_by")
    caseload_state_refresh(episode_ids=[questionnaire.episode_id])
    return questionnaire
