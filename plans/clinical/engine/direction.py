"""Directional preference (api-contract.md "Plan rules (v2)" rule 4, clinical-reference.md §8.7).

A *tested* direction comes from repeated-movement testing (``centralizes_with_*``); a *trial* direction
is only guessed from aggravating and easing postures, so it is worded as a trial, level 1 only, and
the therapist is asked to test it.
"""

from __future__ import annotations

from plans.clinical.catalog import ExerciseSpec
from plans.clinical.vocabulary import ExerciseKind, ExerciseProperty, Finding

P = ExerciseProperty
F = Finding

TRIAL_REASON = (
    "A trial of the movement direction your symptoms suggest; your therapist will check how you "
    "respond and stop it if pain spreads down your leg."
)
TRIAL_NOTE = (
    "Directional preference is a trial, guessed from aggravating and easing postures: test repeated "
    "movements (extension and flexion, and shift correction with a lateral shift) at the next visit, "
    "keep the direction that centralises and stop the trial item if symptoms peripheralise."
)
TRIAL_RULED_OUT_NOTE = (
    "The aggravating and easing postures suggest {direction} preference, but no trial exercise in that "
    "direction fits this plan (the likely causes, the painful region, pregnancy or the level limit rule "
    "it out), so there is no "
    "trial item: test repeated movements (extension and flexion) at the next visit and add the "
    "direction that centralises."
)
SPONDYLOLYSIS_TRIAL_NOTE = (
    "Directional preference is a trial of flexion, guessed from aggravating and easing postures: test "
    "repeated flexion only at the next visit, and do not test extension until sports medicine has "
    "cleared the pars; stop the trial item if symptoms spread."
)
# The highest level a tested directional item may have in any stage (a repeated end-range movement
# upright or loaded; 3 would be overpressure).
TESTED_MAX_LEVEL = 2


def tested_directions(findings: frozenset[str]) -> tuple[str, ...]:
    """The tested movement directions, in the order their items go in the plan: a lateral shift
    correction first, then extension (or flexion) when that also centralises. Extension and flexion
    both centralising count as no tested sagittal direction."""
    extension = F.CENTRALIZES_WITH_EXTENSION in findings
    flexion = F.CENTRALIZES_WITH_FLEXION in findings
    if extension and flexion:
        extension = flexion = False
    directions: list[str] = []
    if F.CENTRALIZES_WITH_LATERAL_SHIFT_CORRECTION in findings:
        directions.append(P.LATERAL_GLIDE)
    if extension:
        directions.append(P.SPINAL_EXTENSION)
    elif flexion:
        directions.append(P.SPINAL_FLEXION)
    return tuple(str(d) for d in directions)


def trial_direction(findings: frozenset[str]) -> str | None:
    """The direction aggravating and easing postures suggest, when none was tested; none when the
    postures point both ways."""
    extension = bool(findings & {F.WORSE_WITH_FLEXION_OR_SITTING, F.PERIPHERALIZES_WITH_FLEXION})
    flexion = bool(findings & {F.RELIEF_WITH_SITTING_OR_FLEXION, F.WORSE_WITH_EXTENSION_OR_STANDING})
    if extension and not flexion:
        return str(P.SPINAL_EXTENSION)
    if flexion and not extension:
        return str(P.SPINAL_FLEXION)
    return None


def is_directional(ex: ExerciseSpec, direction: str) -> bool:
    return ex.kind == ExerciseKind.DIRECTIONAL_PREFERENCE and direction in ex.properties


def is_repeated_movement(ex: ExerciseSpec) -> bool:
    """A repeated movement: counted repetitions, no sustained hold."""
    return ex.dose.reps is not None and ex.dose.hold_seconds is None


def pick_repeated(candidates: list[ExerciseSpec], direction: str) -> ExerciseSpec | None:
    """The repeated movement in ``direction`` at the highest level allowed (the candidates are already
    filtered), e.g. the press-up before extension in lying."""
    pool = [e for e in candidates if is_directional(e, direction) and is_repeated_movement(e)]
    pool.sort(key=lambda e: (-e.level, e.slug))
    return pool[0] if pool else None


def pick_position(
    candidates: list[ExerciseSpec], direction: str, repeated: ExerciseSpec
) -> ExerciseSpec | None:
    """One easier item in the same direction: the repeated movement's easier variant when allowed,
    else the easiest sustained position."""
    pool = [
        e
        for e in candidates
        if is_directional(e, direction) and e.slug != repeated.slug and e.level <= repeated.level
    ]
    easier = next((e for e in pool if e.slug == repeated.easier), None)
    if easier is not None:
        return easier
    positions = sorted((e for e in pool if not is_repeated_movement(e)), key=lambda e: (e.level, e.slug))
    return positions[0] if positions else None


def pick_trial(candidates: list[ExerciseSpec], direction: str) -> ExerciseSpec | None:
    """One level-1 item in the guessed direction, a repeated movement before a position."""
    pool = [e for e in candidates if is_directional(e, direction) and e.level == 1]
    pool.sort(key=lambda e: (not is_repeated_movement(e), e.slug))
    return pool[0] if pool else None
