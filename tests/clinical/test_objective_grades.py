"""Range of motion as degrees or a grade (plans.clinical.objective): the normal ranges of the AMA
Guides (lumbar flexion 60°, extension 25°, side flexion 25°, thoracic rotation 30°) and the movement
loss grades (full, mildly, moderately, severely reduced), each at its boundary. Plain values only."""

import pytest

from plans.clinical.objective import (
    ROM_FIELDS,
    ROM_GRADE_FIELDS,
    ROM_GRADE_WORDS,
    ROM_NORMAL,
    RomGrade,
    derive_findings,
    out_of_range,
    rom_reduced,
)


def test_the_usual_grades_in_order():
    assert [ROM_GRADE_WORDS[grade] for grade in RomGrade] == [
        "full", "mildly reduced", "moderately reduced", "severely reduced"
    ]  # fmt: skip
    assert ROM_GRADE_FIELDS == tuple(f"{name}_grade" for name in ROM_FIELDS)


@pytest.mark.parametrize(
    ("degrees", "grade", "reduced"),
    [(60, "", False), (59, "", True), (0, "", True), (120, "", False), (None, "", False),
     (None, RomGrade.FULL, False), (None, RomGrade.MILD, True), (None, RomGrade.MODERATE, True),
     (None, RomGrade.SEVERE, True)],
)  # fmt: skip
def test_lumbar_flexion_reduced_below_60_degrees_or_below_full(degrees, grade, reduced):
    assert rom_reduced(degrees, grade, ROM_NORMAL["lumbar_flexion"]) is reduced


@pytest.mark.parametrize(("name", "normal"), list(ROM_NORMAL.items()))
def test_each_movement_boundary_in_degrees(name, normal):
    assert name not in out_of_range({name: normal})
    assert out_of_range({name: normal - 1}) == {name: f"below normal ({normal}°)"}


@pytest.mark.parametrize("name", ROM_FIELDS)
@pytest.mark.parametrize(
    ("grade", "reason"),
    [(RomGrade.FULL, None), (RomGrade.MILD, "mildly reduced (normal full)"),
     (RomGrade.MODERATE, "moderately reduced (normal full)"),
     (RomGrade.SEVERE, "severely reduced (normal full)"), ("", None)],
)  # fmt: skip
def test_a_grade_is_judged_as_a_degree_value_is(name, grade, reason):
    reasons = out_of_range({f"{name}_grade": grade})
    assert reasons.get(f"{name}_grade") == reason
    assert name not in reasons


def test_grade_and_degrees_add_the_same_findings():
    """A reduced range is marked, not an engine finding: the grade and the degrees agree."""
    by_degrees = derive_findings({"lumbar_flexion": 30})
    by_grade = derive_findings({"lumbar_flexion_grade": RomGrade.SEVERE})
    assert by_degrees == by_grade == frozenset()
    with_neuro = {"myotome_l5_left": 4, "reflex_ankle_left": "absent"}
    assert derive_findings(with_neuro | {"lumbar_flexion": 30}) == derive_findings(
        with_neuro | {"lumbar_flexion_grade": RomGrade.MODERATE}
    )
