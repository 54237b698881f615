"""Objective measures in words (plans.clinical.objective_words): normal ranges, values with their
units or grades, and the sentence a note's O section lists, with out-of-normal values marked."""

import pytest

from plans.clinical.objective import MEASURE_NAMES
from plans.clinical.objective_words import measure_lines, measures_paragraph, normal_range, value_words


@pytest.mark.parametrize(
    ("name", "words"),
    [("lumbar_flexion", "60° or more"), ("thoracic_rotation_left", "30° or more"),
     ("lumbar_extension_grade", "full"), ("slr_right", "70-90°"), ("slr_left_leg_pain", "no leg pain"),
     ("slump_left", "negative"), ("myotome_s1_right", "5/5"), ("dermatome_l4_left", "intact"),
     ("reflex_knee_right", "present, not brisk")],
)  # fmt: skip
def test_normal_ranges(name, words):
    assert normal_range(name) == words


def test_every_measure_has_a_normal_range():
    assert all(normal_range(name) for name in MEASURE_NAMES)


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [("slr_left", 40, "40°"), ("lumbar_flexion", 0, "0°"),
     ("lumbar_flexion_grade", "moderate", "moderately reduced"),
     ("myotome_l5_left", 4, "4/5"), ("reflex_ankle_left", "absent", "absent"), ("slr_left", None, ""),
     ("slump_left", "", ""), ("slr_left_leg_pain", False, ""), ("slr_left_leg_pain", True, "yes")],
)  # fmt: skip
def test_value_words(name, value, words):
    assert value_words(name, value) == words


def test_nothing_taken_says_nothing():
    assert measure_lines({}) == ()
    assert measures_paragraph({"slump_left": "", "slr_left": None, "slr_left_leg_pain": False}) == ""


def test_values_within_normal_are_listed_plain():
    values = {"lumbar_flexion": 60, "slr_right": 80, "slr_right_leg_pain": True, "myotome_l4_left": 5,
              "reflex_knee_left": "normal", "thoracic_rotation_left_grade": "full"}  # fmt: skip
    assert measure_lines(values) == (
        "Lumbar flexion 60°", "Thoracic rotation left full", "SLR right 80° with leg pain",
        "L4 ankle dorsiflexion left 5/5", "Knee reflex (L3/4) left normal",
    )  # fmt: skip


def test_values_outside_normal_are_marked_with_the_range():
    values = {"lumbar_flexion": 59, "lumbar_extension_grade": "mild", "slr_left": 40,
              "slr_left_leg_pain": True, "slr_right": 69, "slump_right": "positive", "myotome_l5_left": 4,
              "dermatome_s1_left": "reduced", "reflex_ankle_right": "brisk"}  # fmt: skip
    assert measure_lines(values) == (
        "Lumbar flexion 59° (normal: 60° or more)",
        "Lumbar extension mildly reduced (normal: full)",
        "SLR left 40° with leg pain (normal: 70-90°): positive",
        "SLR right 69° without leg pain (normal: 70-90°): not a positive test",
        "Slump right positive (normal: negative)",
        "L5 big-toe extension left 4/5 (normal: 5/5)",
        "S1 sensation left reduced (normal: intact)",
        "Ankle reflex (S1) right brisk (normal: present, not brisk)",
    )


def test_slr_boundary_at_70():
    assert measure_lines({"slr_left": 70}) == ("SLR left 70°",)
    below = "SLR left 69° without leg pain (normal: 70-90°): not a positive test"
    assert measure_lines({"slr_left": 69}) == (below,)


def test_paragraph_joins_the_lines():
    assert measures_paragraph({"slr_left": 40, "slr_left_leg_pain": True, "lumbar_flexion": 70}) == (
        "Objective measures: Lumbar flexion 70°; SLR left 40° with leg pain (normal: 70-90°): positive."
    )
