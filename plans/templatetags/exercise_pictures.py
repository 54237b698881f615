"""The start and end pictures of a library exercise, for cards, the plan editor and the PDF."""

from __future__ import annotations

from django import template

from plans.models import Exercise

register = template.Library()


@register.inclusion_tag("plans/_exercise_pictures.html")
def exercise_pictures(exercise: Exercise, *, size: str = "card") -> dict[str, object]:
    """``size`` is "card" (portal and staff pages), "preview" (plan editor) or "print" (PDF)."""
    return {"exercise": exercise, "size": size}
