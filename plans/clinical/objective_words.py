"""Objective measures in words: each measure's normal range, its value with its unit or grade, and
the lines a clinical note lists ("SLR left 40° (normal 70-90°): below ..."). Plain values in, text
out; the rules that judge a value are in ``plans.clinical.objective``."""

from __future__ import annotations

from plans.clinical.objective import (
    DERMATOME_FIELDS,
    MEASURE_NAMES,
    MYOTOME_FIELDS,
    OXFORD_NORMAL,
    REFLEX_FIELDS,
    ROM_GRADE_FIELDS,
    ROM_GRADE_WORDS,
    ROM_NORMAL,
    SIDES,
    SLR_FIELDS,
    SLR_MAX,
    SLR_POSITIVE_BELOW,
    SLUMP_FIELDS,
    Measures,
    RomGrade,
    out_of_range,
)

_MOVEMENTS = {
    "lumbar_flexion": "Lumbar flexion",
    "lumbar_extension": "Lumbar extension",
    "lumbar_side_flexion_left": "Lumbar side flexion left",
    "lumbar_side_flexion_right": "Lumbar side flexion right",
    "thoracic_rotation_left": "Thoracic rotation left",
    "thoracic_rotation_right": "Thoracic rotation right",
}
_MYOTOME_TESTS = {
    "l2": "L2 hip flexion",
    "l3": "L3 knee extension",
    "l4": "L4 ankle dorsiflexion",
    "l5": "L5 big-toe extension",
    "s1": "S1 ankle plantarflexion",
}
_REFLEXES = {"knee": "Knee reflex (L3/4)", "ankle": "Ankle reflex (S1)"}

# The short name a note uses for each measure (the leg-pain answers are said with their angle).
NOTE_LABELS: dict[str, str] = {
    **_MOVEMENTS,
    **{f"{name}_grade": label for name, label in _MOVEMENTS.items()},
    **{f"slr_{side}": f"SLR {side}" for side in SIDES},
    **{f"slump_{side}": f"Slump {side}" for side in SIDES},
    **{f"myotome_{root}_{side}": f"{test} {side}" for root, test in _MYOTOME_TESTS.items() for side in SIDES},
    **{f"dermatome_{root}_{side}": f"{root.upper()} sensation {side}"
       for root in _MYOTOME_TESTS for side in SIDES},
    **{f"reflex_{name}_{side}": f"{label} {side}" for name, label in _REFLEXES.items() for side in SIDES},
}  # fmt: skip
NOTE_ORDER = tuple(name for name in MEASURE_NAMES if not name.endswith("_leg_pain"))


def normal_range(name: str) -> str:
    """The normal range of one measure (a field name of plans.models.objective), in words."""
    if name in ROM_NORMAL:
        return f"{ROM_NORMAL[name]}° or more"
    if name in ROM_GRADE_FIELDS:
        return ROM_GRADE_WORDS[RomGrade.FULL]
    if name in SLR_FIELDS:
        return f"{SLR_POSITIVE_BELOW}-{SLR_MAX}°"
    if name.endswith("_leg_pain"):
        return "no leg pain"
    if name in SLUMP_FIELDS:
        return "negative"
    if name in MYOTOME_FIELDS:
        return f"{OXFORD_NORMAL}/{OXFORD_NORMAL}"
    if name in DERMATOME_FIELDS:
        return "intact"
    if name in REFLEX_FIELDS:
        return "present, not brisk"
    raise KeyError(name)


def value_words(name: str, value: object) -> str:
    """A measure's value with its unit or grade; "" when it was not tested."""
    if value is None or value == "" or value is False:
        return ""
    if name.endswith("_leg_pain"):
        return "yes"
    if name in ROM_GRADE_FIELDS:
        return ROM_GRADE_WORDS[RomGrade(str(value))]
    if name in MYOTOME_FIELDS:
        return f"{value}/{OXFORD_NORMAL}"
    if isinstance(value, int):
        return f"{value}°"
    return str(value)


def _slr_verdict(reason: str) -> str:
    return "positive" if reason.startswith("positive") else "not a positive test"


def measure_lines(values: Measures) -> tuple[str, ...]:
    """Each measure taken, in a note's words; one outside its normal range is followed by that range:
    "SLR left 40° with leg pain (normal: 70-90°): positive", "Lumbar flexion 45° (normal: 60° or
    more)", "L5 big-toe extension left 4/5 (normal: 5/5)"."""
    reasons = out_of_range(values)
    lines = []
    for name in NOTE_ORDER:
        shown = value_words(name, values.get(name))
        if not shown:
            continue
        line = f"{NOTE_LABELS[name]} {shown}"
        if name in SLR_FIELDS:
            line += " with leg pain" if values.get(f"{name}_leg_pain") else ""
            line += "" if name not in reasons or values.get(f"{name}_leg_pain") else " without leg pain"
        if name in reasons:
            line += f" (normal: {normal_range(name)})"
            line += f": {_slr_verdict(reasons[name])}" if name in SLR_FIELDS else ""
        lines.append(line)
    return tuple(lines)


def measures_paragraph(values: Measures) -> str:
    """The objective measures as one sentence of a note's O section; "" when none was taken."""
    lines = measure_lines(values)
    return f"Objective measures: {'; '.join(lines)}." if lines else ""
