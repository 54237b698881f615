"""Home-exercise adherence from plain values (``plans.selectors.home_logs`` loads them).

Adherence is the share of prescribed home sessions that were done. For every plan version, the days
it was in force (from the day it was approved to the day before the next version was approved,
clipped to the period asked about and to the discharge date) prescribe, for each exercise,
``times_per_day x days_per_week x days / 7`` sessions, counted in whole sessions: rounded half up,
exercise by exercise and version by version (3/7 of a session is none, 4/7 is one), since a patient
cannot do part of a session. Each logged session counts once for every
exercise ticked in it, matched by exercise and by the day it was done, so a session logged late
against a newer version still counts for the version in force that day. Sessions beyond an
exercise's prescription are not credited, so overdoing one exercise cannot hide skipping another."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from fractions import Fraction

from plans.clinical.scoring import round_half_up


@dataclass(frozen=True)
class PrescribedExercise:
    exercise_id: int
    name: str
    times_per_day: int
    days_per_week: int


@dataclass(frozen=True)
class VersionPeriod:
    """A plan version and the day it came into force (the day it was approved)."""

    number: int
    starts_on: date
    exercises: tuple[PrescribedExercise, ...]


@dataclass(frozen=True)
class LoggedSession:
    done_on: date
    exercise_ids: frozenset[int]


@dataclass(frozen=True)
class ExerciseAdherence:
    version_number: int
    exercise_id: int
    name: str
    first_day: date
    last_day: date
    prescribed_exact: Fraction
    done: int

    @property
    def prescribed(self) -> int:
        """Whole sessions prescribed, rounded half up."""
        return int(round_half_up(self.prescribed_exact, 0))

    @property
    def credited(self) -> int:
        return min(self.done, self.prescribed)


@dataclass(frozen=True)
class AdherenceSummary:
    start: date
    end: date
    rows: tuple[ExerciseAdherence, ...]
    logged_sessions: int  # home logs in the period

    @property
    def prescribed_exact(self) -> Fraction:
        return sum((row.prescribed_exact for row in self.rows), Fraction(0))

    @property
    def prescribed(self) -> int:
        """Whole exercise sessions prescribed in the period: the sum of each row's whole sessions."""
        return sum(row.prescribed for row in self.rows)

    @property
    def done(self) -> int:
        """Exercise sessions logged in the period (one per exercise ticked in a home log)."""
        return sum(row.done for row in self.rows)

    @property
    def credited(self) -> int:
        return sum(row.credited for row in self.rows)

    @property
    def was_logged(self) -> bool:
        """Whether the patient logged any home session in the period: without one, adherence is
        unknown, not 0%."""
        return self.logged_sessions > 0

    @property
    def exact(self) -> Fraction | None:
        return Fraction(self.credited, self.prescribed) if self.prescribed else None

    @property
    def percent(self) -> int | None:
        """Whole percent of the whole sessions prescribed, rounded half up; 0 to 100. None while
        less than half a session has been prescribed."""
        exact = self.exact
        return None if exact is None else int(round_half_up(exact * 100, 0))


def compute_adherence(
    periods: Sequence[VersionPeriod], sessions: Iterable[LoggedSession], start: date, end: date
) -> AdherenceSummary | None:
    """Adherence between ``start`` and ``end`` (both included); None when no plan was in force on
    any of those days. ``periods`` are in approval order; of two versions approved the same day,
    the later one is in force."""
    if end < start:
        raise ValueError("The end of the period cannot be before its start.")
    sessions = [s for s in sessions if start <= s.done_on <= end]
    rows: list[ExerciseAdherence] = []
    for index, period in enumerate(periods):
        first = max(start, period.starts_on)
        last = end
        if index + 1 < len(periods):
            last = min(end, periods[index + 1].starts_on - timedelta(days=1))
        if last < first:
            continue
        days = (last - first).days + 1
        in_window = [s for s in sessions if first <= s.done_on <= last]
        for item in period.exercises:
            rows.append(
                ExerciseAdherence(
                    version_number=period.number,
                    exercise_id=item.exercise_id,
                    name=item.name,
                    first_day=first,
                    last_day=last,
                    prescribed_exact=Fraction(item.times_per_day * item.days_per_week * days, 7),
                    done=sum(1 for s in in_window if item.exercise_id in s.exercise_ids),
                )
            )
    if not rows or sum(row.prescribed_exact for row in rows) == 0:
        return None
    return AdherenceSummary(start=start, end=end, rows=tuple(rows), logged_sessions=len(sessions))
