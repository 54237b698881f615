"""A pain flare after home exercise: pain after the session at least 3 points above pain before
(clinical-reference: a rise of 3 or more on the 0-10 scale is worth a therapist's look)."""

FLARE_POINTS = 3


def is_flare(pain_before: int, pain_after: int) -> bool:
    return pain_after - pain_before >= FLARE_POINTS
