"""The start and end pictures of a library exercise, for cards, the plan editor and the PDF.

An uploaded picture (``Exercise.start_picture`` / ``end_picture``) replaces the drawn one. Pages get
an uploaded picture from the ``plans:exercise-picture`` view; the PDF gets it as a data: URI read from
storage, since WeasyPrint fetches no URLs here. A drawn picture is always a data: URI of the SVG that
``plans.render.poses`` makes from the exercise's pose, which browsers and WeasyPrint both show."""

from __future__ import annotations

import base64
import logging
import mimetypes
from dataclasses import dataclass

from django import template
from django.urls import reverse

from plans.clinical import instructions
from plans.models import Exercise
from plans.render.poses import pose_svg

register = template.Library()
logger = logging.getLogger(__name__)

SIZES = ("card", "preview", "print")
WHICH = {"start": "Start", "end": "End"}


@dataclass(frozen=True)
class Picture:
    label: str
    src: str
    alt: str


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


def _data_uri(content: bytes, content_type: str) -> str:
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


def _uploaded_data_uri(upload) -> str | None:
    try:
        with upload.open("rb") as stored:
            content = stored.read()
    except OSError:
        logger.warning("The uploaded picture %s cannot be read", upload.name, exc_info=True)
        return None
    return _data_uri(content, mimetypes.guess_type(upload.name)[0] or "application/octet-stream")


def picture_source(exercise: Exercise, which: str, size: str) -> str | None:
    upload = getattr(exercise, f"{which}_picture")
    if upload:
        if size != "print":
            url = reverse("plans:exercise-picture", kwargs={"pk": exercise.pk, "which": which})
            return f"{url}?v={int(exercise.updated_at.timestamp())}"
        if (uri := _uploaded_data_uri(upload)) is not None:
            return uri
    svg = drawn_svg(exercise, which)
    return None if svg is None else _data_uri(svg.encode(), "image/svg+xml")


def exercise_picture_list(exercise: Exercise, size: str) -> list[Picture]:
    pictures = []
    for which, label in WHICH.items():
        if (src := picture_source(exercise, which, size)) is not None:
            pictures.append(Picture(label=label, src=src, alt=picture_alt(exercise, which)))
    return pictures


@register.inclusion_tag("plans/_exercise_pictures.html")
def exercise_pictures(exercise: Exercise, *, size: str = "card") -> dict[str, object]:
    """``size`` is "card" (portal and staff pages), "preview" (plan editor) or "print" (PDF)."""
    if size not in SIZES:
        raise template.TemplateSyntaxError(f"exercise_pictures size must be one of {', '.join(SIZES)}.")
    return {"pictures": exercise_picture_list(exercise, size), "size": size}


@register.inclusion_tag("plans/_exercise_preview.html")
def exercise_preview(exercise_id: object, exercises: dict[int, Exercise] | None) -> dict[str, object]:
    """The plan editor's preview of the exercise chosen in a row: its pictures and steps, read from the
    exercises the editor already loaded (``exercises`` by id), so a row costs no query."""
    try:
        exercise = (exercises or {}).get(int(str(exercise_id)))
    except ValueError:
        exercise = None
    steps = instructions.steps(exercise.instructions) if exercise is not None else []
    return {"exercise": exercise, "steps": steps}
