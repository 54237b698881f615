"""Objective measures in the O section of the notes: the pure draft places the measures' sentence,
and the daily note of a visit and the evaluation note of an assessment list the measures recorded,
out-of-normal ones with their normal range; a record without measures lists none."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from django.urls import reverse

from plans.clinical.notes import EvaluationFacts, VisitFacts, draft_daily_note, draft_evaluation_note
from plans.models import Visit
from tests.plans.test_objective_measures import _record, episode  # noqa: F401 (a fixture)
from tests.plans.test_visits import _visit, treated_episode  # noqa: F401 (a fixture)

VISIT = VisitFacts(
    visit_date=date(2026, 3, 9), nprs=3, patient_rating="", adherence_percent=None, home_sessions="",
    findings=(), exercises=("Pelvic tilt: 2 x 10",), measures=(), status="", prompts=(), plan=None,
    therapist_note="Tolerated well.",
)  # fmt: skip
EVALUATION = EvaluationFacts(
    kind="Initial evaluation", assessed_on=date(2026, 2, 1), history=(), nprs_now=6, nprs_best=None,
    nprs_worst=None, scores=(), findings=("Muscle spasm",), stage="Acute", triage="None", referral="",
)  # fmt: skip
MEASURES = "Objective measures: SLR left 40° with leg pain (normal: 70-90°): positive."


def test_daily_note_lists_the_measures_after_the_exercises():
    soap = draft_daily_note(replace(VISIT, objective_measures=MEASURES))
    assert soap.objective.splitlines() == [
        "Exercises done in clinic: Pelvic tilt: 2 x 10.",
        MEASURES,
        "Tolerated well.",
    ]
    bare = draft_daily_note(VISIT).objective
    assert bare.splitlines() == ["Exercises done in clinic: Pelvic tilt: 2 x 10.", "Tolerated well."]


def test_evaluation_note_lists_the_measures_after_the_findings():
    soap = draft_evaluation_note(replace(EVALUATION, objective_measures=MEASURES))
    assert soap.objective.splitlines() == ["Findings: Muscle spasm.", MEASURES]
    assert draft_evaluation_note(EVALUATION).objective == "Findings: Muscle spasm."


def test_visit_note_draft_lists_the_recorded_measures(therapist_client, treated_episode):  # noqa: F811
    response = _visit(
        therapist_client, treated_episode, 2, nprs="5", slr_left="40", slr_left_leg_pain="on", slr_right="80",
        lumbar_flexion_grade="mild", myotome_l5_left="4",
    )  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    page = therapist_client.get(reverse("plans:visit_note", args=[Visit.objects.get().code])).content.decode()
    assert (
        "Objective measures: Lumbar flexion mildly reduced (normal: full); "
        "SLR left 40° with leg pain (normal: 70-90°): positive; SLR right 80°; "
        "L5 big-toe extension left 4/5 (normal: 5/5)."
    ) in page


def test_evaluation_note_draft_lists_the_recorded_measures(therapist_client, episode):  # noqa: F811
    assessment = _record(therapist_client, episode, lumbar_flexion="45", reflex_ankle_left="absent")
    page = therapist_client.get(reverse("plans:assessment_note", args=[assessment.code])).content.decode()
    assert (
        "Objective measures: Lumbar flexion 45° (normal: 60° or more); "
        "Ankle reflex (S1) left absent (normal: present, not brisk)."
    ) in page


def test_a_record_without_measures_lists_none(therapist_client, episode):  # noqa: F811
    assessment = _record(therapist_client, episode)
    page = therapist_client.get(reverse("plans:assessment_note", args=[assessment.code])).content.decode()
    assert "Objective measures:" not in page
