"""The date ranges a clinic can mean, with one idea of "today" (the clinic's local date)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

EARLIEST_BIRTH = date(1900, 1, 1)
EARLIEST_CLINICAL_DATE = EARLIEST_BIRTH  # nothing clinical predates the earliest birth
PLANNING_YEARS = 2  # review dates and goal due dates are at most this far ahead


def today() -> date:
    return timezone.localdate()


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def planning_horizon(start: date) -> date:
    return years_after(start, PLANNING_YEARS)
