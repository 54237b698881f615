"""An exercise dose: how many sets and repetitions, how long each hold, how often.

The library's exercises, the engine's suggestions and every prescribed plan item carry the same five
fields (catalog.py explains how ``reps`` and ``hold_seconds`` combine). ``Dose.describe()`` is the
wording shown to therapists and patients; ``prescription_errors`` the ranges a prescribed dose must
keep (the database constraints on plan items say the same).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from plans.clinical.contract import DoseDict

SETS = range(1, 11)
REPS = range(1, 101)
HOLD_SECONDS = range(1, 3601)
TIMES_PER_DAY = range(1, 25)
DAYS_PER_WEEK = range(1, 8)
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
            if self.hold_seconds >= MINUTES_FROM_SECONDS:
                parts.append(f"hold {self.hold_seconds // 60} min")
            else:
                parts.append(f"hold {self.hold_seconds} s")
        parts.append("once a day" if self.times_per_day == 1 else f"{self.times_per_day} times a day")
        parts.append("every day" if self.days_per_week == 7 else f"{self.days_per_week} days a week")
        return ", ".join(parts)

    def as_dict(self) -> DoseDict:
        return {
            "sets": self.sets,
            "reps": self.reps,
            "hold_seconds": self.hold_seconds,
            "times_per_day": self.times_per_day,
            "days_per_week": self.days_per_week,
        }


def prescription_errors(dose: Dose) -> dict[str, str]:
    """The fields of a prescribed dose outside their range, each with a message for the form."""
    limits: tuple[tuple[str, int | None, range], ...] = (
        ("sets", dose.sets, SETS),
        ("reps", dose.reps, REPS),
        ("hold_seconds", dose.hold_seconds, HOLD_SECONDS),
        ("times_per_day", dose.times_per_day, TIMES_PER_DAY),
        ("days_per_week", dose.days_per_week, DAYS_PER_WEEK),
    )
    return {
        name: f"Must be from {allowed.start} to {allowed.stop - 1}."
        for name, value, allowed in limits
        if value is not None and value not in allowed
    }
