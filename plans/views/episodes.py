"""The episode page: the patient's problem, plan, visits and charts on one timeline."""

from uuid import UUID

from django.http import HttpRequest, HttpResponse

from clinic.access import therapist_required
from patients.selectors import get_episode_for_user
from plans.models import NoteKind
from plans.selectors.timeline import episode_context
from plans.views.pages import render_episode_page


@therapist_required
def episode_detail(request: HttpRequest, code: UUID) -> HttpResponse:
    episode = get_episode_for_user(request.user, code)
    context = episode_context(episode)
    context["discharge_note"] = next((n for n in context["notes"] if n.kind == NoteKind.DISCHARGE), None)
    return render_episode_page(
        request,
        "patients/episode_detail.html",
        episode=episode,
        record=episode,
        context=context,
    )
