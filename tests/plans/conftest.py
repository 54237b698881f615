from datetime import date, timedelta

import pytest

from tests.factories import EpisodeFactory
from tests.plans.test_visits import TODAY, _baseline, _plan


@pytest.fixture
def episode(patient):
    return EpisodeFactory(patient=patient, onset_date=date.today() - timedelta(days=10))


@pytest.fixture
def treated(patient, therapist):
    """An episode with its baseline 40 days ago (NPRS 7) and an approved plan."""
    episode = EpisodeFactory(patient=patient, onset_date=TODAY - timedelta(days=50))
    _baseline(episode, therapist)
    _plan(episode, therapist)
    return episode


def assessment_post_data(**overrides) -> dict:
    """A complete, valid assessment form submission (the contract's example patient)."""
    data = {
        "kind": "initial",
        "assessed_on": date.today().isoformat(),
        "region": "lumbar",
        "onset": "sudden",
        "mechanism": "lifting",
        "pain_distribution": "back_only",
        "nprs_current": "6",
        "nprs_best": "3",
        "nprs_worst": "8",
        "findings_mechanical": ["muscle_spasm", "localized_tenderness", "pain_with_movement"],
        **{
            f"odi_{n}": "skip" if v is None else str(v)
            for n, v in zip(range(1, 11), [2, 1, 2, 1, 2, 2, 1, None, 2, 3], strict=True)
        },
        **{f"startback_{n}": str(v) for n, v in enumerate([1, 0, 0, 0, 1, 1, 1, 0], start=1)},
        "startback_bothersomeness": "very_much",
        "height_cm": "170",
        "weight_kg": "70",
        "notes": "Lifted a heavy box at work.",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def plan_post_data(
    *, exercises, goals=(), education=(), review_date=None, reason="", advice="", based_on=0
) -> dict:
    """Plan editor form data: exercises as dicts with exercise (pk), sets, reps, hold and hold_unit
    (or hold_seconds), ... ; ``based_on``
    is the number of the version the editor was opened at (0: no plan yet)."""
    data = {
        "based_on": str(based_on),
        "exercises-TOTAL_FORMS": str(len(exercises)),
        "exercises-INITIAL_FORMS": "0",
        "goals-TOTAL_FORMS": str(len(goals)),
        "goals-INITIAL_FORMS": "0",
        "review_date": (review_date or date.today() + timedelta(days=14)).isoformat(),
        "education": [str(pk) for pk in education],
        "activity_advice": advice,
        "notes": "",
        "reason": reason,
    }
    for i, row in enumerate(exercises):
        row = dict(row)
        if "hold_seconds" in row:  # the editor takes a hold in its unit: these are in seconds
            row.update(hold=row.pop("hold_seconds"), hold_unit="s")
        for key, value in {"order": i + 1, "times_per_day": 1, "days_per_week": 7, **row}.items():
            if value is not None:
                data[f"exercises-{i}-{key}"] = str(value)
    for i, goal in enumerate(goals):
        for key, value in goal.items():
            data[f"goals-{i}-{key}"] = str(value)
    return data
