"""The attention inbox page and its actions: "I've seen this" on a flare or an answered
questionnaire, and recording the referral of a visit's red flag."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clinic.access import therapist_required
from clinic.feedback import report_outcome
from clinic.redirects import safe_next_url
from plans.models import HomeLog, QuestionnaireRequest
from plans.selectors import attention
from plans.services import home_logs, questionnaires


def _scope(request: HttpRequest) -> str:
    return "clinic" if request.GET.get("scope") == "clinic" else "mine"


@therapist_required
def inbox(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    # A list of names and one-line reasons like the caseload, which logs no reads; the record
    # pages each item links to log theirs.
    found = attention.items(request.user, scope)
    counts = attention.summary(request.user, scope)
    if scope == "mine":
        request._attention_summary = counts  # type: ignore[attr-defined]  # the navigation's count, without a second query
    return render(request, "plans/attention.html", {"items": found, "scope": scope, "summary": counts})


def _back(request: HttpRequest) -> HttpResponseRedirect:
    return HttpResponseRedirect(safe_next_url(request, default=reverse("plans:attention")))


@therapist_required
@require_POST
def flare_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    log = get_object_or_404(HomeLog.objects.visible_to(request.user), pk=pk)
    report_outcome(
        request,
        lambda: home_logs.flare_acknowledge(log=log, user=request.user),
        success=f"Pain flare of {log.done_on:%d %b %Y} marked as seen.",
    )
    return _back(request)


@therapist_required
@require_POST
def questionnaire_review(request: HttpRequest, code) -> HttpResponse:
    questionnaire = get_object_or_404(QuestionnaireRequest.objects.visible_to(request.user), code=code)
    report_outcome(
        request,
        lambda: questionnaires.questionnaire_review(questionnaire=questionnaire, user=request.user),
        success="Questionnaire answers marked as seen.",
    )
    return _back(request)
