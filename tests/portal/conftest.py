"""Portal fixtures: Maria's open episode with an approved plan, and another patient's plan that
Maria must never see."""

from datetime import date, timedelta

import pytest

from plans.models import EducationItem, Exercise, PlanVersion
from plans.services.plan_versions import PlanContent, plan_version_approve
from tests.e2e.conftest import browser_type_launch_args  # noqa: F401  (the browser test's Chromium)
from tests.factories import EpisodeFactory, PatientFactory, UserFactory


def exercise_row(
    slug: str, *, sets=2, reps=10, hold_seconds=None, times_per_day=1, days_per_week=7, reason=""
):
    return {
        "exercise": Exercise.objects.get(slug=slug),
        "sets": sets,
        "reps": reps,
        "hold_seconds": hold_seconds,
        "times_per_day": times_per_day,
        "days_per_week": days_per_week,
        "reason": reason,
    }


def approve(
    episode,
    therapist,
    *,
    exercises,
    reason="",
    goals=None,
    education=("stay-active",),
    advice="",
    patient_note="",
):
    return plan_version_approve(
        episode=episode,
        content=PlanContent(
            review_date=date.today() + timedelta(days=14),
            exercises=exercises,
            education=list(EducationItem.objects.filter(slug__in=education)),
            goals=goals
            if goals is not None
            else [
                {"measure": "nprs", "target": 3, "due_date": date.today() + timedelta(days=28)},
                {
                    "measure": "function",
                    "description": "Walk to the shops and back without stopping",
                    "due_date": date.today() + timedelta(days=42),
                },
            ],
            activity_advice=advice,
            notes="Team only: check hip flexor length next visit.",
            reason=reason,
            patient_note=patient_note,
        ),
        user=therapist,
    )


@pytest.fixture
def episode(patient):
    return EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=20))


@pytest.fixture
def plan_version(episode, therapist) -> PlanVersion:
    return approve(
        episode,
        therapist,
        exercises=[
            exercise_row("glute-bridge", reason="Strengthens the muscles that support your lower back."),
            exercise_row("bird-dog", reps=8, hold_seconds=5, times_per_day=2, days_per_week=5),
        ],
        advice="Walk every day, a little further each week.",
    )


@pytest.fixture
def portal_client(client, patient_account):
    client.force_login(patient_account)
    return client


@pytest.fixture
def other_patient(clinic, therapist):
    return PatientFactory(clinic=clinic, given_name="Olga", family_name="Other", record_number="R-2002")


@pytest.fixture
def other_plan(other_patient, therapist) -> PlanVersion:
    other_episode = EpisodeFactory(patient=other_patient, onset_date=date.today() - timedelta(days=5))
    return approve(
        other_episode,
        therapist,
        exercises=[exercise_row("cat-camel", reason="Olga's private reason")],
        goals=[],
        education=("returning-to-work",),
    )


@pytest.fixture
def other_account(other_patient):
    user = UserFactory(username="olga")
    other_patient.portal_user = user
    other_patient.save()
    return user
