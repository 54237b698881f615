"""Completed questionnaires waiting to be used, and their answers as initial data for the assessment
or visit form, for the therapist to confirm."""

from __future__ import annotations

from patients.models import Episode
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
        if value is not None:
            initial[f"odi_{number}"] = value
    if questionnaire.startback_items:
        for number, digit in enumerate(questionnaire.startback_items, start=1):
            initial[f"startback_{number}"] = int(digit)
        initial["startback_bothersomeness"] = questionnaire.startback_bothersomeness
    return initial


def prefill_for_episode(episode: Episode) -> dict | None:
    """Initial data for the assessment (or visit) form from the newest completed questionnaires of
    the episode, or None when there are none waiting to be used."""
    questionnaire = latest_completed(episode)
    return None if questionnaire is None else prefill_from(questionnaire)
