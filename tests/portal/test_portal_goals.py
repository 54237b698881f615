"""The portal shows each goal with its status in plain words."""

import re

from tests.factories import VisitFactory

HOME = "/portal/"


def _statuses(portal_client) -> list[str]:
    return re.findall(r'data-testid="goal-status">([^<]+)<', portal_client.get(HOME).text)


def test_a_goal_not_reached_yet_then_reached(portal_client, episode, therapist, plan_version):
    assert _statuses(portal_client) == ["Not reached yet"]  # the functional goal has no status
    VisitFactory(episode=episode, recorded_by=therapist, nprs=3)
    assert _statuses(portal_client) == ["Reached"]


def test_a_dropped_goal_says_so(portal_client, episode, therapist, plan_version):
    from plans.services.goals import goal_drop

    goal_drop(goal=plan_version.goals.get(measure="nprs"), user=therapist, reason="Pain is now low.")
    assert _statuses(portal_client) == ["No longer a goal"]
