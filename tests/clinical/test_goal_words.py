"""Each goal in plain words: the patient's sentence for every measure, with its status, free of
jargon and at about a 12-year-old's reading level."""

from datetime import date
from decimal import Decimal

import pytest

from plans.clinical.goal_words import GOAL_AIMS, STATUS_WORDS, goal_sentence
from plans.clinical.patient_words import jargon_in, readability
from plans.clinical.vocabulary import GoalStatus

D = Decimal
DUE = date(2027, 1, 12)
BY = " by 12 January 2027"


@pytest.mark.parametrize(
    ("measure", "target", "expected"),
    [
        ("nprs", D(3), "Pain no higher than 3 out of 10" + BY),
        ("odi", D(20), "Back pain getting in the way less: a score of 20 or lower out of 100" + BY),
        ("rmdq", D(7), "Back pain getting in the way less: 7 or fewer of 24 questions ticked" + BY),
        (
            "psfs",
            D("6.5"),
            "Doing the activities you chose more easily: an average of 6.5 out of 10 or more" + BY,
        ),
        ("lumbar_flexion", D("60.0"), "Bend forward further: aim for 60 degrees" + BY),
        (
            "slr_left",
            D(70),
            "Lift your left leg higher, knee straight, lying on your back: aim for 70 degrees" + BY,
        ),
    ],
)
def test_each_measure_in_plain_words(measure, target, expected):
    assert goal_sentence(measure=measure, target=target, due=DUE) == expected


def test_a_functional_goal_is_the_patients_own_words():
    assert goal_sentence(measure="function", target=None, due=DUE, description="Lift my grandson") == (
        "Lift my grandson by 12 January 2027"
    )


def test_a_measured_goals_note_follows_in_brackets():
    assert goal_sentence(measure="nprs", target=D(3), due=DUE, description="at work") == (
        "Pain no higher than 3 out of 10 by 12 January 2027 (at work)"
    )


@pytest.mark.parametrize(
    ("status", "ending"),
    [
        (GoalStatus.MET, " - reached"),
        (GoalStatus.PARTLY_MET, " - at least half-way there"),
        (GoalStatus.NOT_MET, " - not reached yet"),
        (GoalStatus.DROPPED, " - no longer a goal"),
    ],
)
def test_the_status_follows_after_a_dash(status, ending):
    assert goal_sentence(measure="lumbar_flexion", target=D(60), due=DUE, status=status) == (
        "Bend forward further: aim for 60 degrees by 12 January 2027" + ending
    )


def test_every_sentence_passes_the_patient_words_checks():
    texts = [
        goal_sentence(measure=measure, target=D(5), due=DUE, status=status)
        for measure in GOAL_AIMS
        for status in STATUS_WORDS
    ]
    for text in texts:
        assert jargon_in(text) == [], text
        assert readability(text).problems() == [], text
    assert readability(*texts).grade <= 7.0


def test_every_measured_goal_measure_has_its_words():
    from plans.models import GoalMeasure

    assert set(GOAL_AIMS) == {m.value for m in GoalMeasure if m != GoalMeasure.FUNCTION}
