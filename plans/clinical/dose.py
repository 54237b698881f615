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

    def amount_in_words(self) -> str:
        """For the patient: "2 sets of 8 repetitions; hold each one for 5 seconds", "For 20 minutes"."""
        if self.reps:
            amount = (
                f"{self.sets} sets of {self.reps} repetitions"
                if self.sets > 1
                else f"{self.reps} repetitions"
            )
            if self.hold_seconds:
                amount += f"; hold each one for {duration(self.hold_seconds)}"
            return amount
        if self.hold_seconds:
            each = duration(self.hold_seconds)
            return f"{self.sets} times, {each} each time" if self.sets > 1 else f"For {each}"
        return f"{self.sets} sets"

    def how_often_in_words(self) -> str:
        """For the patient: "Twice a day, on 5 days a week"."""
        per_day = {1: "Once a day", 2: "Twice a day"}.get(
            self.times_per_day, f"{self.times_per_day} times a day"
        )
        per_week = "every day" if self.days_per_week == 7 else f"on {self.days_per_week} days a week"
        return f"{per_day}, {per_week}"

    def as_dict(self) -> DoseDict:
        return cast(DoseDict, asdict(self))


def duration(seconds: int, *, short: bool = False) -> str:
    """A hold or bout: "90 seconds", "2 minutes" (whole minutes from MINUTES_FROM_SECONDS on), or
    with ``short`` "90 s", "2 min"."""
    minutes, secs = ("min", "s") if short else ("minutes", "seconds")
    return f"{seconds // 60} {minutes}" if seconds >= MINUTES_FROM_SECONDS else f"{seconds} {secs}"
