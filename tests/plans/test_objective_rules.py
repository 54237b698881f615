"""The objective-measure rules (plans.clinical.objective): normal ranges and the findings the
measures stand for, each at its boundary. Plain values, no database."""

import pytest

from plans.clinical.objective import (
    LUMBAR_ROM_NORMAL,
    MYOTOMES,
    SLR_POSITIVE_BELOW,
    THORACIC_ROTATION_NORMAL,
    Reflex,
    Sensation,
    derive_findings,
    out_of_range,
)
from plans.clinical.vocabulary import Finding


def test_nothing_measured_derives_nothing():
    assert derive_findings({}) == frozenset()
    assert out_of_range({}) == {}


def test_normal_examination_derives_nothing():
    sides = ("left", "right")
    values: dict = {f"myotome_{root}_{side}": 5 for root in MYOTOMES for side in sides}
    values |= {f"dermatome_{root}_{side}": Sensation.NORMAL for root in MYOTOMES for side in sides}
    values |= {"reflex_knee_left": Reflex.NORMAL, "reflex_ankle_right": Reflex.NORMAL}
    values |= {"slr_left": 90, "slr_left_leg_pain": False}
    assert derive_findings(values) == frozenset()


@pytest.mark.parametrize(("grade", "weak"), [(5, False), (4, True), (0, True)])
def test_any_myotome_below_5_is_weakness(grade, weak):
    assert (Finding.WEAKNESS in derive_findings({"myotome_l5_right": grade})) is weak


@pytest.mark.parametrize(
    ("grade", "found"),
    [(Reflex.NORMAL, set()), (Reflex.REDUCED, {Finding.REFLEX_LOSS}), (Reflex.ABSENT, {Finding.REFLEX_LOSS}),
     (Reflex.BRISK, {Finding.HYPERREFLEXIA})],
)  # fmt: skip
def test_reflexes(grade, found):
    assert derive_findings({"reflex_ankle_left": grade}) == found


@pytest.mark.parametrize(
    ("sensation", "numb"), [(Sensation.NORMAL, False), (Sensation.REDUCED, True), (Sensation.ABSENT, True)]
)
def test_dermatome_reduced_or_absent_is_numbness(sensation, numb):
    assert (Finding.NUMBNESS in derive_findings({"dermatome_s1_left": sensation})) is numb


@pytest.mark.parametrize(
    ("angle", "leg_pain", "positive"),
    [(SLR_POSITIVE_BELOW - 1, True, True), (SLR_POSITIVE_BELOW, True, False), (30, False, False),
     (0, True, True), (None, True, False)],
)  # fmt: skip
def test_slr_positive_below_70_with_leg_pain(angle, leg_pain, positive):
    values = {"slr_right": angle, "slr_right_leg_pain": leg_pain}
    assert (Finding.POSITIVE_SLR in derive_findings(values)) is positive


def test_slr_sides_are_separate():
    values = {"slr_left": 40, "slr_left_leg_pain": False, "slr_right": 80, "slr_right_leg_pain": True}
    assert Finding.POSITIVE_SLR not in derive_findings(values)


def test_normal_ranges_are_stated():
    assert LUMBAR_ROM_NORMAL == {"lumbar_flexion": 60, "lumbar_extension": 25, "lumbar_side_flexion_left": 25,
                                 "lumbar_side_flexion_right": 25}  # fmt: skip
    assert THORACIC_ROTATION_NORMAL == 30


@pytest.mark.parametrize(("degrees", "low"), [(60, False), (59, True), (90, False)])
def test_rom_below_normal_is_out_of_range(degrees, low):
    assert ("lumbar_flexion" in out_of_range({"lumbar_flexion": degrees})) is low


def test_out_of_range_says_why_in_words():
    reasons = out_of_range(
        {"thoracic_rotation_left": 29, "myotome_l4_left": 3, "reflex_knee_right": Reflex.BRISK,
         "slr_left": 50, "slr_left_leg_pain": True, "dermatome_l5_right": Sensation.ABSENT}
    )  # fmt: skip
    assert reasons == {
        "thoracic_rotation_left": "below normal (30°)",
        "myotome_l4_left": "weak (normal 5)",
        "reflex_knee_right": "brisk reflex (normal expected)",
        "slr_left": "positive: leg pain below 70°",
        "dermatome_l5_right": "absent sensation (normal expected)",
    }
