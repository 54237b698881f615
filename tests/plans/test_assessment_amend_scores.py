"""Amending an assessment's objective measures and questionnaire answers (ODI, STarT Back, RMDQ,
FABQ): scored, triaged and suggested again as a recorded assessment with those values would be, the
visits judged again, the history showing the old values, bad answers refused on their fields."""

from __future__ import annotations

import pytest
from django.urls import reverse

from plans.clinical.vocabulary import Finding
from plans.models import Assessment, ObjectiveMeasures, Visit
from tests.factories import EpisodeFactory, PatientFactory
from tests.plans.conftest import assessment_post_data
from tests.plans.test_objective_amend import (  # noqa: F401 (treated_episode: a fixture)
    DEFICIT,
    NORMAL_EXAM,
    REASON,
    _amend,
    _codes,
    _history,
    _row,
    treated_episode,
)
from tests.plans.test_objective_measures import _queries
from tests.plans.test_visits import _visit


@pytest.fixture
def assessed(therapist_client, episode) -> Assessment:
    url = reverse("plans:assessment_create", args=[episode.code])
    response = therapist_client.post(url, assessment_post_data(**NORMAL_EXAM))
    assert response.status_code == 302, response.context["form"].errors
    return Assessment.objects.get()


def test_corrected_assessment_measures_are_triaged_again_as_recorded_ones_would_be(
    therapist_client, therapist, assessed, episode
):
    before = (assessed.triage_level, assessed.suggestion)
    response = _amend(therapist_client, assessed, **DEFICIT)
    assert response.status_code == 302, response.context["form"].errors
    assessed.refresh_from_db()
    assert {Finding.WEAKNESS, Finding.REFLEX_LOSS} <= _codes(assessed)
    # Recorded with the corrected measures from the start, the engine says the same.
    other = EpisodeFactory(
        patient=PatientFactory(clinic=episode.patient.clinic), onset_date=episode.onset_date
    )
    url = reverse("plans:assessment_create", args=[other.code])
    assert therapist_client.post(url, assessment_post_data(**NORMAL_EXAM | DEFICIT)).status_code == 302
    fresh = Assessment.objects.get(episode=other)
    assert _codes(assessed) == _codes(fresh)
    assert (assessed.triage_level, assessed.stage) == (fresh.triage_level, fresh.stage)
    assert assessed.suggestion["triage"] == fresh.suggestion["triage"]
    assert (assessed.triage_level, assessed.suggestion) != before

    old, new = list(assessed.history.order_by("history_date"))[-2:]
    assert (old.triage_level, old.suggestion) == before and new.history_change_reason == REASON
    history = _history(therapist_client, assessed)
    assert _row("L4 ankle dorsiflexion left (Oxford 0-5)", 5, 3) in history
    assert '<th scope="row">Findings</th>' in history


def test_corrected_odi_answers_are_scored_again_and_the_visits_judged_again(
    therapist_client,
    treated_episode,  # noqa: F811
):
    _visit(therapist_client, treated_episode, 33, nprs="7", **{f"odi_{n}": "2" for n in range(1, 11)})
    visit = Visit.objects.get()
    assessment = treated_episode.assessments.get()
    assert assessment.odi_percent == 44 and visit.judgement["odi"]["change"] == -4
    form = therapist_client.get(reverse("plans:assessment_amend", args=[assessment.code])).context["form"]
    assert [form[f"odi_{n}"].value() for n in range(1, 11)] == [3, 2, 2, 2, 2, 2, 2, 2, 2, 3]

    response = _amend(therapist_client, assessment, **{f"odi_{n}": "4" for n in range(1, 11)})
    assert response.status_code == 302, response.context["form"].errors
    assessment.refresh_from_db()
    visit.refresh_from_db()
    assert (assessment.odi_percent, assessment.odi_answered, assessment.odi_valid) == (80, 10, True)
    assert assessment.suggestion["scores"]["odi"]["percent"] == 80.0
    assert visit.judgement["odi"]["change"] == -40 and visit.status == "improved"
    assert _row("ODI (%)", "44.0", "80.0") in _history(therapist_client, assessment)


def test_a_half_answered_odi_is_refused_on_its_sections(therapist_client, treated_episode):  # noqa: F811
    assessment = treated_episode.assessments.get()
    response = _amend(therapist_client, assessment, odi_3="", odi_4="")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"odi_3", "odi_4"}
    assessment.refresh_from_db()
    assert assessment.odi_percent == 44 and assessment.amended_at is None


def test_assessment_measures_refused_to_a_colleague_and_another_clinic(colleague, outsider, assessed, client):
    url = reverse("plans:assessment_amend", args=[assessed.code])
    data = {"nprs_current": "6", "reason": REASON, "version": assessed.version, **DEFICIT}
    for user, status in ((colleague, 403), (outsider, 404)):
        client.force_login(user)
        assert client.post(url, data).status_code == status
    assert ObjectiveMeasures.objects.get().myotome_l4_left == 5 and Finding.WEAKNESS not in _codes(assessed)


def test_assessment_amend_and_history_queries_stay_fixed(therapist_client, assessed):
    amend_url = reverse("plans:assessment_amend", args=[assessed.code])
    history_url = reverse("plans:assessment_history", args=[assessed.code])
    _amend(therapist_client, assessed, **DEFICIT)
    amend_once, history_once = _queries(therapist_client, amend_url), _queries(therapist_client, history_url)
    for grade in ("4", "2"):
        record = Assessment.objects.get()
        assert (
            _amend(
                therapist_client, record, myotome_s1_left=grade, odi_1=grade, reason=f"S1 {grade}."
            ).status_code
            == 302
        )
    assert _queries(therapist_client, amend_url) == amend_once <= 7
    assert _queries(therapist_client, history_url) == history_once <= 9


def test_corrected_startback_answers_are_scored_and_suggested_again(therapist_client, assessed, episode):
    assert (assessed.startback_total, assessed.startback_psychosocial, assessed.startback_risk) == (
        5,
        4,
        "high",
    )
    form = therapist_client.get(reverse("plans:assessment_amend", args=[assessed.code])).context["form"]
    assert [form[f"startback_{n}"].value() for n in range(1, 9)] == [1, 0, 0, 0, 1, 1, 1, 0]
    assert form["startback_bothersomeness"].value() == "very_much"

    response = _amend(therapist_client, assessed, startback_5="0", startback_6="0")
    assert response.status_code == 302, response.context["form"].errors
    assessed.refresh_from_db()
    assert (assessed.startback_items, assessed.startback_total, assessed.startback_risk) == (
        "10000010",
        3,
        "low",
    )
    other = EpisodeFactory(
        patient=PatientFactory(clinic=episode.patient.clinic), onset_date=episode.onset_date
    )
    url = reverse("plans:assessment_create", args=[other.code])
    fresh_data = assessment_post_data(**NORMAL_EXAM, startback_5="0", startback_6="0")
    assert therapist_client.post(url, fresh_data).status_code == 302
    fresh = Assessment.objects.get(episode=other)
    assert assessed.stage == fresh.stage
    assert assessed.suggestion["scores"] == fresh.suggestion["scores"]
    history = _history(therapist_client, assessed)
    assert (
        _row("STarT Back risk", "High risk", "Low risk") in history
        and _row("STarT Back total", 5, 3) in history
    )


def test_a_half_answered_startback_is_refused_on_its_items(therapist_client, assessed):
    response = _amend(therapist_client, assessed, startback_3="", startback_bothersomeness="")
    assert set(response.context["form"].errors) == {"startback_3", "startback_bothersomeness"}
    assessed.refresh_from_db()
    assert assessed.startback_risk == "high" and assessed.amended_at is None


def test_corrected_rmdq_and_fabq_answers_are_scored_again(therapist_client, episode):
    rmdq = {"rmdq_taken": "on", **{f"rmdq_{n}": "on" for n in range(1, 11)}}
    fabq = {f"fabq_{n}": "4" for n in range(1, 17)}
    url = reverse("plans:assessment_create", args=[episode.code])
    assert therapist_client.post(url, assessment_post_data(**rmdq, **fabq)).status_code == 302
    assessment = Assessment.objects.get()
    assert (assessment.rmdq_total, assessment.fabq_pa, assessment.fabq_w) == (10, 16, 28)
    form = therapist_client.get(reverse("plans:assessment_amend", args=[assessment.code])).context["form"]
    assert form["rmdq_taken"].value() is True and form["rmdq_10"].value() is True
    assert form["rmdq_11"].value() is False and form["fabq_2"].value() == 4

    response = _amend(therapist_client, assessment, rmdq_9=None, rmdq_10=None, fabq_2="0", fabq_3="0")
    assert response.status_code == 302, response.context["form"].errors
    assessment.refresh_from_db()
    assert assessment.rmdq_items == "1" * 8 + "0" * 16 and assessment.rmdq_total == 8
    assert (assessment.fabq_pa, assessment.fabq_w) == (8, 28)
    assert assessment.suggestion["scores"]["rmdq"]["total"] == 8
    history = _history(therapist_client, assessment)
    assert _row("RMDQ (0-24)", 10, 8) in history and _row("FABQ physical activity", 16, 8) in history


def test_rmdq_statements_without_taken_are_refused(therapist_client, assessed):
    response = _amend(therapist_client, assessed, rmdq_3="on")
    assert response.context["form"].errors == {
        "rmdq_taken": ["Tick “RMDQ taken” to record the statements ticked, or untick them."]
    }
    assessed.refresh_from_db()
    assert assessed.rmdq_items == "" and assessed.amended_at is None
