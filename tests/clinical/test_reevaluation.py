"""When re-evaluation falls due (plans.clinical.reevaluation): the clinic's day count after the
baseline, or its visit count, whichever comes first; an open re-evaluation prompt means due now."""

from datetime import date, timedelta

import pytest

from plans.clinical.reevaluation import Reevaluation, ReevaluationState, reevaluation, reevaluation_due_on

BASELINE = date(2026, 3, 2)


def status(today_offset: int, visits: int = 0, *, days: int = 30, count: int = 10, **kwargs) -> Reevaluation:
    kwargs.setdefault("baseline_on", BASELINE)
    return reevaluation(
        today=BASELINE + timedelta(days=today_offset),
        reevaluation_days=days,
        reevaluation_visit_count=count,
        visits_since_baseline=visits,
        **kwargs,
    )


def test_due_on_is_the_clinics_day_count_after_the_baseline():
    assert reevaluation_due_on(BASELINE, 30) == date(2026, 4, 1)
    assert reevaluation_due_on(BASELINE, 14) == date(2026, 3, 16)


@pytest.mark.parametrize(
    ("today_offset", "state"),
    [
        (0, ReevaluationState.UPCOMING),
        (29, ReevaluationState.UPCOMING),
        (30, ReevaluationState.DUE),
        (45, ReevaluationState.DUE),
    ],
)
def test_the_day_rule_is_due_from_the_day_itself(today_offset, state):
    assert status(today_offset).state == state
    assert status(today_offset).due_on == date(2026, 4, 1)


@pytest.mark.parametrize(
    ("visits", "state", "left"),
    [
        (0, ReevaluationState.UPCOMING, 10),
        (9, ReevaluationState.UPCOMING, 1),
        (10, ReevaluationState.DUE, 0),
        (12, ReevaluationState.DUE, 0),
    ],
)
def test_the_visit_rule_is_due_at_the_clinics_visit_count(visits, state, left):
    result = status(5, visits)
    assert (result.state, result.visits_left) == (state, left)


def test_the_clinics_numbers_are_used():
    assert status(14, days=14).state == ReevaluationState.DUE
    assert status(13, days=14).state == ReevaluationState.UPCOMING
    assert status(1, 4, count=4).state == ReevaluationState.DUE


def test_an_open_prompt_is_due_now_and_no_baseline_is_nothing_to_re_evaluate():
    assert status(0, prompt_open=True) == Reevaluation(ReevaluationState.PROMPTED)
    assert status(0, prompt_open=True, baseline_on=None).state == ReevaluationState.PROMPTED
    assert status(100, 20, baseline_on=None) == Reevaluation(ReevaluationState.NO_BASELINE)
