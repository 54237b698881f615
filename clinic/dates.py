"""The date ranges a clinic can mean, with one idea of "today" (the clinic's local date)."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import models
from django.utils import timezone

EARLIEST_BIRTH = date(1900, 1, 1)
EARLIEST_CLINICAL_DATE = EARLIEST_BIRTH  # nothing clinical predates the earliest birth
PLANNING_YEARS = 2  # review dates and goal due dates are at most this far ahead


def today() -> date:
    return timezone.localdate()


def start_of(day: date) -> datetime:
    """The first moment of ``day`` in the clinic's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


class DaysBefore(models.Func):
    """In SQL, the date a number of days (a column or an expression) before ``day``: PostgreSQL
    subtracts the days from the date; SQLite, which has no date type, shifts it with ``date()``."""

    output_field = models.DateField()
    template = "(%(expressions)s)"
    arg_joiner = " - "

    def __init__(self, day: date, days) -> None:
        super().__init__(models.Value(day, output_field=models.DateField()), days)

    def as_sqlite(self, compiler, connection, **extra_context):
        day, days = (compiler.compile(expression) for expression in self.get_source_expressions())
        return f"date({day[0]}, '-' || {days[0]} || ' days')", [*day[1], *days[1]]


def years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a year without one
        return day.replace(year=day.year + years, day=28)


def planning_horizon(start: date) -> date:
    return years_after(start, PLANNING_YEARS)


class DateFormat(models.TextChoices):
    """How a clinic writes dates; ISO (YYYY-MM-DD) is accepted whatever the clinic's format."""

    DAY_FIRST = "dmy", "DD/MM/YYYY"
    MONTH_FIRST = "mdy", "MM/DD/YYYY"
    ISO = "iso", "YYYY-MM-DD"


ISO_INPUT = "%Y-%m-%d"
_INPUT_FORMATS: dict[str, tuple[str, ...]] = {
    DateFormat.DAY_FIRST: ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"),
    DateFormat.MONTH_FIRST: ("%m/%d/%Y", "%m-%d-%Y"),
    DateFormat.ISO: (),
}
_OUTPUT_FORMATS: dict[str, str] = {
    DateFormat.DAY_FIRST: "%d/%m/%Y",
    DateFormat.MONTH_FIRST: "%m/%d/%Y",
    DateFormat.ISO: ISO_INPUT,
}


def input_formats(date_format: str) -> list[str]:
    """The ``strptime`` formats a date typed at a clinic may take: its own format first, then ISO."""
    return [*_INPUT_FORMATS[date_format], ISO_INPUT]


def output_format(date_format: str) -> str:
    return _OUTPUT_FORMATS[date_format]


def parse_date(text: str, date_format: str) -> date | None:
    """The date ``text`` means at a clinic writing dates as ``date_format``, or None if it is no date."""
    text = text.strip()
    for pattern in input_formats(date_format):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
