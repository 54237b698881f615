"""Which dates a clinical record may carry."""

from typing import Protocol

from django.core.exceptions import ValidationError

from clinic import dates
from patients.models import Episode

__all__ = ["episode_day_error", "planned_day_error"]


def episode_day_error(day, episode: Episode, what: str) -> str | None:
    """Why ``day`` cannot be the date of something that already happened in ``episode``, if it cannot."""
    if day > dates.today():
        return f"The {what} date cannot be in the future."
    if day < episode.onset_date:
        return f"The {what} cannot be before the episode's onset date ({episode.onset_date:%d %b %Y})."
    return None


class EpisodeRow(Protocol):
    @property
    def episode_id(self) -> int | None: ...
    @property
    def episode(self) -> Episode: ...


def validate_episode_day(record: EpisodeRow, field: str, what: str) -> None:
    """``episode_day_error`` for the day in ``record.<field>``, raised on that field (for ``clean``)."""
    day = getattr(record, field)
    if day is not None and record.episode_id is not None:
        if error := episode_day_error(day, record.episode, what):
            raise ValidationError({field: error})


def planned_day_error(day, *, start, what: str) -> str | None:
    """Why ``day`` cannot be a planned date (a review, a goal) of a plan approved on ``start``."""
    horizon = dates.planning_horizon(start)
    if day > horizon:
        return f"Set a {what} within {dates.PLANNING_YEARS} years (by {horizon:%d %b %Y})."
    return None
