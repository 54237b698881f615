"""The therapist's caseload dashboard, with the top of the attention inbox."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from clinic.access import therapist_required
from plans.selectors import attention
from plans.selectors.caseload import DashboardFilter, caseload
from plans.selectors.visits import attach_open_prompts

EPISODES_PER_PAGE = 25
ATTENTION_ON_CASELOAD = 10


@therapist_required
def dashboard(request: HttpRequest) -> HttpResponse:
    filters = DashboardFilter.from_query(request.GET)
    episodes = caseload(request.user, filters)
    page = Paginator(episodes, EPISODES_PER_PAGE).get_page(request.GET.get("page"))
    attach_open_prompts(page.object_list)
    inbox = attention.summary(request.user, filters.scope)
    if filters.scope == "mine":
        request._attention_summary = inbox  # type: ignore[attr-defined]  # the navigation's count, without a second query
    return render(
        request,
        "plans/dashboard.html",
        {
            "page": page,
            "filters": filters,
            "attention_items": attention.items(request.user, filters.scope, limit=ATTENTION_ON_CASELOAD),
            "inbox": inbox,
        },
    )
