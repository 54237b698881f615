"""The attention inbox page and its actions: "I've seen this" on a flare or an answered
questionnaire, and recording the referral of a visit's red flag."""

from collections.abc import Sequence
from typing import overload

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from clinic.access import therapist_required
from clinic.feedback import report_outcome
from clinic.redirects import safe_next_url
from plans.models import HomeLog, QuestionnaireRequest
from plans.selectors import attention
from plans.selectors.inbox_items import Item
from plans.services import home_logs, questionnaires

ITEMS_PER_PAGE = 50


class _InboxPages(Sequence[Item]):
    """The inbox as the paginator reads it: its length from the inbox's counts, and a page's items
    read with each source cut at the page's end (a long backlog costs its first pages nothing)."""

    def __init__(self, user, scope: str, total: int) -> None:
        self.user, self.scope, self.total = user, scope, total

    def __len__(self) -> int:
        return self.total

    @overload
    def __getitem__(self, index: int) -> Item: ...
    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...
    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, int):
            return attention.items(self.user, self.scope, limit=index + 1)[index]
        return attention.items(self.user, self.scope, limit=index.stop)[index]


def _scope(request: HttpRequest) -> str:
    return "clinic" if request.GET.get("scope") == "clinic" else "mine"


@therapist_required
def inbox(request: HttpRequest) -> HttpResponse:
    scope = _scope(request)
    # A list of names and one-line reasons like the caseload, which logs no reads; the record
    # pages each item links to log theirs.
    counts = attention.summary(request.user, scope)
    pages = Paginator(_InboxPages(request.user, scope, counts.total), ITEMS_PER_PAGE)
    page = pages.get_page(request.GET.get("page"))
    if scope == "mine":
        request._attention_summary = counts  # type: ignore[attr-defined]  # the navigation's count, without a second query
    return render(
        request,
        "plans/attention.html",
        {"items": page.object_list, "page": page, "scope": scope, "summary": counts},
    )


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
