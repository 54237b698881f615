"""A functional goal (the patient's words) is given its status by the therapist on its own page:
met, partly met or not met, each change kept with who and when; a measured goal is judged from the
visits and a dropped goal stays dropped. The status shows on the chart, the portal and the letter."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from plans.clinical.vocabulary import GoalStatus
from plans.models import PlanGoal
from plans.render.letters import render_discharge_html
from plans.services.goals import goal_drop, goal_judge
from tests.access_matrix import CLINICAL_PAGE, NOT_FOUND, cells, check, done, row
from tests.factories import PlanFactory, PlanGoalFactory, PlanVersionFactory

Measure = PlanGoal.Measure


def _functional(episode, therapist) -> PlanGoal:
    version = PlanVersionFactory(plan=PlanFactory(episode=episode), approved_by=therapist)
    return PlanGoalFactory(
        version=version, measure=Measure.FUNCTION, target=None, description="Carry the shopping home"
    )


@pytest.fixture
def goal(episode, therapist) -> PlanGoal:
    return _functional(episode, therapist)


def _url(goal: PlanGoal) -> str:
    return reverse("plans:goal_judge", args=[goal.pk])


def test_the_therapist_sets_the_status_and_the_history_keeps_each_one(
    therapist_client, therapist, colleague, goal
):
    refused = therapist_client.post(_url(goal), {})
    assert refused.status_code == 200
    assert "Choose met, partly met or not met." in refused.text
    assert therapist_client.post(_url(goal), {"status": "partly_met"}).status_code == 302
    goal.refresh_from_db()
    assert (goal.judged_status, goal.judged) == ("partly_met", GoalStatus.PARTLY_MET)
    assert goal.judged_on is not None
    goal_judge(goal=goal, user=colleague, status=GoalStatus.MET)
    goal_judge(goal=goal, user=colleague, status=GoalStatus.MET)  # the same again: nothing new
    page = therapist_client.get(_url(goal)).text
    history = re.search(r'data-testid="goal-status-history">(.*?)</ul>', page, flags=re.S).group(1)
    items = [" ".join(re.sub(r"<[^>]+>", " ", li).split()) for li in re.findall(r"<li>(.*?)</li>", history)]
    assert [item.split(" on ")[0] for item in items] == ["Met", "Partly met"]
    assert items[0].endswith(f"by {colleague.get_full_name()}")
    assert items[1].endswith(f"by {therapist.get_full_name()}")


def test_the_status_shows_on_the_chart_the_portal_and_the_letter(therapist_client, therapist, goal):
    episode = goal.version.plan.episode
    chart = therapist_client.get(reverse("patients:episode_detail", args=[episode.code])).text
    assert _url(goal) in chart
    assert "Patient reads: Carry the shopping home by" in chart
    goal_judge(goal=goal, user=therapist, status=GoalStatus.NOT_MET)
    chart = therapist_client.get(reverse("patients:episode_detail", args=[episode.code])).text
    assert re.findall(r'data-testid="goal-status">([^<]+)<', chart) == ["Not met"]
    assert "Carry the shopping home by" in chart and "- not reached yet" in chart
    letter = render_discharge_html(episode=episode)
    assert "Not met (the therapist's judgement," in letter


def test_the_portal_shows_the_therapists_status(patient_account, client, therapist, goal):
    goal_judge(goal=goal, user=therapist, status=GoalStatus.MET)
    client.force_login(patient_account)
    home = client.get(reverse("portal:home")).text
    assert re.findall(r'data-testid="goal-status">([^<]+)<', home) == ["Reached"]
    assert "Carry the shopping home by" in home


def test_a_measured_goal_is_judged_from_the_visits_not_by_hand(therapist_client, therapist, episode):
    measured = PlanGoalFactory(version__plan__episode=episode, version__approved_by=therapist)
    page = therapist_client.get(_url(measured)).text
    assert 'data-testid="judged-from-visits"' in page and 'data-testid="goal-judge-form"' not in page
    assert therapist_client.post(_url(measured), {"status": "met"}).status_code == 200
    measured.refresh_from_db()
    assert measured.judged_status == ""
    with pytest.raises(ValidationError):
        goal_judge(goal=measured, user=therapist, status=GoalStatus.MET)


def test_a_dropped_goal_cannot_be_given_a_status(therapist, goal):
    goal_drop(goal=goal, user=therapist, reason="She moved closer to the shops.")
    with pytest.raises(ValidationError):
        goal_judge(goal=goal, user=therapist, status=GoalStatus.MET)
    with pytest.raises(ValidationError):
        goal_judge(goal=goal, user=therapist, status=GoalStatus.DROPPED)


def _goal_url(get):
    return _url(_functional(get("episode"), get("therapist")))


ACCESS = cells(
    row("goal status", _goal_url, CLINICAL_PAGE),
    row("goal status post", _goal_url, done(CLINICAL_PAGE), method="post",
        data=lambda get: {"status": "met"}),
    row("unknown goal", lambda get: reverse("plans:goal_judge", args=[999999]), therapist=NOT_FOUND),
)  # fmt: skip


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
