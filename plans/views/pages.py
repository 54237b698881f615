"""What every page about an episode's records does: log that the record was read, and give the
template the episode and its patient."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from patients.audit import record_access
from patients.models import Episode
from plans.models import QuestionnaireRequest
from plans.services.questionnaires import questionnaire_mark_used


def render_episode_page(
    request: HttpRequest,
    template: str,
    *,
    episode: Episode,
    record: Model,
    context: dict[str, Any],
    status: int = HTTPStatus.OK,
) -> HttpResponse:
    record_access(request, patient=episode.patient, record=record)
    context = {"episode": episode, "patient": episode.patient, **context}
    return render(request, template, context, status=status)


def mark_questionnaire_used(request: HttpRequest, questionnaire: QuestionnaireRequest | None) -> None:
    """The portal answers the form was filled from (posted back as ``questionnaire``) are now used."""
    if questionnaire and request.POST.get("questionnaire") == str(questionnaire.code):
        questionnaire_mark_used(questionnaire=questionnaire, user=request.user)
