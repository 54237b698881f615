"""The plan editor's search of the library: approved exercises by words of their name or steps, kind,
target region and level, in one query however large the library."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When

from plans.models import Exercise

# Enough to scan on one screen; a longer list asks for more words instead.
SHOWN = 12
MAX_WORDS = 6


@dataclass(frozen=True)
class ExerciseSearch:
    exercises: list[Exercise]
    more: bool  # more exercises match than are shown


def exercise_search(
    *, text: str = "", kind: str = "", region: str = "", level: int | None = None, shown: int = SHOWN
) -> ExerciseSearch:
    """Every word must be in the name or the instructions; exercises named by the search come first."""
    exercises = Exercise.objects.filter(approved=True)
    words = text.split()[:MAX_WORDS]
    for word in words:
        exercises = exercises.filter(Q(name__icontains=word) | Q(instructions__icontains=word))
    if kind:
        exercises = exercises.filter(kind=kind)
    if region:
        exercises = exercises.filter(target_region=region)
    if level is not None:
        exercises = exercises.filter(level=level)
    if words:
        named = Q(*(Q(name__icontains=word) for word in words))
        exercises = exercises.annotate(
            named_first=Case(When(named, then=Value(0)), default=Value(1), output_field=IntegerField())
        ).order_by("named_first", "name", "pk")
    else:
        exercises = exercises.order_by("name", "pk")
    found = list(exercises[: shown + 1])
    return ExerciseSearch(exercises=found[:shown], more=len(found) > shown)
