"""Progress v2 in the pages, through real posts to the visit form: a visit on the assessment day is
judged against it, several visits a day in time order, relapse against the best visit, the episode's
history in the red-flag screen, the plan's goals, adherence first."""

from datetime import time, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from plans.models import Prompt, Visit
from tests.access_matrix import CLINICAL_PAGE, cells, check, row
from tests.factories import EpisodeFactory
from tests.plans.test_visits import TODAY, _baseline, _plan, _visit


def _assessment(episode, user, *, findings=("muscle_spasm",), **kwargs):
    return _baseline(episode, user, findings=findings, **kwargs)


@pytest.fixture
def episode(patient):
    return EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))


def test_visit_on_the_assessment_day_is_judged_against_it(therapist_client, therapist, episode):
    assessment = _assessment(episode, therapist, days_ago=5)
    response = _visit(therapist_client, episode, 5, nprs="4")
    visit = Visit.objects.get()
    assert response.status_code == 302
    assert visit.baseline == assessment
    assert visit.status == "improved"
    assert visit.judgement["nprs"]["status"] == "improved"
    page = therapist_client.get(response["Location"]).content.decode()
    assert "no baseline assessment yet" not in page
    assert "compared with the initial evaluation" in page


def test_several_visits_a_day_are_allowed_and_judged_in_time_order(therapist_client, therapist, episode):
    _assessment(episode, therapist)
    form = therapist_client.get(reverse("plans:visit_create", args=[episode.code])).content.decode()
    assert 'type="time" name="visit_time"' in form
    assert _visit(therapist_client, episode, 3, nprs="4", visit_time="09:00").status_code == 302
    second = _visit(therapist_client, episode, 3, nprs="7", visit_time="15:30")
    assert second.status_code == 302
    morning, afternoon = Visit.objects.order_by("visit_date", "visit_time")
    assert (morning.visit_time, afternoon.visit_time) == (time(9, 0), time(15, 30))
    # The afternoon visit is compared with the morning's value (previous) and its best.
    assert afternoon.judgement["nprs"]["change_from_previous"] == 3
    assert afternoon.judgement["nprs"]["best"] == 4
    relapse = afternoon.prompts.get(kind="relapse")
    assert relapse.reasons == ["nprs"]
    page = therapist_client.get(second["Location"]).content.decode()
    assert "15:30" in page
    assert 'data-testid="prompt-relapse"' in page


def test_a_visit_before_the_last_one_of_the_day_is_refused_with_the_time(
    therapist_client, therapist, episode
):
    _assessment(episode, therapist)
    _visit(therapist_client, episode, 3, nprs="5", visit_time="15:30")
    for earlier in ("09:00", "15:30"):
        response = _visit(therapist_client, episode, 3, nprs="5", visit_time=earlier)
        assert response.status_code == 200
        errors = str(response.context["form"].errors["visit_time"])
        assert "recorded in order" in errors and "15:30" in errors
    assert Visit.objects.count() == 1


def test_the_database_refuses_two_visits_at_the_same_moment(therapist_client, therapist, episode):
    _assessment(episode, therapist)
    _visit(therapist_client, episode, 3, nprs="5", visit_time="10:00")
    visit = Visit.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Visit.objects.create(
            episode=episode, visit_date=visit.visit_date, visit_time=visit.visit_time, recorded_by=therapist
        )


def test_relapse_against_the_best_visit_with_low_adherence_first(therapist_client, therapist, episode):
    _assessment(episode, therapist, nprs=8)
    _visit(therapist_client, episode, 33, nprs="3")  # improved: -5
    _visit(therapist_client, episode, 26, nprs="7", adherence_percent="40")  # -1 from baseline, +4 from best
    visit = Visit.objects.latest("visit_date")
    assert visit.status == "unchanged"
    relapse = Prompt.objects.get(kind="relapse")
    assert relapse.visit == visit and relapse.status == "open"
    assert relapse.message.startswith("Relapse: pain (NPRS) worsened")
    assert "Home-exercise adherence is only 40%" in relapse.message
    assert not Prompt.objects.filter(kind="regression").exists()


def test_visit_screen_uses_the_history_of_the_assessment(therapist_client, therapist, episode):
    _assessment(episode, therapist, findings=("history_of_cancer", "muscle_spasm"))
    _visit(therapist_client, episode, 33, nprs="7")
    assert not Prompt.objects.exists()  # known history alone does not prompt at every visit
    _visit(therapist_client, episode, 30, nprs="7", findings_neurological=["weakness"])
    red = Prompt.objects.get(kind="red_flag")
    assert red.level == "urgent"
    assert set(red.reasons) == {"history_of_cancer", "weakness", "new_deficit:weakness"}
    assert "Suspected metastatic spinal cord compression" in red.message


def test_the_plan_goals_are_the_goals(therapist_client, therapist, episode):
    _assessment(episode, therapist)
    _plan(episode, therapist, goals=[("nprs", 3), ("odi", 40)])
    odi_38 = dict(zip([f"odi_{n}" for n in range(1, 11)], "2222222222", strict=True))  # 20/50 = 40%
    _visit(therapist_client, episode, 33, nprs="3", **odi_38)
    goal = Prompt.objects.get(kind="goal_met")
    assert goal.reasons == ["nprs", "odi"]
    assert goal.message.startswith("Goal met: every goal reached")


def test_default_goals_need_every_goal_at_the_same_visit(therapist_client, therapist, episode):
    _assessment(episode, therapist)
    _plan(episode, therapist)
    odi_30 = dict(zip([f"odi_{n}" for n in range(1, 11)], "2222211111", strict=True))
    _visit(therapist_client, episode, 33, nprs="1", **odi_30)  # NPRS at 1 but ODI 30% > 10
    assert not Prompt.objects.filter(kind="goal_met").exists()


def test_plateau_after_21_days_with_low_adherence_says_address_adherence_first(
    therapist_client, therapist, episode
):
    _assessment(episode, therapist)
    _visit(therapist_client, episode, 35, nprs="6", adherence_percent="30")
    assert not Prompt.objects.filter(kind="plateau").exists()  # 5 days: no plateau yet
    _visit(therapist_client, episode, 19, nprs="6", adherence_percent="30")  # 21 days, unchanged
    plateau = Prompt.objects.get(kind="plateau")
    assert plateau.reasons == ["no_change_21_days", "unchanged_twice"]
    assert "adherence is only 30%: address adherence" in plateau.message


def _queries_of_a_visit_post(client, episode, days_ago) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert (
            _visit(client, episode, days_ago, nprs="6", findings_neurological=["numbness"]).status_code == 302
        )
    return len(queries)


def test_recording_a_visit_costs_the_same_queries_whatever_the_series_length(
    therapist_client, therapist, patient
):
    short, long = (EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50)) for _ in range(2))
    for episode in (short, long):
        _assessment(episode, therapist)
        _plan(episode, therapist, goals=[("nprs", 2)])
    for days_ago in range(39, 27, -1):
        _visit(therapist_client, long, days_ago, nprs="5")
    _visit(therapist_client, short, 39, nprs="5")
    one_before = _queries_of_a_visit_post(therapist_client, short, 20)
    twelve_before = _queries_of_a_visit_post(therapist_client, long, 20)
    assert one_before == twelve_before


# --- Who may open it ------------------------------------------------------------------------------

ACCESS = cells(
    row("new visit", lambda get: reverse("plans:visit_create", args=[get("episode").code]), CLINICAL_PAGE),
)


@pytest.mark.parametrize("cell", ACCESS)
def test_access(cell, request):
    check(cell, request)
