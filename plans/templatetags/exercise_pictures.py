"""The start and end pictures of a library exercise, for cards, the plan editor and the PDF.

An uploaded picture (``Exercise.start_picture`` / ``end_picture``) replaces the drawn one. Pages load
either from the ``plans:exercise-picture`` view, which browsers cache; the PDF embeds it as a data: URI
(the upload read from storage, or the SVG ``plans.render.poses`` draws), since WeasyPrint fetches no
URLs here."""

from __future__ import annotations

import base64
import logging
import mimetypes
from dataclasses import dataclass

from django import template
from django.urls import reverse

from plans.clinical import instructions
from plans.clinical.dose import hold_as_prescribed
from plans.models import Exercise
from plans.render.pictures import WHICH, drawn_svg, picture_alt
from plans.render.poses import RENDERER_VERSION

register = template.Library()
logger = logging.getLogger(__name__)

SIZES = ("card", "preview", "print")


@dataclass(frozen=True)
class Picture:
    label: str
    src: str
    alt: str


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
    if not upload and not getattr(exercise, f"{which}_pose"):
        return None
    if size != "print":
        url = reverse("plans:exercise-picture", kwargs={"pk": exercise.pk, "which": which})
        return f"{url}?v={int(exercise.updated_at.timestamp())}-{RENDERER_VERSION}"
    if upload and (uri := _uploaded_data_uri(upload)) is not None:
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


@register.filter
def instruction_steps(text: str) -> list[str]:
    """An exercise's instructions as numbered steps, for previews of library search results."""
    return instructions.steps(text)


@register.filter(name="hold_as_prescribed")
def hold_as_prescribed_filter(exercise: Exercise) -> tuple[int | None, str]:
    """A library exercise's default hold as the editor enters it: (amount, unit)."""
    return hold_as_prescribed(exercise.hold_seconds, exercise.kind)
