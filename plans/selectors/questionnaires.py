"""Completed questionnaires waiting to be used, and their answers as initial data for the assessment
or visit form, for the therapist to confirm."""

from __future__ import annotations

from patients.models import Episode
from plans.clinical.questionnaires import ODI_SKIPPED
from plans.models import QuestionnaireRequest

Status = QuestionnaireRequest.Status


def latest_completed(episode: Episode) -> QuestionnaireRequest | None:
    """The newest completed request of the episode not yet used in a record."""
    return (
        QuestionnaireRequest.objects.filter(episode=episode, status=Status.COMPLETED)
        .order_by("-completed_at", "-id")
        .first()
    )


def prefill_from(questionnaire: QuestionnaireRequest) -> dict:
    """Initial data in the assessment form's field names (plans.forms.AssessmentForm)."""
    initial: dict = {"nprs_current": questionnaire.nprs}
    for number, value in enumerate(questionnaire.odi_sections or [], start=1):
        initial[f"odi_{number}"] = ODI_SKIPPED if value is None else value
    if questionnaire.startback_items:
        for number, digit in enumerate(questionnaire.startback_items, start=1):
            initial[f"startback_{number}"] = int(digit)
        initial["startback_bothersomeness"] = questionnaire.startback_bothersomeness
    for number, (activity, rating) in enumerate(questionnaire.psfs_pairs, start=1):
        initial[f"psfs_activity_{number}"] = activity
        initial[f"psfs_rating_{number}"] = rating
    initial.update(_rmdq_initial(questionnaire))
    for number, value in enumerate(questionnaire.fabq_items or [], start=1):
        if value is not None:
            initial[f"fabq_{number}"] = value
    return initial


def _rmdq_initial(questionnaire: QuestionnaireRequest) -> dict:
    answers = questionnaire.rmdq_answers
    if answers is None:
        return {}
    return {"rmdq_taken": True, **{f"rmdq_{n}": True for n, value in enumerate(answers, start=1) if value}}


def visit_measures_initial(questionnaire: QuestionnaireRequest) -> dict:
    """The PSFS re-rating, RMDQ answers and FABQ subscales in the visit form's field names
    (plans.forms.VisitForm): the ratings follow the baseline activities the request was sent with."""
    initial: dict = {f"psfs_rating_{n}": r for n, r in enumerate(questionnaire.psfs_ratings or [], start=1)}
    initial.update(_rmdq_initial(questionnaire))
    for name in ("fabq_pa", "fabq_w"):
        if getattr(questionnaire, name) is not None:
            initial[name] = getattr(questionnaire, name)
    return initial


def prefill_for_episode(episode: Episode) -> dict | None:
    """Initial data for the assessment (or visit) form from the newest completed questionnaires of
    the episode, or None when there are none waiting to be used."""
    questionnaire = latest_completed(episode)
    return None if questionnaire is None else prefill_from(questionnaire)
