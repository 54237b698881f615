"""The drawn start and end pictures of a library exercise, shared by the picture view and the template
tag that puts them on pages and in the PDF."""

from __future__ import annotations

import logging

from plans.models import Exercise
from plans.render.poses import pose_svg

logger = logging.getLogger(__name__)

WHICH = {"start": "Start", "end": "End"}


def picture_alt(exercise: Exercise, which: str) -> str:
    return getattr(exercise, f"{which}_picture_alt") or f"{exercise.name}: {WHICH[which].lower()} position."


def drawn_svg(exercise: Exercise, which: str) -> str | None:
    """The drawn picture's SVG, or None when the exercise has no pose (or one that cannot be drawn)."""
    pose = getattr(exercise, f"{which}_pose")
    if not pose:
        return None
    try:
        return pose_svg(pose, alt=picture_alt(exercise, which))
    except ValueError:
        logger.warning("The %s pose of exercise %s cannot be drawn", which, exercise.slug, exc_info=True)
        return None
