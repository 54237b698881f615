"""Amending a visit: the judgement, prompts and chart follow the amended values; the history keeps
the old ones with the reason; only the recorder or the clinical lead may amend."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from plans.models import PlanVersion, Prompt, Visit
from tests.access_matrix import (
    CLINICAL_PAGE,
    FORBIDDEN,
    NOT_FOUND,
    OK,
    cells,
    check,
    done,
    row,
)
from tests.edit_forms import loaded_form
from tests.factories import EpisodeFactory
from tests.plans.test_visits import TODAY, _baseline, _plan, _visit

REASON = "Typed 9 for 2: the patient said two."


@pytest.fixture
def treated_episode(patient, therapist):
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)  # NPRS 7, ODI 44%
    _plan(episode, therapist)
    return episode


@pytest.fixture
def mistyped(therapist_client, treated_episode):
    """Two visits after a baseline of NPRS 7: the first typed 9 (meant 2), the second 6."""
    _visit(therapist_client, treated_episode, 33, nprs="9")
    _visit(therapist_client, treated_episode, 30, nprs="6")
    return Visit.objects.order_by("visit_date")[0]


def _amend(client, visit, *, nprs="2", reason=REASON, version=None, **fields):
    data = {
        "visit_date": visit.visit_date.isoformat(),
        "nprs": nprs,
        "patient_rating": visit.patient_rating,
        "adherence_percent": "" if visit.adherence_percent is None else visit.adherence_percent,
        "note": visit.note,
        "reason": reason,
        "version": visit.version if version is None else version,
        **fields,
    }
    return client.post(reverse("plans:visit_amend", args=[visit.code]), data)


def _chart_points(client, episode) -> str:
    page = client.get(reverse("patients:episode_detail", args=[episode.code])).content.decode()
    return page[
        page.index("Pain (NPRS) over time") : page.index("</svg>", page.index("Pain (NPRS) over time"))
    ]


def test_amended_nprs_rejudges_the_visit_and_the_later_ones(therapist_client, therapist, mistyped):
    later = Visit.objects.order_by("visit_date")[1]
    assert (mistyped.status, later.status) == ("worsened", "unchanged")
    assert [p.kind for p in mistyped.prompts.all()] == ["regression"] and not later.prompts.exists()
    on = f"{mistyped.visit_date:%d %b %Y}"
    chart = _chart_points(therapist_client, mistyped.episode)
    assert f"Visit {on}: 9</title>" in chart

    response = _amend(therapist_client, mistyped)
    assert response.status_code == 302 and response["Location"] == reverse(
        "plans:visit_detail", args=[mistyped.code]
    )
    mistyped.refresh_from_db()
    later.refresh_from_db()
    assert mistyped.nprs == 2 and mistyped.status == "improved"
    assert mistyped.judgement["nprs"] == {
        "change": -5, "status": "improved", "best": 7, "change_from_best": -5, "change_from_previous": -5,
    }  # fmt: skip
    # The regression is no longer raised: closed, saying why, and kept.
    regression = mistyped.prompts.get()
    assert regression.kind == "regression" and regression.status == "dismissed"
    assert regression.dismissal_reason.startswith("No longer raised") and regression.resolved_by == therapist
    # The later visit is now 4 points above the best so far: a relapse.
    assert later.judgement["nprs"]["best"] == 2 and later.judgement["nprs"]["change_from_best"] == 4
    assert [(p.kind, p.status) for p in later.prompts.all()] == [("relapse", "open")]

    chart = _chart_points(therapist_client, mistyped.episode)
    # The point moved, and says it was amended (hollow, and in its title).
    amended = f"amended on {mistyped.amended_at:%-d %b %Y} by Tessa Reed: {REASON}"
    assert f"Visit {on}: 2 ({amended})</title>" in chart and f"Visit {on}: 9" not in chart

    *_, old, new = mistyped.history.order_by("history_date")
    assert old.nprs == 9 and old.status == "worsened"
    assert new.nprs == 2 and new.history_change_reason == REASON and new.history_user == therapist

    page = therapist_client.get(response["Location"]).content.decode()
    assert f"Amended on {mistyped.amended_at:%-d %b %Y} by Tessa Reed: {REASON}" in page
    history_url = reverse("plans:visit_history", args=[mistyped.code])
    assert history_url in page
    history = therapist_client.get(history_url).content.decode()
    assert REASON in history
    assert '<th scope="row">Pain now (0-10)</th><td>9</td><td>2</td>' in history
    assert '<th scope="row">Status</th><td>Worsened</td><td>Improved</td>' in history


def _episode_page(client, episode) -> str:
    return client.get(reverse("patients:episode_detail", args=[episode.code])).content.decode()


def _visit_rows(page: str) -> list[str]:
    """The episode page's visit list, one HTML fragment per row."""
    section = page[
        page.index('data-testid="visits"') : page.index("</ul>", page.index('data-testid="visits"'))
    ]
    return section.split("<li ")[1:]


def _table_rows(page: str) -> list[str]:
    """The rows of the charts' table of numbers."""
    table = page[page.index("Measures over time") : page.index("</table>", page.index("Measures over time"))]
    return table.split("<tr>")[2:]


def test_the_episode_page_marks_the_amended_visit_only(therapist_client, mistyped):
    page = _episode_page(therapist_client, mistyped.episode)
    assert 'data-testid="amended-mark"' not in page and "hollow points" not in page
    _amend(therapist_client, mistyped)
    mistyped.refresh_from_db()
    page = _episode_page(therapist_client, mistyped.episode)

    amended = f"amended on {mistyped.amended_at:%-d %b %Y} by Tessa Reed: {REASON}"
    history = reverse("plans:visit_history", args=[mistyped.code])
    later, first = _visit_rows(page)  # newest first
    assert 'data-testid="amended-mark"' not in later
    assert "pain 2" in first and f'href="{history}"' in first
    assert f'title="{amended[0].upper()}{amended[1:]}"' in first
    assert (
        f'Amended<span class="visually-hidden">: {amended}; see the values before and after</span>' in first
    )

    baseline, first_row, later_row = _table_rows(page)
    assert "Amended" in first_row and "<td>2</td>" in first_row
    assert "Amended" not in baseline and "Amended" not in later_row
    assert "hollow points: values amended since they were recorded" in page
    assert page.count('class="chart-amended"') == 1  # the NPRS point; the visit had no other measure
    assert page.count('data-testid="amended-mark"') == 2  # the visit's row and its row of numbers


def test_the_episode_page_marks_an_amended_assessment(therapist_client, treated_episode):
    assessment = treated_episode.assessments.get()
    response = therapist_client.get(reverse("plans:assessment_amend", args=[assessment.code]))

    data = loaded_form(response, nprs_current="6", reason="Pain now was six.")
    assert (
        therapist_client.post(reverse("plans:assessment_amend", args=[assessment.code]), data).status_code
        == 302
    )
    page = _episode_page(therapist_client, treated_episode)
    history = reverse("plans:assessment_history", args=[assessment.code])
    assert page.count(f'href="{history}" title="Amended on') == 2  # the assessments list, the table
    assert page.count('class="chart-amended"') == 2  # its NPRS and ODI points


def test_the_episode_page_queries_stay_fixed_when_visits_are_amended(therapist_client, mistyped):
    url = reverse("patients:episode_detail", args=[mistyped.episode.code])
    therapist_client.get(url)
    with CaptureQueriesContext(connection) as before:
        therapist_client.get(url)
    _amend(therapist_client, mistyped)
    later = Visit.objects.order_by("visit_date")[1]
    _amend(therapist_client, later, nprs="5", reason="Five, not six.")
    with CaptureQueriesContext(connection) as after:
        page = therapist_client.get(url).content.decode()
    assert page.count('data-testid="amended-mark"') == 4
    assert len(after) == len(before)


def test_a_reason_is_required(therapist_client, mistyped):
    response = _amend(therapist_client, mistyped, reason="  ")
    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["Say why the visit is amended."]}
    mistyped.refresh_from_db()
    assert mistyped.nprs == 9 and mistyped.amended_at is None


def test_a_score_out_of_range_is_refused_on_its_field(therapist_client, mistyped):
    response = _amend(therapist_client, mistyped, nprs="11")
    assert list(response.context["form"].errors) == ["nprs"]
    mistyped.refresh_from_db()
    assert mistyped.nprs == 9


def test_the_form_opens_with_the_saved_values(therapist_client, mistyped):
    form = therapist_client.get(reverse("plans:visit_amend", args=[mistyped.code])).context["form"]
    assert form["nprs"].value() == 9 and form["version"].value() == mistyped.version


def test_two_amendments_at_once_lose_neither(therapist_client, lead, mistyped):
    lead_client = Client()
    lead_client.force_login(lead)
    opened_at = mistyped.version
    assert (
        _amend(lead_client, mistyped, nprs="3", reason="Lead: three.", version=opened_at).status_code == 302
    )

    response = _amend(therapist_client, mistyped, nprs="2", version=opened_at)
    assert response.status_code == 409
    form = response.context["form"]
    assert "Lena Fox changed this visit after you opened it. Nothing was saved." in form.non_field_errors()[0]
    assert form.errors["nprs"] == ["Saved now: “3”."]
    page = response.content.decode()
    assert 'name="nprs" value="2"' in page and REASON in page  # what was typed is kept
    mistyped.refresh_from_db()
    assert mistyped.nprs == 3 and mistyped.amendment_reason == "Lead: three."

    # Saving again from the refused form (which now carries the saved version) keeps the typed values.
    again = form.data.copy()
    assert _amend(therapist_client, mistyped, version=int(again["version"])).status_code == 302
    mistyped.refresh_from_db()
    assert mistyped.nprs == 2
    assert [h.nprs for h in mistyped.history.order_by("history_date") if h.history_change_reason] == [3, 2]


def test_the_visit_page_queries_stay_fixed_when_amended(therapist_client, mistyped):
    url = reverse("plans:visit_detail", args=[mistyped.code])
    with CaptureQueriesContext(connection) as before:
        assert "Amend</a>" in therapist_client.get(url).content.decode()
    _amend(therapist_client, mistyped)
    for days_ago in (20, 15, 10):
        _visit(therapist_client, mistyped.episode, days_ago, nprs="5")
    with CaptureQueriesContext(connection) as after:
        assert "Amended on" in therapist_client.get(url).content.decode()
    assert len(after) == len(before)


def test_nothing_clinical_is_deleted(therapist_client, mistyped):
    visits, prompts = Visit.objects.count(), Prompt.objects.count()
    _amend(therapist_client, mistyped)
    _amend(therapist_client, Visit.objects.get(pk=mistyped.pk), nprs="9", reason="Back to nine.")
    assert Visit.objects.count() == visits and Prompt.objects.count() >= prompts
    assert mistyped.history.filter(history_type="-").count() == 0


AMEND_PAGE = {**CLINICAL_PAGE, "colleague": FORBIDDEN}
ACCESS = cells(
    row("amend", lambda get: reverse("plans:visit_amend", args=[get("mistyped").code]), AMEND_PAGE),
    row(
        "amend post",
        lambda get: reverse("plans:visit_amend", args=[get("mistyped").code]),
        done(AMEND_PAGE),
        method="post",
        data=lambda get: {"visit_date": get("mistyped").visit_date.isoformat(), "nprs": "2", "reason": REASON,
                          "version": get("mistyped").version},
    ),
    row("history", lambda get: reverse("plans:visit_history", args=[get("mistyped").code]), CLINICAL_PAGE),
    row("assessment history", lambda get: reverse("plans:assessment_history",
        args=[get("treated_episode").assessments.get().code]), CLINICAL_PAGE),
    row("unknown", lambda get: reverse("plans:visit_amend", args=["00000000-0000-0000-0000-000000000000"]),
        therapist=NOT_FOUND, lead=NOT_FOUND),
)  # fmt: skip


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)


def test_amend_button_only_for_who_may_amend(client, colleague, lead, mistyped):
    url = reverse("plans:visit_detail", args=[mistyped.code])
    client.force_login(colleague)
    assert "Amend</a>" not in client.get(url).content.decode()
    client.force_login(lead)
    assert "Amend</a>" in client.get(url).content.decode()
    assert OK


def test_amended_assessment_is_triaged_again_and_its_visits_judged_again(
    therapist_client, therapist, treated_episode
):
    _visit(therapist_client, treated_episode, 33, nprs="6")
    visit = Visit.objects.get()
    assert visit.status == "unchanged"
    assessment = treated_episode.assessments.get()
    old_suggestion, plan_before = assessment.suggestion, list(PlanVersion.objects.values())
    url = reverse("plans:assessment_amend", args=[assessment.code])
    form = therapist_client.get(url).context["form"]
    assert form["nprs_current"].value() == 7
    response = therapist_client.post(
        url,
        {"nprs_current": "3", "nprs_best": "", "nprs_worst": "", "notes": "", "reason": "Pain now was 3.",
         "version": assessment.version},
    )  # fmt: skip
    assert response.status_code == 302
    assessment.refresh_from_db()
    visit.refresh_from_db()
    assert assessment.nprs_current == 3 and assessment.triage_level == "none"
    assert assessment.suggestion != old_suggestion
    old, new = list(assessment.history.order_by("history_date"))[-2:]
    assert old.suggestion == old_suggestion and old.nprs_current == 7
    assert new.history_change_reason == "Pain now was 3." and new.history_user == therapist
    # Pain 6 at the visit is now 3 points worse than the baseline.
    assert visit.status == "worsened" and visit.judgement["nprs"]["change"] == 3
    assert [p.kind for p in visit.prompts.all()] == ["regression"]
    # The approved plan version is never changed; the page says it may need a change.
    assert list(PlanVersion.objects.values()) == plan_before
    page = therapist_client.get(response["Location"]).content.decode()
    assert "Amended on" in page and "Pain now was 3." in page and "may need a change" in page
    history = therapist_client.get(reverse("plans:assessment_history", args=[assessment.code]))
    assert '<th scope="row">Pain now (0-10)</th><td>7</td><td>3</td>' in history.content.decode()


def test_assessment_amend_access(client, colleague, lead, treated_episode):
    assessment = treated_episode.assessments.get()
    url = reverse("plans:assessment_amend", args=[assessment.code])
    client.force_login(colleague)
    assert client.get(url).status_code == 403
    client.force_login(lead)
    assert client.get(url).status_code == 200
    response = client.post(url, {"nprs_current": "7", "reason": "", "version": assessment.version})
    assert response.context["form"].errors == {"reason": ["Say why the assessment is amended."]}
