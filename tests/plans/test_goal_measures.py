"""Every goal measure judged from the records: RMDQ and PSFS from the visits that recorded them, a
range of motion from the objective measures of the assessment and the visits (degrees, higher is
better), the goal-met prompt waiting for every measured goal still pursued, and each target within
its measure's scale in the database and in the plan editor's form."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from clinic import dates
from plans.clinical.vocabulary import GoalStatus, PromptKind
from plans.forms.plans import PlanGoalForm
from plans.models import PlanGoal
from plans.selectors.outcomes import plan_goal_outcomes
from plans.selectors.visits import plan_goals, progress_since
from plans.services.goals import goal_drop
from tests.factories import (
    AssessmentFactory,
    ObjectiveMeasuresFactory,
    PlanFactory,
    PlanGoalFactory,
    PlanVersionFactory,
    VisitFactory,
)

D = Decimal
Measure = PlanGoal.Measure


@pytest.fixture
def baseline(episode, therapist):
    """Initial assessment 9 days ago: RMDQ 14, PSFS 3, lumbar flexion 30 degrees, SLR left 40."""
    assessment = AssessmentFactory(
        episode=episode, assessed_by=therapist, assessed_on=dates.today() - timedelta(days=9),
        rmdq_total=14, psfs_mean=D("3.00"),
    )  # fmt: skip
    ObjectiveMeasuresFactory(
        visit=None, assessment=assessment, episode=episode, lumbar_flexion=30, slr_left=40
    )
    return assessment


@pytest.fixture
def version(episode, therapist, baseline):
    return PlanVersionFactory(plan=PlanFactory(episode=episode), approved_by=therapist, assessment=baseline)


def _visit(episode, therapist, days_ago, objective=None, **measures):
    visit = VisitFactory(
        episode=episode, recorded_by=therapist, baseline=episode.assessments.first(),
        visit_date=dates.today() - timedelta(days=days_ago), **measures,
    )  # fmt: skip
    if objective:
        ObjectiveMeasuresFactory(visit=visit, episode=episode, **{"slr_left": None, **objective})
    return visit


def _statuses(version, baseline):
    visits = list(version.plan.episode.visits.order_by("visit_date", "visit_time", "id"))
    return {row.goal.measure: row.status for row in plan_goal_outcomes(version, baseline, visits)}


def test_rmdq_and_psfs_goals_are_judged_on_the_latest_visit_that_recorded_them(
    episode, therapist, baseline, version
):
    PlanGoalFactory(version=version, measure=Measure.RMDQ, target=D(6))
    PlanGoalFactory(version=version, measure=Measure.PSFS, target=D(7))
    _visit(episode, therapist, 6, rmdq_total=10, psfs_mean=D("7.20"))
    _visit(episode, therapist, 3)  # NPRS only: the earlier RMDQ and PSFS still stand
    assert _statuses(version, baseline) == {"rmdq": GoalStatus.PARTLY_MET, "psfs": GoalStatus.MET}
    _visit(episode, therapist, 1, rmdq_total=6, psfs_mean=D("4.80"))  # RMDQ reached; PSFS fell back
    assert _statuses(version, baseline) == {"rmdq": GoalStatus.MET, "psfs": GoalStatus.NOT_MET}


@pytest.mark.parametrize(
    ("latest", "expected"),
    [
        (60, GoalStatus.MET),  # at the target
        (45, GoalStatus.PARTLY_MET),  # exactly half-way from 30 to 60
        (44, GoalStatus.NOT_MET),
        (None, GoalStatus.NOT_MET),  # no range of motion measured since the assessment
    ],
)
def test_a_range_of_motion_goal_is_judged_on_the_objective_measures(
    episode, therapist, baseline, version, latest, expected
):
    PlanGoalFactory(version=version, measure=Measure.LUMBAR_FLEXION, target=D(60))
    _visit(episode, therapist, 5, objective={"slr_right": 80})
    _visit(episode, therapist, 2, objective={"lumbar_flexion": latest} if latest else None)
    assert _statuses(version, baseline) == {"lumbar_flexion": expected}


def test_a_range_of_motion_lost_again_counts_on_its_latest_value(episode, therapist, baseline, version):
    PlanGoalFactory(version=version, measure=Measure.LUMBAR_FLEXION, target=D(60))
    _visit(episode, therapist, 5, objective={"lumbar_flexion": 60})
    _visit(episode, therapist, 3)  # no examination: the 60 degrees still stand
    assert _statuses(version, baseline) == {"lumbar_flexion": GoalStatus.MET}
    _visit(episode, therapist, 1, objective={"lumbar_flexion": 40})
    assert _statuses(version, baseline) == {"lumbar_flexion": GoalStatus.NOT_MET}


def test_a_straight_leg_raise_goal_on_its_side(episode, therapist, baseline, version):
    PlanGoalFactory(version=version, measure=Measure.SLR_LEFT, target=D(70))
    PlanGoalFactory(version=version, measure=Measure.SLR_RIGHT, target=D(70))
    _visit(episode, therapist, 2, objective={"slr_left": 55, "slr_right": 75})
    assert _statuses(version, baseline) == {"slr_left": GoalStatus.PARTLY_MET, "slr_right": GoalStatus.MET}


def test_the_goal_met_prompt_waits_for_every_measured_goal(episode, therapist, baseline, version):
    PlanGoalFactory(version=version, measure=Measure.RMDQ, target=D(6))
    PlanGoalFactory(version=version, measure=Measure.PSFS, target=D(7))
    PlanGoalFactory(version=version, measure=Measure.LUMBAR_FLEXION, target=D(60))
    PlanGoalFactory(version=version, measure=Measure.FUNCTION, target=None, description="Garden again")
    short = _visit(episode, therapist, 4, rmdq_total=5, psfs_mean=D(8), objective={"lumbar_flexion": 50})
    met = _visit(episode, therapist, 2, rmdq_total=5, psfs_mean=D(8), objective={"lumbar_flexion": 60})
    goals = plan_goals(version)
    assert [goal.measure for goal in goals] == ["rmdq", "psfs", "lumbar_flexion"]
    report = progress_since(baseline, [short, met], episode.patient, goals)
    assert [p.kind for p in report.prompts_for(0)].count(PromptKind.GOAL_MET) == 0
    (goal_met,) = [p for p in report.prompts_for(1) if p.kind == PromptKind.GOAL_MET]
    assert list(goal_met.reasons) == ["rmdq", "psfs", "lumbar_flexion"]
    assert "lumbar flexion" in goal_met.message


def test_a_dropped_goal_no_longer_holds_back_the_goal_met_prompt(episode, therapist, baseline, version):
    PlanGoalFactory(version=version, measure=Measure.RMDQ, target=D(6))
    flexion = PlanGoalFactory(version=version, measure=Measure.LUMBAR_FLEXION, target=D(60))
    visit = _visit(episode, therapist, 2, rmdq_total=5)
    assert plan_goals(version) and not _goal_met(baseline, visit, version)
    goal_drop(goal=flexion, user=therapist, reason="Bending is no longer what matters to her.")
    version.refresh_from_db()
    assert [goal.measure for goal in plan_goals(version)] == ["rmdq"]
    assert _goal_met(baseline, visit, version)


def _goal_met(baseline, visit, version) -> bool:
    report = progress_since(baseline, [visit], baseline.episode.patient, plan_goals(version))
    return any(p.kind == PromptKind.GOAL_MET for p in report.prompts_for(0))


def test_the_episode_page_reads_range_of_motion_goals_in_fixed_queries(
    therapist_client, episode, therapist, baseline, version, django_assert_max_num_queries
):
    PlanGoalFactory(version=version, measure=Measure.LUMBAR_FLEXION, target=D(60))
    _visit(episode, therapist, 5, objective={"lumbar_flexion": 40})
    url = reverse("patients:episode_detail", args=[episode.code])
    therapist_client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as before:
        page = therapist_client.get(url).text
    assert "Bend forward further: aim for 60 degrees by" in page
    for days_ago in (4, 3, 2):
        _visit(episode, therapist, days_ago, objective={"lumbar_flexion": 50})
    with django_assert_max_num_queries(len(before)):
        page = therapist_client.get(url).text
    assert "- at least half-way there" in page


@pytest.mark.parametrize(
    ("measure", "target", "fits"),
    [
        (Measure.LUMBAR_FLEXION, D(120), True),
        (Measure.LUMBAR_FLEXION, D(121), False),
        (Measure.LUMBAR_FLEXION, D(-1), False),
        (Measure.SLR_LEFT, D(90), True),
        (Measure.SLR_RIGHT, D(91), False),
        (Measure.SLR_RIGHT, None, False),  # a measured goal needs a target
    ],
)
def test_the_database_keeps_targets_within_the_scale(version, measure, target, fits):
    if fits:
        PlanGoalFactory(version=version, measure=measure, target=target)
        return
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanGoalFactory(version=version, measure=measure, target=target)


@pytest.mark.parametrize(
    "fields",
    [
        {"measure": Measure.NPRS, "target": D(3), "judged_status": "met", "judged_on": dates.today()},
        {"measure": Measure.FUNCTION, "target": None, "judged_status": "met"},  # without its day
        {"measure": Measure.FUNCTION, "target": None, "judged_status": "dropped", "judged_on": dates.today()},
    ],
)
def test_only_a_functional_goal_is_given_a_status_with_its_day(version, fields):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanGoalFactory(version=version, description="Garden again", **fields)


@pytest.mark.parametrize(
    ("measure", "target", "error"),
    [
        ("lumbar_flexion", "120", None),
        ("lumbar_flexion", "121", "Ensure this value is less than or equal to 120."),
        ("slr_left", "91", "This target is between 0 and 90."),
        ("rmdq", "25", "This target is between 0 and 24."),
        ("psfs", "", "Give a target for this measure."),
        ("nprs", "11", "This target is between 0 and 10."),
    ],
)
def test_the_plan_editor_form_gives_the_same_rule(measure, target, error):
    form = PlanGoalForm(
        {"measure": measure, "target": target, "due_date": (dates.today() + timedelta(days=28)).isoformat()}
    )
    assert form.is_valid() is (error is None)
    if error:
        assert form.errors["target"] == [error]
