"""Objective measures of a back examination: their normal ranges, and the findings they stand for so
that a finding seen on examination is not typed twice.

Sources (shared/clinical-reference.md lists the neurological screen, §"history and examination", but
gives no numbers):
- Range of motion normals: AMA Guides to the Evaluation of Permanent Impairment, 5th ed., lumbar
  flexion 60°, extension 25°, side flexion 25° each way; thoracic rotation 30° each way. Only values
  below normal are marked: a hypermobile range is not a finding here.
- Range of motion grades, for a movement judged by eye rather than measured: full, mildly, moderately
  or severely reduced. Convention (the reference gives no grading; it is McKenzie's "movement loss:
  nil, minimal, moderate, major", McKenzie & May 2003 [R76]†). One movement is recorded in degrees or
  as a grade, never both. Any grade but full is below normal, as a degree value below normal is; a
  reduced range adds no engine finding either way (the vocabulary has none for it), it is marked.
- Straight-leg raise: positive when it reproduces the leg pain below 70° (Devillé 2000, the classic
  30-70° window; below 30° is counted too, the safer reading). An angle alone, without the patient's
  leg pain, is hamstring tightness, not a positive test.
- Myotomes: Oxford scale 0-5; anything below 5 counts as weakness (the reference, §conservative
  default: "every new weakness, reflex loss or numbness counts").
- Reflexes: reduced or absent is reflex loss; brisk is hyperreflexia (upper motor neuron sign).
- Dermatomes: reduced or absent sensation is numbness.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from plans.clinical.vocabulary import Finding

MYOTOMES = ("l2", "l3", "l4", "l5", "s1")
SIDES = ("left", "right")
OXFORD_NORMAL = 5
SLR_MAX = 90
SLR_POSITIVE_BELOW = 70
ROM_MAX = 120  # degrees: above any real spinal range, to refuse typing slips

LUMBAR_ROM_NORMAL = {
    "lumbar_flexion": 60,
    "lumbar_extension": 25,
    "lumbar_side_flexion_left": 25,
    "lumbar_side_flexion_right": 25,
}
THORACIC_ROTATION_NORMAL = 30
ROM_NORMAL = LUMBAR_ROM_NORMAL | {f"thoracic_rotation_{side}": THORACIC_ROTATION_NORMAL for side in SIDES}


class RomGrade(StrEnum):
    FULL = "full"
    MILD = "mild"
    MODERATE = "moderate"
    SEVERE = "severe"


ROM_GRADE_WORDS = {
    RomGrade.FULL: "full",
    RomGrade.MILD: "mildly reduced",
    RomGrade.MODERATE: "moderately reduced",
    RomGrade.SEVERE: "severely reduced",
}


class Slump(StrEnum):
    NEGATIVE = "negative"
    POSITIVE = "positive"


class Sensation(StrEnum):
    NORMAL = "normal"
    REDUCED = "reduced"
    ABSENT = "absent"


class Reflex(StrEnum):
    NORMAL = "normal"
    REDUCED = "reduced"
    ABSENT = "absent"
    BRISK = "brisk"


REFLEXES = {"knee": "Knee (L3/4)", "ankle": "Ankle (S1)"}

MYOTOME_FIELDS = tuple(f"myotome_{root}_{side}" for root in MYOTOMES for side in SIDES)
DERMATOME_FIELDS = tuple(f"dermatome_{root}_{side}" for root in MYOTOMES for side in SIDES)
REFLEX_FIELDS = tuple(f"reflex_{name}_{side}" for name in REFLEXES for side in SIDES)
SLR_FIELDS = tuple(f"slr_{side}" for side in SIDES)
SLUMP_FIELDS = tuple(f"slump_{side}" for side in SIDES)
ROM_FIELDS = tuple(ROM_NORMAL)
ROM_GRADE_FIELDS = tuple(f"{name}_grade" for name in ROM_FIELDS)
ROM_MEASURES = tuple(name for movement in ROM_FIELDS for name in (movement, f"{movement}_grade"))
SLR_SLUMP_FIELDS = ("slr_left", "slr_left_leg_pain", "slr_right", "slr_right_leg_pain", *SLUMP_FIELDS)
# Every measure, in the order forms, pages and notes show them.
MEASURE_NAMES = (*ROM_MEASURES, *SLR_SLUMP_FIELDS, *MYOTOME_FIELDS, *DERMATOME_FIELDS, *REFLEX_FIELDS)

_LOSS = (Sensation.REDUCED, Sensation.ABSENT)

MeasureValue = int | str | bool | None
Measures = Mapping[str, MeasureValue]


def _number(values: Measures, name: str) -> int | None:
    value = values.get(name)
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _slr(values: Measures, side: str) -> bool:
    return slr_positive(_number(values, f"slr_{side}"), bool(values.get(f"slr_{side}_leg_pain")))


def slr_positive(angle: int | None, reproduces_leg_pain: bool) -> bool:
    return angle is not None and reproduces_leg_pain and angle < SLR_POSITIVE_BELOW


def rom_reduced(degrees: int | None, grade: str, normal: int) -> bool:
    """A movement below its normal range: fewer degrees than ``normal``, or any grade but full.
    Not measured (None and "") is not reduced."""
    if degrees is not None and degrees < normal:
        return True
    return grade in (RomGrade.MILD, RomGrade.MODERATE, RomGrade.SEVERE)


def derive_findings(values: Measures) -> frozenset[str]:
    """The findings the measures show; a measure not taken (None or "") shows nothing."""
    found: set[str] = set()
    grades = [_number(values, name) for name in MYOTOME_FIELDS]
    if any(grade is not None and grade < OXFORD_NORMAL for grade in grades):
        found.add(Finding.WEAKNESS)
    if any(values.get(name) in _LOSS for name in DERMATOME_FIELDS):
        found.add(Finding.NUMBNESS)
    reflexes = {values.get(name) for name in REFLEX_FIELDS}
    if reflexes & {Reflex.REDUCED, Reflex.ABSENT}:
        found.add(Finding.REFLEX_LOSS)
    if Reflex.BRISK in reflexes:
        found.add(Finding.HYPERREFLEXIA)
    if any(_slr(values, side) for side in SIDES):
        found.add(Finding.POSITIVE_SLR)
    return frozenset(found)


def out_of_range(values: Measures) -> dict[str, str]:
    """Each measure outside its normal range, with why in words (pages must not rely on colour)."""
    reasons: dict[str, str] = {}
    for name, normal in ROM_NORMAL.items():
        if rom_reduced(_number(values, name), "", normal):
            reasons[name] = f"below normal ({normal}°)"
        grade = values.get(f"{name}_grade")
        if isinstance(grade, str) and rom_reduced(None, grade, normal):
            reasons[f"{name}_grade"] = f"{ROM_GRADE_WORDS[RomGrade(grade)]} (normal full)"
    for side in SIDES:
        angle = _number(values, f"slr_{side}")
        if _slr(values, side):
            reasons[f"slr_{side}"] = f"positive: leg pain below {SLR_POSITIVE_BELOW}°"
        elif angle is not None and angle < SLR_POSITIVE_BELOW:
            reasons[f"slr_{side}"] = f"below {SLR_POSITIVE_BELOW}° without leg pain (not a positive test)"
        if values.get(f"slump_{side}") == Slump.POSITIVE:
            reasons[f"slump_{side}"] = "positive"
    for name in MYOTOME_FIELDS:
        grade = _number(values, name)
        if grade is not None and grade < OXFORD_NORMAL:
            reasons[name] = f"weak (normal {OXFORD_NORMAL})"
    for name in DERMATOME_FIELDS:
        if values.get(name) in _LOSS:
            reasons[name] = f"{values[name]} sensation (normal expected)"
    for name in REFLEX_FIELDS:
        if values.get(name) not in (None, "", Reflex.NORMAL):
            reasons[name] = f"{values[name]} reflex (normal expected)"
    return reasons
