"""An exercise dose: how many sets and repetitions, how long each hold, how often.

The library's exercises, the engine's suggestions and every prescribed plan item carry the same five
fields (catalog.py explains how ``reps`` and ``hold_seconds`` combine). ``Dose.describe()`` is the
short wording of the library, the plan pages and the printed plan; ``amount_in_words()`` and
``how_often_in_words()`` say the same in full sentences for the patient's portal;
``PRESCRIPTION_RANGES`` the ranges a prescribed dose must keep (the plan editor's fields and the
database constraints on plan items are built from it).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Protocol, cast

from plans.clinical.contract import DoseDict
from plans.clinical.vocabulary import ExerciseKind

SETS = range(1, 11)
REPS = range(1, 101)
HOLD_SECONDS = range(1, 3601)
TIMES_PER_DAY = range(1, 25)
DAYS_PER_WEEK = range(1, 8)
PRESCRIPTION_RANGES: dict[str, range] = {
    "sets": SETS,
    "reps": REPS,
    "hold_seconds": HOLD_SECONDS,
    "times_per_day": TIMES_PER_DAY,
    "days_per_week": DAYS_PER_WEEK,
}
# From two minutes on, a hold or bout reads better in whole minutes.
MINUTES_FROM_SECONDS = 120
# Kinds whose timed dose is a bout of activity, told in minutes and never as a "hold".
BOUT_KINDS = frozenset({ExerciseKind.AEROBIC, ExerciseKind.RELAXATION, ExerciseKind.GRADED_ACTIVITY})


class HasDose(Protocol):
    @property
    def sets(self) -> int: ...
    @property
    def reps(self) -> int | None: ...
    @property
    def hold_seconds(self) -> int | None: ...
    @property
    def times_per_day(self) -> int: ...
    @property
    def days_per_week(self) -> int: ...


@dataclass(frozen=True)
class Dose:
    sets: int
    reps: int | None
    hold_seconds: int | None
    times_per_day: int
    days_per_week: int

    @classmethod
    def of(cls, item: HasDose) -> Dose:
        """The dose of anything with the five dose fields (a library exercise, a plan item)."""
        return cls(item.sets, item.reps, item.hold_seconds, item.times_per_day, item.days_per_week)

    def describe(self) -> str:
        """For example "3 × 10, hold 5 s, 2 times a day, every day"."""
        parts: list[str] = []
        if self.reps:
            parts.append(f"{self.sets} × {self.reps}" if self.sets > 1 else f"{self.reps} times")
        elif self.sets > 1:
            parts.append(f"{self.sets} sets")
        if self.hold_seconds:
            parts.append(f"hold {duration(self.hold_seconds, short=True)}")
        parts.append("once a day" if self.times_per_day == 1 else f"{self.times_per_day} times a day")
        parts.append("every day" if self.days_per_week == 7 else f"{self.days_per_week} days a week")
        return ", ".join(parts)

    def amount_in_words(self, kind: str | None = None) -> str:
        """For the patient, in natural units for the exercise's ``kind`` (an ExerciseKind):
        "2 sets of 10", "10 times, holding each one for 5 seconds", "Hold for 30 seconds, 3 times",
        a walk or other bout "For 20 minutes" (never "hold"), graded activity "Follow the steps below".
        Without ``kind``, a hold of MINUTES_FROM_SECONDS or more reads as a bout."""
        if self.reps == 1 and self.hold_seconds:
            return Dose(self.sets, None, self.hold_seconds, 1, 7).amount_in_words(kind)  # one long hold
        if self.reps:
            amount = f"{self.sets} sets of {self.reps}" if self.sets > 1 else _times(self.reps).capitalize()
            if self.hold_seconds:
                amount += f", holding each one for {duration(self.hold_seconds)}"
            return amount
        if self.hold_seconds:
            each = duration(self.hold_seconds)
            if _is_bout(kind, self.hold_seconds):
                if self.sets == 1:
                    return f"For {each}"
                return f"{each.capitalize()}, {_times(self.sets)}, with a rest in between"
            verb = "Hold" if self.hold_seconds < MINUTES_FROM_SECONDS else "Stay in the position"
            return f"{verb} for {each}" + (f", {_times(self.sets)}" if self.sets > 1 else "")
        if kind == ExerciseKind.GRADED_ACTIVITY or self.sets == 1:
            return "Follow the steps below"
        return f"Follow the steps below, {_times(self.sets)}"

    def how_often_in_words(self) -> str:
        """For the patient: "Twice a day, on 5 days a week"."""
        per_day = {1: "Once a day", 2: "Twice a day"}.get(
            self.times_per_day, f"{self.times_per_day} times a day"
        )
        if self.days_per_week == 7:
            per_week = "every day"
        else:
            per_week = f"on {self.days_per_week} day{'' if self.days_per_week == 1 else 's'} a week"
        return f"{per_day}, {per_week}"

    def as_dict(self) -> DoseDict:
        return cast(DoseDict, asdict(self))


def needs_an_amount(kind: str | None) -> bool:
    """Whether a dose of an exercise of ``kind`` must give repetitions or a time: every kind but
    graded activity, whose steps are the amount ("Follow the steps below")."""
    return kind != ExerciseKind.GRADED_ACTIVITY


def duration(seconds: int, *, short: bool = False) -> str:
    """A hold or bout: "90 seconds", "2 minutes" (whole minutes from MINUTES_FROM_SECONDS on), or
    with ``short`` "90 s", "2 min"."""
    if short:
        return f"{seconds // 60} min" if seconds >= MINUTES_FROM_SECONDS else f"{seconds} s"
    if seconds >= MINUTES_FROM_SECONDS:
        return f"{seconds // 60} minutes"
    return "1 second" if seconds == 1 else f"{seconds} seconds"


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _is_bout(kind: str | None, seconds: int) -> bool:
    """A continuous bout of activity (a walk, a ride, a few minutes of calm breathing) rather than a
    position held still."""
    if kind is None:
        return seconds >= MINUTES_FROM_SECONDS
    return kind in BOUT_KINDS


# The units a timed dose is entered in: a walk or other bout in minutes, a hold in seconds.
SECONDS = "s"
MINUTES = "min"
HOLD_UNITS = ((SECONDS, "seconds"), (MINUTES, "minutes"))
UNIT_SECONDS = {SECONDS: 1, MINUTES: 60}


def hold_as_prescribed(hold_seconds: int | None, kind: str | None) -> tuple[int | None, str]:
    """A stored hold as the therapist prescribes it: (amount, unit). Bouts of activity read in minutes
    when they are whole minutes, like any hold from MINUTES_FROM_SECONDS on; everything else in seconds."""
    in_minutes = kind in BOUT_KINDS
    if hold_seconds is None:
        return None, MINUTES if in_minutes else SECONDS
    if hold_seconds % 60 == 0 and (in_minutes or hold_seconds >= MINUTES_FROM_SECONDS):
        return hold_seconds // 60, MINUTES
    return hold_seconds, SECONDS
